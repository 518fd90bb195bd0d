"""Load the demonstration data set: the seed article, its claims in every workflow state, and
the Russian versions of some of its checks."""

import json
import os
from datetime import timedelta
from pathlib import Path

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from claims import workflow
from claims.models import (
    Appearance,
    ChecklistItem,
    Claim,
    CorrectionRequest,
    Evidence,
    Page,
    Priority,
    Rating,
    Source,
    Speaker,
    Topic,
)

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"

# Which transitions, and by whom, take a new draft to each demo state.
PATHS = {
    "draft": [],
    "researching": [("start_research", "researcher")],
    "in_review": [("start_research", "researcher"), ("submit", "researcher")],
    "published": [
        ("start_research", "researcher"),
        ("submit", "researcher"),
        ("publish", "editor"),
    ],
    "not_checkable": [("mark_not_checkable", "editor")],
}


class Command(BaseCommand):
    help = "Load the demo article, claims and users. Safe to run again: nothing is duplicated."

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD", "factcheck-demo")
        data = json.loads((DEMO_DIR / "demo.json").read_text(encoding="utf-8"))
        with transaction.atomic():
            users = self.load_users(password)
            created = self.load_claims(data, users)
            for page in data["pages"]:
                Page.objects.get_or_create(slug=page["slug"], defaults=page)
            self.load_appearances(data, users["editor"])
            # After the claims: the demo's checks were published before the desk kept a checklist.
            for item in data["checklist"]:
                ChecklistItem.objects.get_or_create(text=item["text"], defaults=item)
            self.load_versions(data, users)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {created} new claim(s), "
                f"{Claim.objects.listed().count()} published check(s)."
            )
        )
        self.stdout.write(f"Logins at /admin/: researcher, editor and admin — password: {password}")

    def load_users(self, password):
        users = {}
        for username, group, superuser in [
            ("researcher", "Researcher", False),
            ("editor", "Editor", False),
            ("admin", None, True),
        ]:
            user, _ = User.objects.get_or_create(
                username=username,
                defaults={
                    "is_staff": True,
                    "is_superuser": superuser,
                    "first_name": username.title(),
                },
            )
            user.set_password(password)
            user.email = user.email or f"{username}@example.org"
            user.save(update_fields=["password", "email"])
            if group:
                user.groups.add(Group.objects.get(name=group))
            users[username] = user
        return users

    def load_claims(self, data, users):
        text = (DEMO_DIR / "article.txt").read_text(encoding="utf-8")
        source, _ = Source.objects.get_or_create(
            title=data["source"]["title"], defaults={**data["source"], "text": text}
        )
        speakers = {
            s["name"]: Speaker.objects.get_or_create(name=s["name"], defaults=s)[0]
            for s in data["speakers"]
        }
        topics = {name: Topic.objects.get_or_create(name=name)[0] for name in data["topics"]}
        ratings = {r.slug: r for r in Rating.objects.all()}
        created = 0
        for item in data["claims"]:
            if Claim.objects.filter(slug=item["slug"]).exists():
                continue
            created += 1
            start = text.index(item["text"])
            claim = Claim.objects.create(
                slug=item["slug"],
                text=item["text"],
                language=item.get("language", "en"),
                original_wording=item.get("original_wording", ""),
                claim_reviewed=item.get("claim_reviewed", ""),
                speaker=speakers[item["speaker"]],
                source=source,
                start_offset=start,
                end_offset=start + len(item["text"]),
                claim_date=item.get("claim_date"),
                rating=ratings.get(item.get("rating")),
                ruling=item.get("ruling", ""),
                summary=item.get("summary", ""),
                notes=item.get("notes", ""),
                check_worthiness=item.get("check_worthiness"),
                researcher=users["researcher"] if item.get("assigned", True) else None,
                requested_reviewer=users.get(item.get("requested_reviewer")),
                due_date=(
                    timezone.localdate() + timedelta(days=item["due_in_days"])
                    if "due_in_days" in item
                    else None
                ),
                priority=item.get("priority", Priority.NORMAL),
            )
            claim.topics.set(topics[name] for name in item["topics"])
            for evidence in item.get("evidence", []):
                Evidence.objects.create(claim=claim, added_by=users["researcher"], **evidence)
            for name, actor in PATHS[item["status"]]:
                workflow.transition(claim, name, users[actor], comment=item.get("comment", ""))
            if "update" in item:
                workflow.correct(claim, users["editor"], item["update"], kind="update")
            for request in item.get("correction_requests", []):
                CorrectionRequest.objects.create(claim=claim, **request)
        return created

    def load_appearances(self, data, editor):
        """Confirmed appearances of demo checks, as if the monitor had found them (the demo
        watches no source: nothing is fetched at start)."""
        for item in data["appearances"]:
            speaker = item["speaker"]
            Appearance.objects.get_or_create(
                claim=Claim.objects.get(slug=item["claim"]),
                url=item["url"],
                defaults={
                    "text": item["text"],
                    "title": item["title"],
                    "said_on": item["said_on"],
                    "speaker": Speaker.objects.get_or_create(
                        name=speaker["name"], defaults=speaker
                    )[0],
                    "status": Appearance.Status.CONFIRMED,
                    "decided_by": editor,
                },
            )

    def load_versions(self, data, users):
        """The Russian version of each check that has one in the demo, written by the
        researcher and published by the editor (once: a version already there is kept)."""
        for item in data["claims"]:
            claim = Claim.objects.get(slug=item["slug"])
            if "russian" in item and not claim.language_versions.filter(language="ru").exists():
                workflow.submit_version(claim, "ru", users["researcher"], item["russian"])
                workflow.publish_version(claim, "ru", users["editor"])
