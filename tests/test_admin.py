import pytest
from django.urls import reverse

from claims import workflow
from claims.models import Claim, Evidence, ReviewEvent
from tests.factories import ClaimFactory, EvidenceFactory, SpeakerFactory, rating
from tests.forms import form_data

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:claims_claim_changelist")


def change_url(claim):
    return reverse("admin:claims_claim_change", args=[claim.pk])


def transition_url(claim):
    return reverse("admin:claims_claim_transition", args=[claim.pk])


def logged_in(client, user):
    client.force_login(user)
    return client


def press(client, claim, transition, version=None, **extra):
    """Press a workflow button on the claim's page, as the page would post it."""
    data = {"transition": transition, "version": claim.version if version is None else version}
    return client.post(transition_url(claim), {**data, **extra}, follow=True)


def edit_form(client, claim):
    response = client.get(change_url(claim))
    assert response.status_code == 200
    return form_data(response.text, "claim_form")


def test_inactive_user_cannot_log_in(client, inactive_editor):
    assert not client.login(username="gone", password="pw")


def test_researcher_creates_a_claim_assigned_to_them(client, researcher):
    logged_in(client, researcher)
    speaker = SpeakerFactory()
    data = form_data(client.get(reverse("admin:claims_claim_add")).text, "claim_form")
    data.update(
        {
            "text": "Kazakhstan blocked 1,700 wagons",
            "speaker": speaker.pk,
            "evidence-TOTAL_FORMS": "1",
            "evidence-0-url": "https://example.org/denial",
            "evidence-0-title": "Railway denial",
            "evidence-0-stance": "refutes",
        }
    )
    response = client.post(reverse("admin:claims_claim_add"), data)
    assert response.status_code == 302, response.context["errors"]
    claim = Claim.objects.get(text="Kazakhstan blocked 1,700 wagons")
    assert (claim.status, claim.researcher) == ("draft", researcher)
    assert claim.evidence.get().added_by == researcher


def test_evidence_with_a_javascript_url_is_refused_and_nothing_saved(client, researcher):
    claim = ClaimFactory(researcher=researcher)
    logged_in(client, researcher)
    data = edit_form(client, claim)
    data.update(
        {
            "text": "Changed text",
            "evidence-TOTAL_FORMS": "1",
            "evidence-0-url": "javascript:alert(1)",
            "evidence-0-title": "Bad link",
            "evidence-0-stance": "supports",
        }
    )
    response = client.post(change_url(claim), data)
    assert response.status_code == 200
    assert "Enter a valid URL" in response.text or "http:// or https://" in response.text
    claim.refresh_from_db()
    assert claim.text != "Changed text"
    assert not Evidence.objects.exists()


def test_second_save_of_a_stale_form_is_refused_and_the_first_kept(client, editor, second_editor):
    claim = ClaimFactory(status="researching", text="Original")
    first = logged_in(client, editor)
    stale = edit_form(first, claim)
    from django.test import Client

    other = logged_in(Client(), second_editor)
    fresh = edit_form(other, claim)
    fresh["text"] = "First editor's text"
    assert other.post(change_url(claim), fresh).status_code == 302

    stale["text"] = "Second editor's text"
    response = first.post(change_url(claim), stale)
    assert response.status_code == 200
    assert "Someone else saved this claim after you opened it" in response.text
    claim.refresh_from_db()
    assert claim.text == "First editor's text"


def test_change_page_offers_the_allowed_transitions_as_buttons(client, editor, ready_claim):
    html = logged_in(client, editor).get(change_url(ready_claim)).text
    assert 'value="publish"' in html
    assert 'value="send_back"' in html
    assert 'value="submit"' not in html


def test_researcher_sees_no_publish_button(client, researcher, ready_claim):
    html = logged_in(client, researcher).get(change_url(ready_claim)).text
    assert 'value="publish"' not in html


def test_publish_button_publishes_through_the_workflow(client, editor, ready_claim):
    response = press(logged_in(client, editor), ready_claim, "publish")
    assert "Done: the claim is now published." in response.text
    ready_claim.refresh_from_db()
    assert ready_claim.status == "published"
    assert ReviewEvent.objects.filter(claim=ready_claim, to_status="published").exists()


def test_refused_transition_says_why_and_changes_nothing(client, researcher, ready_claim):
    response = press(logged_in(client, researcher), ready_claim, "publish")
    assert "Not done: You do not have permission to publish." in response.text
    ready_claim.refresh_from_db()
    assert ready_claim.status == "in_review"


def test_two_person_rule_is_explained_in_the_desk(client, editor):
    claim = ClaimFactory(status="in_review", researcher=editor, rating=rating("true"), ruling="R")
    EvidenceFactory(claim=claim)
    response = press(logged_in(client, editor), claim, "publish")
    assert "Two-person rule" in response.text


def test_transition_with_a_stale_version_is_refused(client, editor, ready_claim):
    response = press(logged_in(client, editor), ready_claim, "publish", ready_claim.version - 1)
    assert "Someone else changed this claim" in response.text
    ready_claim.refresh_from_db()
    assert ready_claim.status == "in_review"


