"""The public record: one revision per public change, chained by hashes no one can quietly
rewrite, shown to readers as a history with word-level changes and published as a log."""

import contextlib
import hashlib
import io
import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from claims import revisions, workflow
from claims.models import Claim, Revision
from tests.factories import ClaimFactory, EvidenceFactory, UserFactory, rating

pytestmark = pytest.mark.django_db


def verify_log():
    out = io.StringIO()
    call_command("verify_log", stdout=out)
    return out.getvalue()


@pytest.fixture
def published(ready_claim, editor):
    return workflow.transition(ready_claim, "publish", editor)


def kinds(claim):
    return list(claim.revisions.values_list("kind", flat=True))


def test_publishing_adds_one_publication_revision(published):
    assert kinds(published) == ["publication"]


def test_steps_before_publication_add_no_revision(researcher, editor):
    claim = ClaimFactory(rating=rating("false"), ruling="Wrong.")
    EvidenceFactory(claim=claim)
    workflow.transition(claim, "start_research", researcher)
    workflow.transition(claim, "submit", researcher)
    workflow.transition(claim, "send_back", editor, comment="Needs a second source.")
    assert Revision.objects.count() == 0


def test_each_correction_update_and_retraction_adds_one_revision(published, editor):
    workflow.correct(published, editor, "The verdict was too kind.", rating=rating("false"))
    workflow.correct(published, editor, "New figures came out.", kind="update")
    workflow.transition(published, "retract", editor, comment="The check was wrong.")
    assert kinds(published) == ["publication", "correction", "update", "retraction"]
    assert list(published.revisions.values_list("note", flat=True)) == [
        "",
        "The verdict was too kind.",
        "New figures came out.",
        "The check was wrong.",
    ]


def test_a_refused_correction_adds_no_revision(published, researcher):
    with pytest.raises(workflow.WorkflowError):
        workflow.correct(published, researcher, "Not mine to correct.", ruling="Other.")
    assert kinds(published) == ["publication"]


def test_a_revision_holds_what_readers_saw_as_canonical_json(published):
    revision = published.revisions.get()
    content = json.loads(revision.content)
    assert content["verdict"] == {"slug": "mostly-true", "name": "Mostly true"}
    assert content["ruling"] == "The figures match the official statistics."
    assert content["evidence"][0]["stance"] == "supports"
    assert content["credits"] == {
        "researched_by": "factcheck demo desk",
        "reviewed_by": "factcheck demo desk",
    }
    assert revision.content == json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    assert revision.content_hash == hashlib.sha256(revision.content.encode()).hexdigest()


def test_revisions_of_all_checks_form_one_chain(published, editor):
    other = ClaimFactory(published=True)
    workflow.correct(published, editor, "A date was wrong.", ruling="Corrected ruling.")
    chain = list(Revision.objects.order_by("sequence"))
    assert [r.claim_id for r in chain] == [published.pk, other.pk, published.pk]
    assert chain[0].previous_hash == revisions.GENESIS
    assert [r.previous_hash for r in chain[1:]] == [r.hash for r in chain[:-1]]
    assert "3 revision(s) verified" in verify_log()


def test_the_chain_verifies_after_the_demo():
    call_command("load_demo", stdout=io.StringIO())
    demining = Claim.objects.get(slug="next-demining-work-june-20-until-end-of-month")
    assert kinds(demining) == ["publication", "update"]
    assert Revision.objects.count() == Claim.objects.listed().count() + 1
    assert "intact" in verify_log()


@pytest.mark.parametrize(
    "tamper, named",
    [
        (
            "UPDATE claims_revision SET content = replace(content, 'Close enough', 'Spot on') "
            "WHERE sequence = 2",
            "Revision 2 (correction",
        ),
        ("UPDATE claims_revision SET note = 'Nothing happened.' WHERE sequence = 2", "Revision 2"),
        ("DELETE FROM claims_revision WHERE sequence = 2", "Revision 3 (update"),
    ],
)
def test_verify_log_names_the_first_revision_altered_in_the_database(
    published, editor, tamper, named
):
    workflow.correct(published, editor, "Clearer wording.", summary="Close enough.")
    workflow.correct(published, editor, "A new source.", kind="update")
    assert "3 revision(s) verified" in verify_log()
    revisions.remove(connection)  # what only a deliberate attack on the database would do
    with connection.cursor() as cursor:
        cursor.execute(tamper)
    with pytest.raises(CommandError) as refused:
        verify_log()
    assert str(refused.value).startswith(named)
    assert "does not match" in str(refused.value)


@pytest.mark.parametrize(
    "statement",
    ["UPDATE claims_revision SET note = 'x'", "DELETE FROM claims_revision"],
)
def test_the_database_refuses_to_change_or_delete_a_revision(published, statement):
    refused = pytest.raises(DatabaseError, match="append-only")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert published.revisions.get().note == ""


