"""Webhooks: each address in ``FACTCHECK_WEBHOOK_URLS`` receives one signed JSON POST when a
check is published, corrected or retracted.

The body holds the event's name and id, a ``text`` line that Slack and Mattermost incoming
webhooks show, and the check's open-data record (``claims.records``). The header
``X-Factcheck-Signature: sha256=<hex>`` is the HMAC-SHA256 of the body with
``FACTCHECK_WEBHOOK_SECRET``. Deliveries are queued after the workflow commits, retried with
back-off when the receiver fails, and listed in the desk.
"""

import hashlib
import hmac
import json
from urllib.parse import urljoin

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F
from django.utils.text import Truncator

from . import outbound
from .models import Claim, WebhookDelivery
from .public.records import record_data
from .queue import ATTEMPTS, after_commit, background

EVENTS = {
    "published": "check.published",
    "corrected": "check.corrected",
    "retracted": "check.retracted",
}
KINDS = set(EVENTS)
TIMEOUT = 10


class ReceiverFailed(Exception):
    """The receiver answered with an error, or not at all: try again later."""


class _Site:
    """What a check's open data record needs of a request: this desk's address."""

    def build_absolute_uri(self, location):
        return urljoin(settings.FACTCHECK_SITE_URL + "/", location)


def payload(kind, claim, event_id):
    """The JSON body for an event on ``claim`` (loaded ``with_details()``)."""
    site = _Site()
    url = site.build_absolute_uri(claim.get_absolute_url())
    verdict = "Retracted" if claim.is_retracted else claim.rating.name
    return {
        "event": EVENTS[kind],
        "id": event_id,
        "text": f"{EVENTS[kind]}: {verdict} — {Truncator(claim.reviewed_text).chars(120)} {url}",
        "url": url,
        # A retracted check has no verdict for machines, as on its page.
        "check": record_data(claim, site)
        if claim.is_published
        else {"slug": claim.slug, "url": url},
    }


def event_happened(kind, claim, event_id):
    """Record a delivery per webhook address and queue each after the workflow commits."""
    if not settings.FACTCHECK_WEBHOOK_URLS:
        return
    claim = Claim.objects.with_details().get(pk=claim.pk)
    body = json.dumps(payload(kind, claim, event_id), cls=DjangoJSONEncoder, ensure_ascii=False)
    for url in settings.FACTCHECK_WEBHOOK_URLS:
        delivery, _ = WebhookDelivery.objects.get_or_create(
            event_id=event_id,
            url=url,
            defaults={"event": EVENTS[kind], "claim": claim, "body": body},
        )
        after_commit(deliver, delivery.pk)


def signature(body):
    digest = hmac.new(settings.FACTCHECK_WEBHOOK_SECRET.encode(), body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


@background()
def deliver(delivery_id):
    """POST one delivery; raise (so the queue retries it) unless the receiver took it."""
    delivery = WebhookDelivery.objects.filter(pk=delivery_id).first()
    if delivery is None or delivery.state == WebhookDelivery.State.DELIVERED:
        return  # deleted with its claim, or already taken
    body = delivery.body.encode()
    headers = {
        "Content-Type": "application/json",
        "X-Factcheck-Event": delivery.event,
        "X-Factcheck-Delivery": str(delivery.pk),
        "X-Factcheck-Signature": signature(body),
    }
    WebhookDelivery.objects.filter(pk=delivery.pk).update(attempts=F("attempts") + 1)
    status, error = None, ""
    try:
        response = outbound.request(
            delivery.url, "POST", body=body, headers=headers, timeout=TIMEOUT, max_bytes=10_000
        )
        status = response.status
    except outbound.RefusedAddress as refused:
        # Never retried: the address will not become allowed by waiting.
        _record(delivery, WebhookDelivery.State.FAILED, None, str(refused))
        return
    except outbound.OutboundError as failed:
        error = str(failed)
    if status is not None and 200 <= status < 300:
        _record(delivery, WebhookDelivery.State.DELIVERED, status, "")
        return
    error = error or f"The receiver answered {status} {response.reason}".strip()
    last_try = delivery.attempts + 1 >= ATTEMPTS
    state = WebhookDelivery.State.FAILED if last_try else WebhookDelivery.State.PENDING
    _record(delivery, state, status, error)
    raise ReceiverFailed(f"{delivery.url}: {error}")


def _record(delivery, state, status, error):
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        state=state, last_status=status, last_error=error[:300]
    )
