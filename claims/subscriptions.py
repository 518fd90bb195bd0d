"""Email to subscribers: the confirmation link, a message per new check, the weekly digest.

Links are signed (``django.core.signing``): a confirmation link works for a week, the
unsubscribe link in every message for as long as the subscription exists. Messages are
rendered from templates and sent through Django's email framework, by tasks.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Claim, Subscription, SubscriptionDelivery
from .queue import background

CONFIRM_SALT, UNSUBSCRIBE_SALT = "subscription-confirm", "subscription-unsubscribe"
CONFIRM_FOR = timedelta(days=7)


def token(subscription, salt):
    return signing.dumps({"id": subscription.pk, "email": subscription.email}, salt=salt)


def from_token(value, salt, max_age=None):
    """The subscription a signed link names, or None (forged, expired or since deleted)."""
    try:
        data = signing.loads(value, salt=salt, max_age=max_age)
    except signing.BadSignature:  # also when expired
        return None
    return Subscription.objects.filter(pk=data.get("id"), email=data.get("email")).first()


def _site(path):
    return settings.FACTCHECK_SITE_URL + path


def _send(subscription, subject, template, context):
    unsubscribe = _site(reverse("claims:unsubscribe", args=[token(subscription, UNSUBSCRIBE_SALT)]))
    body = render_to_string(
        template,
        {
            **context,
            "subscription": subscription,
            "unsubscribe_url": unsubscribe,
            "org_name": settings.FACTCHECK_ORG_NAME,
        },
    )
    EmailMessage(
        subject=f"{settings.FACTCHECK_ORG_NAME}: {subject}",
        body=body,
        to=[subscription.email],
        # One-click unsubscribe from the mail client (RFC 8058).
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    ).send()


def send_confirmation(subscription_id):
    subscription = Subscription.objects.filter(pk=subscription_id).first()
    if subscription is None or subscription.confirmed_at:
        return
    confirm = _site(reverse("claims:subscribe-confirm", args=[token(subscription, CONFIRM_SALT)]))
    _send(
        subscription,
        _("confirm your subscription"),
        "claims/email/confirm.txt",
        {"confirm_url": confirm, "days": CONFIRM_FOR.days},
    )


def _check_context(claim):
    return {"claim": claim, "url": _site(claim.get_absolute_url())}


def send_new_check(claim_id):
    """Tell each address subscribed to a newly published check, once, whatever the number of
    its subscriptions that match and however often the task runs."""
    claim = Claim.objects.listed().with_related().filter(pk=claim_id).first()
    if claim is None:
        return
    subscriptions = Subscription.objects.for_check(claim).filter(
        frequency=Subscription.Frequency.EACH
    )
    seen = set()
    for subscription in subscriptions.select_related("speaker", "topic").order_by("pk"):
        address = subscription.email.lower()
        if address in seen:
            continue
        seen.add(address)
        with transaction.atomic():
            _, new = SubscriptionDelivery.objects.get_or_create(
                subscription=subscription, claim=claim
            )
            if new:  # a failed send rolls the record back, so the retry sends it
                subject = f"{claim.rating.name}: {claim.reviewed_text}"[:150]
                _send(subscription, subject, "claims/email/new_check.txt", _check_context(claim))


def send_digests(now=None):
    """Each weekly subscription's checks published since its last digest (or confirmation)."""
    now = now or timezone.now()
    weekly = Subscription.objects.confirmed().filter(frequency=Subscription.Frequency.WEEKLY)
    for subscription in weekly.select_related("speaker", "topic"):
        checks = list(
            subscription.checks_since(subscription.last_sent_at or subscription.confirmed_at)
        )
        if checks:
            _send(
                subscription,
                ngettext(
                    "%(count)d new check this week", "%(count)d new checks this week", len(checks)
                )
                % {"count": len(checks)},
                "claims/email/digest.txt",
                {"checks": [_check_context(claim) for claim in checks]},
            )
        Subscription.objects.filter(pk=subscription.pk).update(last_sent_at=now)


@background()
def send_subscription_confirmation(subscription_id):
    send_confirmation(subscription_id)


@background()
def notify_subscribers(claim_id):
    """Email the subscribers of a newly published check."""
    send_new_check(claim_id)


@background()
def send_weekly_digests():
    send_digests()
