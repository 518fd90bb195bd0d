"""Readers who sent a tip hear back: attached in the desk, told on publication and on a
retraction or changed verdict, one signed click to stop, addresses erased in time."""

from datetime import timedelta

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from claims import notifications, workflow
from claims.models import Claim
from tests.factories import ClaimFactory, rating
from tests.forms import form_data

pytestmark = pytest.mark.django_db

TIP = {
    "text": "The minister said unemployment halved in 2023.",
    "seen_at": "https://social.example/post/1",
    "email": "reader@example.net",
    "website": "",
}


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def tip_mail():
    return [m for m in mail.outbox if m.to == ["reader@example.net"]]


def test_a_tip_answered_through_the_desk_tells_the_reader_once_published(
    client, deliver, ready_claim, editor
):
    assert client.post("/suggest/", TIP).status_code == 302
    tip = Claim.objects.get(reader_tip=True)
    client.force_login(editor)
    url = reverse("admin:claims_claim_change", args=[tip.pk])
    data = form_data(client.get(url).text, "claim_form")
    assert deliver(client.post, url, {**data, "answered_by": ready_claim.pk}).status_code == 302
    assert tip_mail() == []  # not published yet

    page = client.get(reverse("admin:claims_claim_change", args=[ready_claim.pk])).text
    assert "answered by this check" in page
    assert TIP["text"] in page

    transition = reverse("admin:claims_claim_transition", args=[ready_claim.pk])
    deliver(client.post, transition, {"transition": "publish", "version": ready_claim.version})
    ready_claim.refresh_from_db()
    assert ready_claim.status == "published"
    (message,) = tip_mail()
    assert message.subject.startswith("We checked it: ")
    assert "Our verdict: Mostly true. Close to the official figures." in message.body
    assert ready_claim.get_absolute_url() in message.body
    assert "/tips/unsubscribe/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_tip_attached_through_the_orm_to_a_published_check_is_answered_at_once(deliver):
    check = ClaimFactory(published=True)
    tip = ClaimFactory(reader_tip=True, tip_email="reader@example.net")
    tip.answered_by = check
    deliver(tip.save)
    assert len(tip_mail()) == 1
    tip.refresh_from_db()
    assert tip.tip_answered_at is not None
    deliver(tip.save)
    assert len(tip_mail()) == 1


def test_a_changed_verdict_and_a_retraction_each_send_one_more(deliver, editor):
    check = ClaimFactory(published=True, rating=rating("false"))
    duplicate = ClaimFactory(reader_tip=True, tip_email="reader@example.net", answered_by=check)
    ClaimFactory(reader_tip=True, tip_email="", answered_by=check)  # left no address
    assert duplicate.answered_by == check
    deliver(workflow.correct, check, editor, "A typo in the ruling.", ruling="Fixed ruling.")
    deliver(workflow.correct, check, editor, "A later report.", rating=rating("half-true"))
    deliver(workflow.transition, check, "retract", editor, comment="The source was forged.")
    subjects = [m.subject.split(":")[0] for m in tip_mail()]
    assert subjects == ["Our verdict changed", "We retracted our check"]
    assert "Our verdict: Half true." in tip_mail()[0].body
    assert "The source was forged." in tip_mail()[1].body


def test_the_unsubscribe_link_works_without_login_and_refuses_a_forged_signature(client, deliver):
    check = ClaimFactory(published=True)
    tip = ClaimFactory(reader_tip=True, tip_email="reader@example.net")
    other_tip = ClaimFactory(reader_tip=True, tip_email="reader@example.net")
    url = notifications.unsubscribe_url(tip).removeprefix("http://127.0.0.1:8000")
    token = url.rstrip("/").rsplit("/", 1)[1]
    signed = token.split(":", 1)[1]
    other_payload = signing.dumps(other_tip.pk, salt="a guess").split(":")[0]
    for bad_token in (f"{token[:-3]}xyz", f"{other_payload}:{signed}"):
        bad = reverse("tip_unsubscribe", args=[bad_token])
        response = client.post(bad)
        assert response.status_code == 400 and "not valid" in response.text

    assert "Stop messages" in client.get(url).text  # a link checker's GET changes nothing
    assert Claim.objects.filter(tip_email="reader@example.net").count() == 2
    assert "erased your address" in client.post(url).text
    assert not Claim.objects.filter(tip_email="reader@example.net").exists()

    tip.refresh_from_db()
    tip.answered_by = check
    deliver(tip.save)
    assert tip_mail() == []


def test_tip_addresses_are_erased_after_the_set_time(settings):
    settings.FACTCHECK_TIP_EMAIL_DAYS = 90
    long_ago = timezone.now() - timedelta(days=91)
    answered_long_ago = ClaimFactory(reader_tip=True, tip_email="a@example.net")
    answered_lately = ClaimFactory(reader_tip=True, tip_email="b@example.net")
    closed_long_ago = ClaimFactory(reader_tip=True, tip_email="c@example.net")
    open_tip = ClaimFactory(reader_tip=True, tip_email="d@example.net")
    Claim.objects.filter(pk=answered_long_ago.pk).update(tip_answered_at=long_ago)
    Claim.objects.filter(pk=answered_lately.pk).update(tip_answered_at=timezone.now())
    Claim.objects.filter(pk=closed_long_ago.pk).update(status="not_checkable", updated_at=long_ago)
    Claim.objects.filter(pk=open_tip.pk).update(updated_at=long_ago)
    notifications.erase_tip_emails.call()
    left = dict(Claim.objects.filter(reader_tip=True).values_list("pk", "tip_email"))
    assert left == {
        answered_long_ago.pk: "",
        answered_lately.pk: "b@example.net",
        closed_long_ago.pk: "",
        open_tip.pk: "d@example.net",
    }


def test_a_published_check_takes_a_tip_from_its_own_page(client, deliver, editor, researcher):
    check = ClaimFactory(published=True, text="Exports doubled")
    tip = ClaimFactory(reader_tip=True, tip_email="reader@example.net", text="Did exports double?")
    client.force_login(editor)
    page = client.get(reverse("admin:claims_claim_change", args=[check.pk])).text
    assert "Did exports double?" in page
    attach = reverse("admin:claims_claim_attach_tip", args=[check.pk])
    assert (
        "answered by this check" in deliver(client.post, attach, {"tip": tip.pk}, follow=True).text
    )
    tip.refresh_from_db()
    assert tip.answered_by == check and tip.tip_answered_at is not None
    (message,) = tip_mail()
    assert message.subject == "We checked it: Exports doubled"

    client.force_login(researcher)
    assert client.post(attach, {"tip": tip.pk}).status_code == 403


def test_only_a_tip_can_be_answered_and_not_by_itself(client, editor):
    claim, tip = ClaimFactory(), ClaimFactory(reader_tip=True)
    client.force_login(editor)
    for target, answer, error in [
        (claim, tip, "Only a reader&#x27;s tip is answered by another claim."),
        (tip, tip, "A tip cannot answer itself."),
    ]:
        url = reverse("admin:claims_claim_change", args=[target.pk])
        data = form_data(client.get(url).text, "claim_form")
        response = client.post(url, {**data, "answered_by": answer.pk})
        assert response.status_code == 200 and error in response.text
    assert not Claim.objects.filter(answered_by__isnull=False).exists()
