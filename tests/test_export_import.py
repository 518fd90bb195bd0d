"""Nothing lost on the way out: export_checks and import_checks round-trip everything."""

import io
import json

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.core.management.color import no_style
from django.db import connection

from claims import revisions, workflow
from claims.models import (
    Byline,
    Claim,
    Correction,
    CorrectionRequest,
    Evidence,
    Page,
    Rating,
    ReviewEvent,
    Revision,
    Source,
    Speaker,
    Topic,
)

pytestmark = pytest.mark.django_db

TRACKER = [
    Rating, Topic, Speaker, Source, Page, Byline, Claim, Evidence, ReviewEvent, Correction,
    CorrectionRequest, Revision,
]  # fmt: skip
USER_COLUMNS = {"researcher_id", "reviewer_id", "added_by_id", "actor_id", "user_id"}


def snapshot():
    """Every row of the tracker, user references by username (user ids differ after import)."""
    usernames = dict(User.objects.values_list("pk", "username"))
    tables = {}
    for model in TRACKER:
        rows = list(model.objects.order_by("pk").values())
        for row in rows:
            for column in USER_COLUMNS & row.keys():
                row[column] = usernames.get(row[column])
        tables[model.__name__] = rows
    tables["claim topics"] = sorted(Claim.topics.through.objects.values_list("claim", "topic"))
    return tables


def empty_the_tracker():
    """As a new database: no rows, and id sequences starting again (PostgreSQL)."""
    revisions.remove(connection)  # a new database has no revisions to protect yet
    for model in reversed(TRACKER):
        model.objects.all().delete()
    revisions.install(connection)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), TRACKER):
            cursor.execute(sql)


@pytest.fixture
def demo_export(tmp_path):
    call_command("load_demo", stdout=io.StringIO())
    # A correction changing the verdict, so old and new ratings travel too.
    claim = Claim.objects.listed().first()
    workflow.correct(
        claim,
        User.objects.get(username="admin"),
        "New figures.",
        rating=Rating.objects.get(slug="true"),
    )
    Byline.objects.create(
        user=User.objects.get(username="editor"), display_name="Ed Itor", name_is_public=True
    )
    path = tmp_path / "checks.json"
    call_command("export_checks", str(path), stdout=io.StringIO())
    return path


def test_the_demo_data_round_trips_exactly(demo_export):
    before = snapshot()
    assert len(before["Claim"]) > 10 and before["Correction"] and before["ReviewEvent"]
    empty_the_tracker()

    call_command("import_checks", str(demo_export), stdout=io.StringIO())

    assert snapshot() == before


def test_the_chain_is_carried_unchanged_and_verifies_after_an_import(demo_export):
    chain = list(Revision.objects.values_list("sequence", "hash", "content"))
    assert len(chain) > 10
    empty_the_tracker()
    call_command("import_checks", str(demo_export), stdout=io.StringIO())
    assert list(Revision.objects.values_list("sequence", "hash", "content")) == chain
    out = io.StringIO()
    call_command("verify_log", stdout=out)
    assert f"{len(chain)} revision(s) verified" in out.getvalue()


def test_imported_checks_are_public_again(client, demo_export):
    published = [c.get_absolute_url() for c in Claim.objects.listed()]
    pages = [client.get(url).text for url in published]
    empty_the_tracker()
    call_command("import_checks", str(demo_export), stdout=io.StringIO())
    assert [client.get(url).text for url in published] == pages


def test_missing_users_are_created_inactive_and_existing_ones_matched(demo_export):
    researcher = User.objects.get(username="researcher")
    empty_the_tracker()
    User.objects.filter(username="editor").delete()

    call_command("import_checks", str(demo_export), stdout=io.StringIO())

    editor = User.objects.get(username="editor")
    assert not editor.is_active
    assert not editor.has_usable_password()
    assert list(editor.groups.values_list("name", flat=True)) == ["Editor"]
    assert Claim.objects.filter(reviewer=editor).exists()
    assert Claim.objects.filter(researcher=researcher).exists()
    assert User.objects.get(username="researcher").pk == researcher.pk


def test_the_export_carries_no_password_hashes(demo_export):
    text = demo_export.read_text()
    data = json.loads(text)
    assert {"researcher", "editor", "admin"} <= {u["username"] for u in data["users"]}
    assert all("password" not in user for user in data["users"])
    for user in User.objects.all():
        assert user.password not in text


def test_import_into_a_database_holding_claims_is_refused_and_changes_nothing(demo_export):
    before = snapshot()
    with pytest.raises(CommandError, match="empty database only"):
        call_command("import_checks", str(demo_export))
    assert snapshot() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "is not a JSON file"),
        ('{"format": "something-else"}', "not a factcheck export"),
        ('{"format": "factcheck-checks", "version": 99}', "version 99"),
        ('{"format": "factcheck-checks", "version": 1, "users": []}', "damaged"),
    ],
)
def test_a_file_that_is_not_an_export_is_refused_with_a_message(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    ratings = Rating.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("import_checks", str(path))
    assert Rating.objects.count() == ratings


def test_an_export_naming_an_unlisted_user_is_refused(demo_export):
    data = json.loads(demo_export.read_text())
    data["users"] = [u for u in data["users"] if u["username"] != "editor"]
    demo_export.write_text(json.dumps(data))
    empty_the_tracker()
    with pytest.raises(CommandError, match="names a user it does not list: 'editor'"):
        call_command("import_checks", str(demo_export))
    assert not Claim.objects.exists()


def test_new_records_can_be_added_after_an_import(demo_export):
    empty_the_tracker()
    call_command("import_checks", str(demo_export), stdout=io.StringIO())
    highest = Claim.objects.order_by("-pk").first().pk
    claim = Claim.objects.create(text="A new claim", speaker=Speaker.objects.first())
    evidence = Evidence.objects.create(claim=claim, url="https://example.org/", title="Report")
    assert claim.pk > highest
    assert evidence.pk > Evidence.objects.exclude(pk=evidence.pk).order_by("-pk").first().pk


def test_the_scale_and_pages_a_new_database_starts_with_make_way(demo_export):
    before = snapshot()
    empty_the_tracker()
    Rating.objects.create(name="Seeded", slug="seeded", description="From a migration.")
    Page.objects.create(slug="methodology", title="Seeded", body="From a migration.")

    call_command("import_checks", str(demo_export), stdout=io.StringIO())

    assert snapshot() == before


def test_an_export_with_a_script_link_is_refused(demo_export):
    data = json.loads(demo_export.read_text())
    evidence = next(row for row in data["objects"] if row["model"] == "claims.evidence")
    evidence["fields"]["url"] = "javascript:alert(document.cookie)"
    demo_export.write_text(json.dumps(data))
    empty_the_tracker()
    with pytest.raises(CommandError, match=f"evidence {evidence['pk']} is invalid: url: Enter"):
        call_command("import_checks", str(demo_export))
    assert not Claim.objects.exists()
