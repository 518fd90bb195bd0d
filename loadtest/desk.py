"""The editor's side of the load test, through the ORM and claims.workflow.

    python loadtest/desk.py paths             public paths for the readers, one a line
    python loadtest/desk.py edit SECONDS      publish new checks and correct old ones
    python loadtest/desk.py verify BASE_URL   every published check is visible at BASE_URL

Run with the same environment (DATABASE_URL, CACHE_DIR, ...) as the server.
"""

import os
import sys
import time
import urllib.error
import urllib.request

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

import django

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.db import transaction  # noqa: E402
from django.urls import reverse  # noqa: E402

from claims import workflow  # noqa: E402
from claims.models import Claim, Evidence, Rating, Source, Speaker  # noqa: E402

# Seconds between two editorial actions: a busy newsroom, not a bulk import.
PACE = 0.5


def paths():
    listed = Claim.objects.listed().select_related("speaker", "source")
    found = ["/", "/claims/", "/claims/?rating=false", "/claims/?q=Russia", "/methodology/",
             "/corrections/", "/feeds/checks.rss", "/feeds/checks.atom",
             "/feeds/checks.rss?rating=false", "/feeds/corrections.rss", "/sitemap.xml",
             "/api/claims.json", "/claims.csv"]  # fmt: skip
    for claim in listed.prefetch_related("topics"):
        found += [claim.get_absolute_url(), claim.speaker.get_absolute_url()]
        found += [reverse("claims:api-claim", args=[claim.slug])]
        found += [reverse("claims:topic", args=[topic.slug]) for topic in claim.topics.all()]
        if claim.source:
            found.append(claim.source.get_absolute_url())
    print("\n".join(dict.fromkeys(found)))


def edit(seconds):
    researcher = User.objects.get(username="researcher")
    editor = User.objects.get(username="editor")
    speaker, source = Speaker.objects.first(), Source.objects.first()
    ratings = list(Rating.objects.all())
    deadline, published, corrected, n = time.monotonic() + seconds, 0, 0, 0
    while time.monotonic() < deadline:
        n += 1
        with transaction.atomic():
            claim = Claim.objects.create(
                text=f"Load-test claim {n} at {time.time():.3f}",
                speaker=speaker,
                source=source,
                rating=ratings[n % len(ratings)],
                ruling="Checked during the load test.",
                summary="A claim published under load.",
            )
            Evidence.objects.create(claim=claim, url="https://example.org/", title="Source")
        for name, actor in [("start_research", researcher), ("submit", researcher),
                            ("publish", editor)]:  # fmt: skip
            workflow.transition(claim, name, actor)
        published += 1
        time.sleep(PACE)
        old = Claim.objects.listed().order_by("?").first()
        workflow.correct(old, editor, f"Update {n} under load.", kind="update",
                         summary=f"Updated under load ({n}).")  # fmt: skip
        corrected += 1
        time.sleep(PACE)
    print(f"RESULT published={published} corrected={corrected}")


def verify(base):
    """Exit non-zero unless every published check has its page and the newest are in the feed."""
    missing = []
    listed = list(Claim.objects.listed().order_by("-published_at", "-pk"))
    for claim in listed:
        try:
            urllib.request.urlopen(base + claim.get_absolute_url()).close()
        except urllib.error.HTTPError:
            missing.append(claim.slug)
    with urllib.request.urlopen(base + "/feeds/checks.rss") as response:
        feed = response.read()
    missing += [f"feed:{c.slug}" for c in listed[:30] if c.get_absolute_url().encode() not in feed]
    print(f"RESULT published_checks={len(listed)} not_visible={len(missing)}")
    if missing:
        print("not visible:", *missing[:20])
        sys.exit(1)


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"paths": paths, "edit": lambda s: edit(float(s)), "verify": verify}[command](*args)