def test_published_check_is_read_only_in_the_desk(client, editor):
    claim = ClaimFactory(published=True, text="Published words")
    logged_in(client, editor)
    html = client.get(change_url(claim)).text
    assert 'name="text"' not in html
    assert "Issue a correction or update" in html
    data = {"text": "Rewritten", "seen_version": claim.version}
    assert client.post(change_url(claim), data).status_code == 409
    claim.refresh_from_db()
    assert claim.text == "Published words"


def test_saving_a_claim_published_meanwhile_says_so_and_gives_back_the_text(
    client, editor, second_editor, ready_claim
):
    form = edit_form(logged_in(client, editor), ready_claim)
    workflow.transition(ready_claim, "publish", second_editor)

    response = client.post(
        change_url(ready_claim), {**form, "ruling": "My longer ruling, typed for an hour."}
    )

    assert response.status_code == 409
    assert "while you were editing, this claim was published" in response.text
    assert "through a public correction" in response.text
    assert "My longer ruling, typed for an hour." in response.text
    assert reverse("admin:claims_claim_correct", args=[ready_claim.pk]) in response.text
    ready_claim.refresh_from_db()
    assert ready_claim.ruling == "The figures match the official statistics."


def test_a_forbidden_transition_is_refused_for_permission_before_the_version(client, researcher):
    claim = ClaimFactory(published=True, researcher=researcher)
    response = press(logged_in(client, researcher), claim, "retract", claim.version - 1)
    assert "You do not have permission to retract." in response.text
    assert "Someone else changed" not in response.text
    claim.refresh_from_db()
    assert claim.status == "published"


def test_correction_form_changes_the_verdict_publicly(client, editor):
    claim = ClaimFactory(published=True, rating=rating("false"))
    logged_in(client, editor)
    url = reverse("admin:claims_claim_correct", args=[claim.pk])
    data = form_data(client.get(url).text, "correction_form")
    data.update({"kind": "correction", "note": "A new report.", "rating": rating("half-true").pk})
    response = client.post(url, data)
    assert response.status_code == 302
    page = client.get(claim.get_absolute_url()).text
    assert "Verdict changed from <strong>False</strong> to <strong>Half true</strong>" in page


def test_correction_without_note_is_refused(client, editor):
    claim = ClaimFactory(published=True)
    logged_in(client, editor)
    url = reverse("admin:claims_claim_correct", args=[claim.pk])
    data = form_data(client.get(url).text, "correction_form")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "This field is required" in response.text
    assert not claim.corrections.exists()


def test_bulk_publish_reports_each_refusal(client, editor, ready_claim):
    incomplete = ClaimFactory(status="in_review", researcher=ready_claim.researcher)
    logged_in(client, editor)
    confirm = client.post(
        CHANGELIST, {"action": "bulk_publish", "_selected_action": [ready_claim.pk, incomplete.pk]}
    )
    response = client.post(CHANGELIST, form_data(confirm.text, "bulk_transition_form"), follow=True)
    assert "Publish: done for 1 claim." in response.text
    assert "Publishing needs a rating." in response.text
    ready_claim.refresh_from_db()
    incomplete.refresh_from_db()
    assert (ready_claim.status, incomplete.status) == ("published", "in_review")


def test_bulk_send_back_asks_for_a_comment_first(client, editor, ready_claim):
    logged_in(client, editor)
    data = {"action": "bulk_send_back", "_selected_action": [ready_claim.pk]}
    response = client.post(CHANGELIST, data)
    assert "Comment (required" in response.text
    ready_claim.refresh_from_db()
    assert ready_claim.status == "in_review"
    confirmed = form_data(response.text, "bulk_transition_form")
    client.post(CHANGELIST, {**confirmed, "comment": "Needs a source."})
    ready_claim.refresh_from_db()
    assert ready_claim.status == "researching"


def test_researcher_has_no_publish_bulk_action(client, researcher):
    ClaimFactory()
    html = logged_in(client, researcher).get(CHANGELIST).text
    assert 'value="bulk_submit"' in html
    assert 'value="bulk_publish"' not in html


def test_my_work_filters(client, editor, researcher):
    mine = ClaimFactory(status="researching", researcher=editor, text="Assigned to editor")
    review = ClaimFactory(status="in_review", researcher=researcher, text="Waiting for review")
    logged_in(client, editor)
    assigned = client.get(CHANGELIST, {"mine": "assigned"}).text
    assert mine.text in assigned and review.text not in assigned
    awaiting = client.get(CHANGELIST, {"mine": "review"}).text
    assert review.text in awaiting and mine.text not in awaiting


def test_speaker_filter_is_typed_not_listed(client, editor):
    ClaimFactory(speaker__name="Kassym-Jomart Tokayev", text="Tokayev claim")
    ClaimFactory(speaker__name="Maia Sandu", text="Sandu claim")
    html = logged_in(client, editor).get(CHANGELIST, {"speaker_name": "tokay"}).text
    assert "Tokayev claim" in html and "Sandu claim" not in html
    assert 'name="speaker_name"' in html


def test_history_is_shown_read_only(client, editor, ready_claim):
    workflow.transition(ready_claim, "send_back", editor, comment="Find the primary source.")
    html = logged_in(client, editor).get(change_url(ready_claim)).text
    assert "Find the primary source." in html
    assert 'name="events-0-comment"' not in html
