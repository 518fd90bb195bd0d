"""Webhooks: a signed JSON POST per public event to each address, retried when the receiver
fails, listed in the desk, refused for private addresses; the workflow never waits for them."""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from claims import workflow
from claims.models import FailedTask, WebhookDelivery
from tests.factories import ClaimFactory, rating
from tests.test_safe_defaults import manage

pytestmark = pytest.mark.django_db

SECRET = "webhook-test-secret"


class Receiver(BaseHTTPRequestHandler):
    answers = []  # statuses to answer with, in turn; 200 once they run out
    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((dict(self.headers), body))
        status = self.answers.pop(0) if self.answers else 200
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver(settings):
    Receiver.answers, Receiver.received = [], []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    settings.FACTCHECK_WEBHOOK_URLS = [url]
    settings.FACTCHECK_WEBHOOK_SECRET = SECRET
    settings.FACTCHECK_ALLOW_PRIVATE_ADDRESSES = True
    settings.FACTCHECK_SITE_URL = "https://checks.example.org"
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def test_publishing_posts_a_signed_record_retried_after_a_500(
    receiver, deliver, ready_claim, editor, client
):
    Receiver.answers = [500]
    deliver(workflow.transition, ready_claim, "publish", editor)
    assert len(Receiver.received) == 2  # the 500, then the retry
    headers, body = Receiver.received[-1]
    assert Receiver.received[0][1] == body
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-Factcheck-Signature"], expected)
    data = json.loads(body)
    ready_claim.refresh_from_db()
    url = f"https://checks.example.org/claims/{ready_claim.slug}/"
    assert data["event"] == "check.published" and data["id"].startswith("event-")
    assert data["text"].startswith("check.published: Mostly true — ") and url in data["text"]
    assert data["check"]["slug"] == ready_claim.slug and data["check"]["url"] == url
    assert data["check"]["rating"] == "mostly-true"
    assert "notes" not in data["check"]

    delivery = WebhookDelivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("delivered", 2, 200)
    client.force_login(editor)
    page = client.get(reverse("admin:claims_webhookdelivery_changelist")).text
    assert "check.published" in page and receiver in page


def test_a_receiver_that_keeps_failing_leaves_the_workflow_committed(receiver, deliver, editor):
    Receiver.answers = [500] * 10
    claim = ClaimFactory(published=True, rating=rating("false"))
    deliver(workflow.correct, claim, editor, "A later report.", rating=rating("half-true"))
    claim.refresh_from_db()
    assert claim.rating == rating("half-true")
    assert len(Receiver.received) == 5
    delivery = WebhookDelivery.objects.get(event="check.corrected")
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("failed", 5, 500)
    assert json.loads(delivery.body)["event"] == "check.corrected"
    assert FailedTask.objects.get().task == "deliver"


def test_a_receiver_on_a_private_address_is_refused(receiver, deliver, editor, settings):
    settings.FACTCHECK_ALLOW_PRIVATE_ADDRESSES = False
    claim = ClaimFactory(published=True)
    deliver(workflow.transition, claim, "retract", editor, comment="The source was forged.")
    claim.refresh_from_db()
    assert claim.status == "retracted"
    assert Receiver.received == []
    delivery = WebhookDelivery.objects.get(event="check.retracted")
    assert delivery.state == "failed" and "private or local network" in delivery.last_error
    assert json.loads(delivery.body)["event"] == "check.retracted"


def test_no_webhook_addresses_means_no_deliveries(deliver, ready_claim, editor):
    deliver(workflow.transition, ready_claim, "publish", editor)
    assert not WebhookDelivery.objects.exists()


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"FACTCHECK_WEBHOOK_URLS": "https://hooks.example.org/in"},
            "needs FACTCHECK_WEBHOOK_SECRET",
        ),
        (
            {"FACTCHECK_WEBHOOK_URLS": "ftp://hooks.example.org/", "FACTCHECK_WEBHOOK_SECRET": "s"},
            "is not an http(s) address",
        ),
    ],
    ids=["no secret", "not http"],
)
def test_startup_refuses_webhooks_it_cannot_send(env, message):
    result = manage("check", SECRET_KEY="tests-only-not-a-secret", **env)
    assert result.returncode != 0 and message in result.stderr
