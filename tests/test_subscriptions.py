"""Readers subscribe by email, confirm, get each new check once, and unsubscribe in one click."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from claims import workflow
from claims.models import Subscription
from claims.subscriptions import send_digests
from tests.factories import ClaimFactory, SpeakerFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.FACTCHECK_SITE_URL = "https://checks.example"


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def subscribe(client, run_tasks, **data):
    with run_tasks():
        response = client.post("/subscribe/", {"frequency": "each", **data})
    assert response.status_code == 302, response.content
    return response


def readers_mail():
    """What readers were sent (the staff who worked on a check are told of it too: see
    tests/test_notifications.py)."""
    staff = set(User.objects.values_list("email", flat=True))
    return [message for message in mail.outbox if message.to[0] not in staff]


def link(message, path):
    return re.search(rf"https://checks\.example({path}[^\s]+/)", message.body).group(1)


def confirmed(client, run_tasks, **data):
    subscribe(client, run_tasks, **data)
    assert client.get(link(readers_mail()[-1], "/subscribe/confirm/")).status_code == 200


def publish(run_tasks, **kwargs):
    """A check published through the workflow, with what its publication queues run."""
    with run_tasks():
        return ClaimFactory(published=True, **kwargs)


def test_nothing_is_sent_before_the_address_is_confirmed(client, run_tasks, editor):
    subscribe(client, run_tasks, email="ann@example.org")
    (confirmation,) = readers_mail()
    assert confirmation.to == ["ann@example.org"]
    assert "/subscribe/confirm/" in confirmation.body
    publish(run_tasks)
    assert len(readers_mail()) == 1  # unconfirmed: no check sent
    response = client.get(link(confirmation, "/subscribe/confirm/"))
    assert "Subscribed" in response.text
    assert Subscription.objects.get().confirmed_at is not None


def test_a_confirmed_subscriber_gets_each_new_check_once(client, run_tasks, editor):
    confirmed(client, run_tasks, email="ann@example.org")
    mail.outbox.clear()
    claim = publish(run_tasks, text="Coal exports doubled")
    (message,) = readers_mail()
    assert "Coal exports doubled" in message.body
    assert f"https://checks.example{claim.get_absolute_url()}" in message.body
    with run_tasks():
        workflow.correct(claim, editor, "Updated figures.", summary="Still no.")
    assert len(readers_mail()) == 1  # a correction is not a new check


def test_one_message_per_check_for_an_address_with_several_matching_subscriptions(
    client, run_tasks, editor
):
    speaker = SpeakerFactory()
    ClaimFactory(published=True, speaker=speaker)  # so the speaker can be followed
    confirmed(client, run_tasks, email="ann@example.org")
    confirmed(client, run_tasks, email="ann@example.org", speaker=speaker.slug)
    mail.outbox.clear()
    publish(run_tasks, speaker=speaker)
    assert len(readers_mail()) == 1


def test_speaker_and_topic_subscriptions_get_only_their_checks(client, run_tasks, editor):
    speaker, topic = SpeakerFactory(), TopicFactory()
    ClaimFactory(published=True, speaker=speaker, topics=[topic])
    confirmed(client, run_tasks, email="speaker@example.org", speaker=speaker.slug)
    confirmed(client, run_tasks, email="topic@example.org", topic=topic.slug)
    mail.outbox.clear()
    publish(run_tasks)  # neither this speaker nor this topic
    assert readers_mail() == []
    publish(run_tasks, speaker=speaker)
    publish(run_tasks, topics=[topic])
    assert sorted(m.to[0] for m in readers_mail()) == ["speaker@example.org", "topic@example.org"]


def test_the_unsubscribe_link_stops_the_messages_and_deletes_the_address(client, run_tasks, editor):
    confirmed(client, run_tasks, email="ann@example.org")
    mail.outbox.clear()
    publish(run_tasks)
    (message,) = readers_mail()
    url = link(message, "/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe"] == f"<https://checks.example{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Unsubscribe" in client.get(url).text  # a page with one button
    assert Subscription.objects.exists()
    assert "Unsubscribed" in client.post(url).text  # one click (no CSRF token, as RFC 8058)
    assert not Subscription.objects.exists()
    publish(run_tasks)
    assert len(readers_mail()) == 1
    assert client.get(url).status_code == 400  # used up: says so, no error


def test_the_weekly_digest_lists_the_weeks_checks(client, run_tasks, editor):
    confirmed(client, run_tasks, email="ann@example.org", frequency="weekly")
    mail.outbox.clear()
    publish(run_tasks, text="First of the week")
    publish(run_tasks, text="Second of the week")
    assert readers_mail() == []  # not one by one
    send_digests(timezone.now() + timedelta(days=7))
    (digest,) = readers_mail()
    assert "2 new checks this week" in digest.subject
    assert "First of the week" in digest.body and "Second of the week" in digest.body
    send_digests(timezone.now() + timedelta(days=14))
    assert len(readers_mail()) == 1  # nothing new: nothing sent


def test_forged_or_expired_links_are_refused_with_a_message(client, run_tasks, settings):
    subscribe(client, run_tasks, email="ann@example.org")
    url = link(readers_mail()[0], "/subscribe/confirm/")
    assert client.get(url.replace("/confirm/", "/confirm/x")).status_code == 400
    assert client.get("/unsubscribe/not-a-token/").status_code == 400
    assert not Subscription.objects.get().confirmed_at


def test_bad_input_is_a_form_error(client):
    response = client.post("/subscribe/", {"email": "not an address", "frequency": "each"})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.text
    response = client.post(
        "/subscribe/", {"email": "a@example.org", "frequency": "each", "speaker": "nobody"}
    )
    assert response.status_code == 400
    assert "There is no such speaker to follow." in response.text
    assert not Subscription.objects.exists()


def test_a_draft_only_speaker_cannot_be_followed(client):
    speaker = SpeakerFactory()
    ClaimFactory(speaker=speaker)
    response = client.post(
        "/subscribe/", {"email": "a@example.org", "frequency": "each", "speaker": speaker.slug}
    )
    assert response.status_code == 400


def test_subscribing_is_rate_limited_like_tips(client, settings):
    settings.FACTCHECK_TIPS_PER_HOUR = 2
    for n in range(2):
        data = {"email": f"reader{n}@example.org", "frequency": "each"}
        assert client.post("/subscribe/", data).status_code == 302
    response = client.post("/subscribe/", {"email": "third@example.org", "frequency": "each"})
    assert response.status_code == 429
    assert Subscription.objects.count() == 2


def test_addresses_are_never_shown_to_editors(client, run_tasks, editor, superuser):
    confirmed(client, run_tasks, email="ann@example.org")
    client.force_login(editor)
    page = client.get(reverse("admin:claims_claim_impact")).text
    assert "1 for each check, 0 weekly" in page
    assert "ann@example.org" not in page
    assert client.get(reverse("admin:claims_subscription_changelist")).status_code == 403
    client.force_login(superuser)
    assert "ann@example.org" in client.get(reverse("admin:claims_subscription_changelist")).text


def test_speaker_pages_offer_to_follow_by_email(client):
    claim = ClaimFactory(published=True)
    html = client.get(claim.speaker.get_absolute_url()).text
    assert f'href="/subscribe/?speaker={claim.speaker.slug}">Follow by email' in html
    form = client.get(f"/subscribe/?speaker={claim.speaker.slug}").text
    assert f"New checks of claims by {claim.speaker.name}" in form