def test_the_triggers_come_back_after_migrate():
    revisions.remove(connection)  # as when SQLite rebuilds the table in a migration
    call_command("migrate", verbosity=0)
    ClaimFactory(published=True)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Revision.objects.update(note="x")


def test_the_history_page_shows_a_changed_verdict_word(client, published, editor):
    workflow.correct(published, editor, "The figures were revised.", rating=rating("false"))
    response = client.get(f"/claims/{published.slug}/history/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<del><span class="visually-hidden">[removed:] </span>Mostly true</del>' in page
    assert '<ins><span class="visually-hidden">[added:] </span>False</ins>' in page
    assert "The figures were revised." in page
    assert page.index("Correction,") < page.index("Publication,")  # newest first


def test_the_history_diff_is_word_level():
    assert revisions.word_diff("the rate rose by 5%", "the rate fell by 5%") == [
        ("equal", "the rate"),
        ("delete", "rose"),
        ("insert", "fell"),
        ("equal", "by 5%"),
    ]


def test_the_history_escapes_what_it_shows(client, editor):
    claim = ClaimFactory(published=True)
    workflow.correct(claim, editor, "<script>alert(1)</script>", ruling="<b>bold</b> claim")
    page = client.get(f"/claims/{claim.slug}/history/").content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "<b>bold" not in page


def test_the_check_page_links_its_history(client, published):
    page = client.get(published.get_absolute_url()).content.decode()
    assert f'href="/claims/{published.slug}/history/"' in page


def test_drafts_have_no_history_page(client):
    claim = ClaimFactory()
    assert client.get(f"/claims/{claim.slug}/history/").status_code == 404


def recomputed(entry):
    """The hash of a log entry, computed as the README tells readers to."""
    header = {k: entry[k] for k in ("sequence", "check", "kind", "note", "at")}
    header |= {"content_hash": entry["content_hash"], "previous_hash": entry["previous_hash"]}
    text = json.dumps(header, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def test_anyone_can_verify_the_public_log_and_a_check_against_it(client, published, editor):
    workflow.correct(published, editor, "The verdict changed.", rating=rating("half-true"))
    ClaimFactory(published=True)
    log = client.get("/transparency/log.json").json()
    assert log["count"] == 3
    previous = "0" * 64
    for entry in log["results"]:
        assert entry["previous_hash"] == previous
        assert hashlib.sha256(entry["content"].encode()).hexdigest() == entry["content_hash"]
        assert recomputed(entry) == entry["hash"]
        previous = entry["hash"]
    latest = [e for e in log["results"] if e["check"] == published.slug][-1]
    record = client.get(f"/api/claims/{published.slug}.json").json()
    content = json.loads(latest["content"])
    assert (content["verdict"]["slug"], content["ruling"]) == (record["rating"], record["ruling"])


def test_the_log_is_paged_and_refuses_a_bad_page(client):
    for _ in range(3):
        ClaimFactory(published=True)
    first = client.get("/transparency/log.json").json()
    assert first["next"] is None and len(first["results"]) == 3
    response = client.get("/transparency/log.json?page=x")
    assert response.status_code == 400 and "Invalid page" in response.json()["error"]


def test_a_correction_shows_at_once_in_the_cached_history(
    client, published, editor, settings, django_capture_on_commit_callbacks
):
    settings.FACTCHECK_PAGE_CACHE = True
    url = f"/claims/{published.slug}/history/"
    assert "The date was wrong." not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.correct(published, editor, "The date was wrong.", summary="Still close.")
    assert "The date was wrong." in client.get(url).content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite takes one writer at a time, so appends cannot meet",
)
def test_two_publications_at_once_never_fork_the_chain(monkeypatch):
    editors = [UserFactory(role="Editor") for _ in range(2)]
    claims = []
    for _ in range(2):
        claim = ClaimFactory(
            status="in_review", researcher=UserFactory(role="Researcher"),
            rating=rating("false"), ruling="The records say otherwise.",
        )  # fmt: skip
        EvidenceFactory(claim=claim)
        claims.append(claim)
    start, both_appending = threading.Barrier(2), threading.Barrier(2)
    snapshot = revisions.snapshot

    def meet(claim):
        """Hold the first append until the second one gets this far too, if it can (it
        cannot while the first holds the chain's lock)."""
        with contextlib.suppress(threading.BrokenBarrierError):
            both_appending.wait(timeout=1)
        return snapshot(claim)

    monkeypatch.setattr(revisions, "snapshot", meet)

    def publish(claim, editor):
        try:
            start.wait()
            workflow.transition(Claim.objects.get(pk=claim.pk), "publish", editor)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(publish, claims, editors))

    assert Revision.objects.count() == 2
    assert "2 revision(s) verified" in verify_log()
