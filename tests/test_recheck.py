"""Checks that come due for re-checking: a broken evidence link, new data expected, or a long
time since the check was verified; an editor clears them by marking them re-verified."""

import datetime
import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from claims import recheck, workflow
from claims.models import Appearance, Claim, Evidence, ReviewEvent
from tests.factories import AppearanceFactory, ClaimFactory, EvidenceFactory

pytestmark = pytest.mark.django_db

DUE_LIST = reverse("admin:claims_claim_changelist") + "?recheck=due"


class _Handler(BaseHTTPRequestHandler):
    gone = set()  # paths that answer 404

    def do_HEAD(self):
        self.send_response(404 if self.path in self.gone else 200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def link_server(settings):
    settings.FACTCHECK_ALLOW_PRIVATE_ADDRESSES = True
    _Handler.gone = set()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def check_links():
    call_command("check_links", "--timeout", "5", stdout=io.StringIO())


def due_reasons():
    """{slug: reasons} of every check due now."""
    return {c.slug: recheck.reasons(c) for c in Claim.objects.due_for_recheck()}


@pytest.fixture
def check(link_server):
    claim = ClaimFactory(published=True)
    claim.evidence.update(url=f"{link_server}/report")
    return claim


def test_a_check_whose_evidence_link_breaks_comes_due(check, link_server):
    check_links()
    assert due_reasons() == {}
    _Handler.gone.add("/report")
    check_links()
    assert due_reasons() == {check.slug: ["an evidence link is broken"]}


def test_re_verifying_clears_a_broken_link_until_another_one_breaks(check, link_server, editor):
    _Handler.gone.add("/report")
    check_links()
    workflow.reverify(check, editor, "The archived copy still says the same.")
    check_links()  # still broken: not due again for the same link
    assert due_reasons() == {}
    EvidenceFactory(claim=check, url=f"{link_server}/other")
    _Handler.gone.add("/other")
    check_links()
    assert due_reasons() == {check.slug: ["an evidence link is broken"]}


def test_a_repaired_link_clears_the_reason(check):
    _Handler.gone.add("/report")
    check_links()
    _Handler.gone.clear()
    check_links()
    assert due_reasons() == {}


def verified_days_ago(check, days):
    Claim.objects.filter(pk=check.pk).update(
        last_verified=timezone.now() - datetime.timedelta(days=days)
    )


def test_a_check_comes_due_when_its_data_release_date_passes(editor):
    check = ClaimFactory(published=True)
    verified_days_ago(check, 10)
    today = timezone.localdate()
    check.evidence.update(next_release_on=today + datetime.timedelta(days=1))
    assert due_reasons() == {}
    assert Claim.objects.due_for_recheck(today=today + datetime.timedelta(days=1)).get() == check
    check.evidence.update(next_release_on=today)
    assert due_reasons() == {check.slug: ["new data expected since it was verified"]}
    workflow.reverify(check, editor, "The new release confirms the figures.")
    assert due_reasons() == {}


def test_a_check_comes_due_when_its_claim_is_confirmed_said_again(editor):
    check = ClaimFactory(published=True)
    verified_days_ago(check, 10)
    proposed = AppearanceFactory(claim=check)
    assert due_reasons() == {}  # proposed by the monitor, not yet confirmed
    proposed.decide(Appearance.Status.CONFIRMED, editor)
    assert due_reasons() == {check.slug: ["the claim was made again since it was verified"]}
    workflow.reverify(check, editor, "Said again; the figures still stand.")
    assert due_reasons() == {}


def test_a_check_not_verified_for_a_year_comes_due(editor, settings):
    check = ClaimFactory(published=True)
    verified_days_ago(check, 370)
    assert due_reasons() == {check.slug: ["not verified for 12 months"]}
    settings.FACTCHECK_RECHECK_MONTHS = 24
    assert due_reasons() == {}
    settings.FACTCHECK_RECHECK_MONTHS = 12
    workflow.reverify(check, editor)
    assert due_reasons() == {}


def test_checks_published_before_the_date_was_kept_count_from_publication():
    check = ClaimFactory(published=True, published_at=timezone.now() - datetime.timedelta(400))
    Claim.objects.filter(pk=check.pk).update(last_verified=None)
    assert due_reasons() == {check.slug: ["not verified for 12 months"]}


def test_a_correction_counts_as_verification(editor):
    check = ClaimFactory(published=True)
    check.evidence.update(next_release_on=timezone.localdate())
    verified_days_ago(check, 2)
    assert check.slug in due_reasons()
    workflow.correct(check, editor, "New figures.", kind="update", summary="Updated.")
    assert due_reasons() == {}


def test_drafts_and_retracted_checks_never_come_due(editor):
    retracted = ClaimFactory(published=True)
    workflow.transition(retracted, "retract", editor, comment="Wrong.")
    draft = ClaimFactory()
    EvidenceFactory(claim=draft, next_release_on=timezone.localdate())
    Evidence.objects.update(next_release_on=timezone.localdate())
    Claim.objects.update(last_verified=timezone.now() - datetime.timedelta(days=2))
    assert due_reasons() == {}


def test_re_verifying_is_logged_shown_to_readers_and_kept_as_a_revision(client, editor):
    check = ClaimFactory(published=True)
    long_ago = timezone.now() - datetime.timedelta(days=400)
    Claim.objects.filter(pk=check.pk).update(last_verified=long_ago)
    assert "Last verified: <time" in client.get(check.get_absolute_url()).text
    assert long_ago.strftime("%Y-%m-%d") in client.get(check.get_absolute_url()).text

    workflow.reverify(check, editor, "Figures checked against the 2026 release.")

    check.refresh_from_db()
    today = timezone.localdate().isoformat()
    assert check.last_verified.date().isoformat() == today
    page = client.get(check.get_absolute_url()).text
    assert f'datetime="{today}' in page.split("Last verified:")[1]
    record = client.get(f"/api/claims/{check.slug}.json").json()
    assert record["last_verified"].startswith(today)
    event = ReviewEvent.objects.filter(claim=check).last()
    assert event.actor == editor
    assert event.comment == "Re-verified, no change: Figures checked against the 2026 release."
    assert list(check.revisions.values_list("kind", flat=True)) == [
        "publication",
        "reverification",
    ]
    history = client.get(f"/claims/{check.slug}/history/").text
    assert "Re-verified, no change" in history and "No change to what readers see." in history


def test_only_editors_may_re_verify_published_checks(researcher, editor):
    with pytest.raises(workflow.WorkflowError, match="permission to re-verify"):
        workflow.reverify(ClaimFactory(published=True), researcher)
    with pytest.raises(workflow.WorkflowError, match="Only published checks can be re-verified"):
        workflow.reverify(ClaimFactory(), editor)


def test_the_desk_lists_due_checks_with_the_reason_and_re_verifies_them(client, editor):
    due = ClaimFactory(published=True, text="The port exported a record tonnage")
    ClaimFactory(published=True, text="The mayor opened a new bridge")
    due.evidence.update(next_release_on=timezone.localdate())
    verified_days_ago(due, 10)
    client.force_login(editor)

    listed = client.get(DUE_LIST).text
    assert "The port exported a record tonnage" in listed
    assert "new data expected since it was verified" in listed
    assert "The mayor opened a new bridge" not in listed

    change = reverse("admin:claims_claim_change", args=[due.pk])
    assert "Due for re-check: new data expected" in client.get(change).text
    response = client.post(
        reverse("admin:claims_claim_reverify", args=[due.pk]),
        {"version": due.version, "note": "Checked the new release."},
        follow=True,
    )
    assert "Recorded" in response.text
    assert "The port exported a record tonnage" not in client.get(DUE_LIST).text


def test_a_stale_re_verification_form_is_refused(client, editor):
    check = ClaimFactory(published=True)
    client.force_login(editor)
    response = client.post(
        reverify_url := reverse("admin:claims_claim_reverify", args=[check.pk]),
        {"version": check.version - 1},
        follow=True,
    )
    assert "Someone else changed this claim" in response.text
    assert check.revisions.count() == 1
    assert client.get(reverify_url).status_code == 302


def test_months_before_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    moment = datetime.datetime(2026, 3, 31, 12, tzinfo=datetime.UTC)
    assert recheck.months_before(moment, 1) == datetime.datetime(
        2026, 2, 28, 12, tzinfo=datetime.UTC
    )
    assert recheck.months_before(moment, 12) == datetime.datetime(
        2025, 3, 31, 12, tzinfo=datetime.UTC
    )


def test_editors_set_a_release_date_on_a_published_checks_evidence_and_nothing_else(
    client, editor, researcher
):
    check = ClaimFactory(published=True)
    evidence = check.evidence.get()
    url = reverse("admin:claims_evidence_change", args=[evidence.pk])
    data = {"next_release_on": "2027-01-15", "url": "https://example.org/other", "title": "Other"}
    client.force_login(researcher)
    assert client.post(url, data).status_code == 403
    assert Evidence.objects.get(pk=evidence.pk).next_release_on is None
    client.force_login(editor)
    assert client.post(url, data).status_code == 302
    evidence.refresh_from_db()
    assert evidence.next_release_on == datetime.date(2027, 1, 15)
    assert (evidence.url, evidence.title) != ("https://example.org/other", "Other")
