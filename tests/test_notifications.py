"""Mail to the desk's staff: each event reaches the right people and no one else, once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from claims import notifications, workflow
from claims.models import FailedTask, NotificationOptOut, ReviewEvent
from tests.factories import ClaimFactory, UserFactory, rating
from tests.forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    """Run what the action queued after commit (the test backend runs tasks at once)."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            result = action(*args, **kwargs)
        return result

    return run


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_submitting_tells_every_editor_who_can_be_reached(deliver, researcher, editor, settings):
    settings.FACTCHECK_SITE_URL = "https://checks.example.org"
    UserFactory(username="second", role="Editor")
    UserFactory(username="gone", role="Editor", is_active=False)
    UserFactory(username="no-address", role="Editor", email="")
    NotificationOptOut.objects.create(
        user=UserFactory(username="quiet", role="Editor"), kind="submitted"
    )
    UserFactory(username="colleague", role="Researcher")
    claim = ClaimFactory(status="researching", researcher=researcher, text="Bread costs 5 dollars")
    deliver(workflow.transition, claim, "submit", researcher)
    assert recipients() == ["editor@example.org", "second@example.org"]
    message = mail.outbox[0]
    assert message.subject == "For review: Bread costs 5 dollars"
    assert "researcher submitted this claim for review" in message.body
    assert f"https://checks.example.org/admin/claims/claim/{claim.pk}/change/" in message.body
    assert "https://checks.example.org/admin/preferences/" in message.body


def test_submitting_tells_only_the_requested_reviewer(deliver, researcher, editor):
    chosen = UserFactory(username="chosen", role="Editor")
    claim = ClaimFactory(status="researching", researcher=researcher, requested_reviewer=chosen)
    deliver(workflow.transition, claim, "submit", researcher)
    assert recipients() == ["chosen@example.org"]
    assert "asked you to review it" in mail.outbox[0].body


def test_sending_back_tells_the_researcher_with_the_comment(deliver, ready_claim, editor):
    deliver(workflow.transition, ready_claim, "send_back", editor, comment="Find a 2024 source.")
    assert recipients() == ["researcher@example.org"]
    assert "Find a 2024 source." in mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("Sent back: ")


def test_publishing_tells_the_researcher_with_the_public_link(
    deliver, ready_claim, editor, settings
):
    settings.FACTCHECK_SITE_URL = "https://checks.example.org"
    deliver(workflow.transition, ready_claim, "publish", editor)
    assert recipients() == ["researcher@example.org"]  # the editor who published is not told
    ready_claim.refresh_from_db()
    assert f"https://checks.example.org/claims/{ready_claim.slug}/" in mail.outbox[0].body
    assert "(Mostly true)" in mail.outbox[0].body


def test_a_correction_and_a_retraction_tell_the_researcher_and_the_reviewer(deliver, editor):
    claim = ClaimFactory(published=True)
    deliver(workflow.correct, claim, editor, "A later report.", rating=rating("half-true"))
    deliver(workflow.transition, claim, "retract", editor, comment="The source was forged.")
    people = sorted([claim.researcher.email, claim.reviewer.email])
    assert recipients() == sorted(people * 2)
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Corrected"] * 2 + ["Retracted"] * 2


def test_assigning_in_the_desk_tells_the_assignee_once(deliver, client, editor, researcher):
    claim = ClaimFactory(status="draft")
    reviewer = UserFactory(username="reviewer", role="Editor")
    client.force_login(editor)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    data = form_data(client.get(url).text, "claim_form")
    data.update(researcher=researcher.pk, requested_reviewer=reviewer.pk, due_date="2030-01-31")
    response = deliver(client.post, url, data)
    assert response.status_code == 302
    assert recipients() == ["researcher@example.org", "reviewer@example.org"]
    assert "editor assigned you to research this claim" in mail.outbox[0].body + mail.outbox[1].body
    assert "Due: Thursday 31 January 2030." in mail.outbox[0].body
    history = list(ReviewEvent.objects.filter(claim=claim).values_list("comment", flat=True))
    assert history == ["Assigned to research: researcher", "Assigned to review: reviewer"]

    data = form_data(client.get(url).text, "claim_form")
    deliver(client.post, url, {**data, "notes": "More to read."})
    assert len(mail.outbox) == 2


def test_an_event_sends_one_message_per_person_even_if_its_task_runs_twice(ready_claim, editor):
    args = ("sent_back", ready_claim.pk, editor.pk, "event-1", [ready_claim.researcher_id], "")
    notifications.send_event.call(*args)
    notifications.send_event.call(*args)
    assert len(mail.outbox) == 1


def test_a_kind_turned_off_in_the_preferences_page_is_not_sent(
    deliver, client, ready_claim, editor
):
    client.force_login(ready_claim.researcher)
    page = client.get(reverse("desk_preferences"))
    assert "A claim I research is sent back" in page.text
    data = form_data(page.text, "preferences_form")
    del data["sent_back"]
    assert client.post(reverse("desk_preferences"), data).status_code == 302
    deliver(workflow.transition, ready_claim, "send_back", editor, comment="Not yet.")
    assert mail.outbox == []
    shown = form_data(client.get(reverse("desk_preferences")).text, "preferences_form")
    assert "sent_back" not in shown and shown["published"] == "on"


def test_the_preferences_page_needs_a_login(client):
    response = client.get(reverse("desk_preferences"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_daily_digest_lists_what_is_overdue_or_due_tomorrow(researcher, editor):
    today = timezone.localdate()
    ClaimFactory(researcher=researcher, due_date=today - timedelta(days=2), text="Late one")
    ClaimFactory(researcher=researcher, due_date=today + timedelta(days=1), text="Close one")
    ClaimFactory(researcher=researcher, due_date=today + timedelta(days=5), text="Far one")
    ClaimFactory(
        published=True, researcher=researcher, due_date=today - timedelta(days=9), text="Done one"
    )
    ClaimFactory(requested_reviewer=editor, due_date=today, text="Today only")
    notifications.send_digests.call()
    notifications.send_digests.call()
    assert recipients() == ["researcher@example.org"]
    body = mail.outbox[0].body
    assert "Late one" in body and "Close one" in body
    assert "Far one" not in body and "Done one" not in body
    assert mail.outbox[0].subject == "Your desk: 1 overdue, 1 due tomorrow"


def test_mail_that_cannot_be_sent_is_retried_and_never_undoes_the_action(
    deliver, ready_claim, editor, monkeypatch
):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("SMTP server down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    deliver(workflow.transition, ready_claim, "publish", editor)
    ready_claim.refresh_from_db()
    assert ready_claim.status == "published"
    failure = FailedTask.objects.get()
    assert failure.task == "send_event" and failure.attempts == 5
    assert "SMTP server down" in failure.error
    monkeypatch.undo()  # the server is back: running the task again sends the message
    notifications.send_event.call(*failure.arguments["args"], **failure.arguments["kwargs"])
    assert recipients() == ["researcher@example.org"]
