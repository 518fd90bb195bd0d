"""Mail to the desk's staff: what happened to the claims they work on, and their daily digest.

``workflow`` calls :func:`event_happened` inside its transaction; the messages are queued
after commit and sent by a worker. A person who acted is not told of their own action;
inactive users, users without an address and users who turned that kind off get nothing. Each
message has a key (event and recipient) and is sent at most once, however often its task runs.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.signals import post_save
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Claim, NotificationKind, SentMessage, Status, editors
from .queue import after_commit, background

Kind = NotificationKind

SUBJECTS = {
    Kind.SUBMITTED: gettext_lazy("For review"),
    Kind.SENT_BACK: gettext_lazy("Sent back"),
    Kind.PUBLISHED: gettext_lazy("Published"),
    Kind.CORRECTED: gettext_lazy("Corrected"),
    Kind.RETRACTED: gettext_lazy("Retracted"),
    Kind.ASSIGNED: gettext_lazy("Assigned to you"),
    Kind.MENTIONED: gettext_lazy("You were mentioned"),
}


def absolute(path):
    return settings.FACTCHECK_SITE_URL + path


def desk_url(claim):
    return absolute(reverse("admin:claims_claim_change", args=[claim.pk]))


def send_once(key, subject, body, address, headers=None):
    """Send one message unless one with ``key`` was sent (or is being sent) already.

    The key is claimed before sending, so two runs of a task cannot both send; a failed send
    frees it for the retry. No transaction is held open while the mail server answers.
    """
    try:
        with transaction.atomic():
            SentMessage.objects.create(key=key)
    except IntegrityError:
        return False
    try:
        EmailMessage(subject, body, to=[address], headers=headers).send()
    except Exception:
        SentMessage.objects.filter(key=key).delete()
        raise
    return True


def reachable(user_ids, kind):
    """Those of ``user_ids`` who get messages of ``kind``."""
    return (
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .exclude(email="")
        .exclude(notification_opt_outs__kind=kind)
    )


def recipients(kind, claim):
    """Who is told of an event of ``kind`` on ``claim`` (before leaving out the actor)."""
    if kind == Kind.SUBMITTED:
        if claim.requested_reviewer_id:
            return [claim.requested_reviewer_id]
        return list(editors().values_list("pk", flat=True))
    if kind == Kind.SENT_BACK:
        return [claim.researcher_id]
    return [claim.researcher_id, claim.reviewer_id]  # published, corrected, retracted


def event_happened(kind, claim, actor, key, note="", to=None):
    """Queue the messages for an event (after the current transaction commits).

    ``key`` names the event uniquely (e.g. its history entry); ``to`` lists the user ids to
    tell, by default those :func:`recipients` names; ``note`` is the actor's comment.
    """
    users = [pk for pk in (to if to is not None else recipients(kind, claim)) if pk]
    users = sorted(set(users) - {actor.pk})
    if users:
        after_commit(send_event, str(kind), claim.pk, actor.pk, key, users, note)


@background()
def send_event(kind, claim_id, actor_id, key, user_ids, note):
    claim = Claim.objects.select_related("rating").filter(pk=claim_id).first()
    if claim is None:
        return  # deleted since: nothing to tell
    actor = get_user_model().objects.get(pk=actor_id)
    short = Truncator(claim.reviewed_text).chars(70)
    for user in reachable(user_ids, kind):
        body = render_to_string(
            "claims/mail/event.txt",
            {
                "kind": kind,
                "user": user,
                "actor": actor,
                "claim": claim,
                "note": note,
                "desk_url": desk_url(claim),
                "public_url": absolute(claim.get_absolute_url()) if claim.is_public else "",
                "preferences_url": absolute(reverse("desk_preferences")),
            },
        )
        subject = _("%(kind)s: %(claim)s") % {"kind": SUBJECTS[kind], "claim": short}
        send_once(f"{kind}:{key}:{user.pk}", subject, body, user.email)


def due_soon(user, today):
    """(overdue, due tomorrow) open claims ``user`` researches or is asked to review."""
    mine = Claim.objects.filter(Q(researcher=user) | Q(requested_reviewer=user))
    mine = mine.order_by("due_date", "priority", "pk")
    tomorrow = today + timedelta(days=1)
    return list(mine.overdue(today)), list(mine.due_between(tomorrow, tomorrow))


@background()
def send_digests():
    """Each person with an open claim overdue or due tomorrow gets one digest a day."""
    today = timezone.localdate()
    soon = Claim.objects.in_progress().filter(due_date__lte=today + timedelta(days=1))
    people = set(soon.values_list("researcher", flat=True)) | set(
        soon.values_list("requested_reviewer", flat=True)
    )
    for user in reachable(people, Kind.DIGEST):
        overdue, tomorrow = due_soon(user, today)
        if not (overdue or tomorrow):
            continue  # only due today
        body = render_to_string(
            "claims/mail/digest.txt",
            {
                "user": user,
                "overdue": [(claim, desk_url(claim)) for claim in overdue],
                "tomorrow": [(claim, desk_url(claim)) for claim in tomorrow],
                "desk_url": absolute(reverse("admin:index")),
                "preferences_url": absolute(reverse("desk_preferences")),
            },
        )
        subject = _("Your desk: %(overdue)d overdue, %(tomorrow)d due tomorrow") % {
            "overdue": len(overdue),
            "tomorrow": len(tomorrow),
        }
        send_once(f"digest:{today}:{user.pk}", subject, body, user.email)


# -- readers who sent a tip ---------------------------------------------------------------

UNSUBSCRIBE_SALT = "claims.tips.unsubscribe"
TIP_SUBJECTS = {
    "published": gettext_lazy("We checked it"),
    "corrected": gettext_lazy("Our verdict changed"),
    "retracted": gettext_lazy("We retracted our check"),
}


def unsubscribe_url(tip):
    """A signed link that stops mail to this tip's address, without logging in."""
    token = signing.dumps(tip.pk, salt=UNSUBSCRIBE_SALT)
    return absolute(reverse("tip_unsubscribe", args=[token]))


def tip_answered(sender, instance, raw=False, **kwargs):
    """A tip was just attached to the claim that answers it (in the desk or anywhere else):
    if that check is out already, the reader hears of it now (else when it is published)."""
    if not raw and getattr(instance, "tip_just_answered", False) and instance.tip_email:
        after_commit(send_tip_replies, instance.answered_by_id, "published", "", [instance.pk])


def connect():
    post_save.connect(tip_answered, sender=Claim, dispatch_uid="tip-answered")


def tell_tipsters(claim, kind, key=""):
    """Tell the readers whose tips ``claim`` answers that it was published, retracted or its
    verdict corrected; ``key`` names the event (a check is published for them only once)."""
    after_commit(send_tip_replies, claim.pk, kind, key)


@background()
def send_tip_replies(claim_id, kind, key, tip_ids=None):
    claim = Claim.objects.select_related("rating").filter(pk=claim_id).first()
    if claim is None or not claim.is_public:
        return
    tips = claim.answered_tips.exclude(tip_email="")
    if tip_ids is not None:
        tips = tips.filter(pk__in=tip_ids)
    for tip in tips:
        unsubscribe = unsubscribe_url(tip)
        body = render_to_string(
            "claims/mail/tip_reply.txt",
            {
                "kind": kind,
                "tip": tip,
                "claim": claim,
                "correction": claim.corrections.first() if kind != "published" else None,
                "public_url": absolute(claim.get_absolute_url()),
                "unsubscribe_url": unsubscribe,
                "org_name": settings.FACTCHECK_ORG_NAME,
            },
        )
        subject = _("%(kind)s: %(claim)s") % {
            "kind": TIP_SUBJECTS[kind],
            "claim": Truncator(claim.reviewed_text).chars(70),
        }
        headers = {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
        send_once(f"tip-{kind}:{key}:{tip.pk}", subject, body, tip.tip_email, headers)


@background()
def erase_tip_emails():
    """Forget readers' addresses ``FACTCHECK_TIP_EMAIL_DAYS`` after their tip was answered or
    closed (marked not checkable)."""
    cutoff = timezone.now() - timedelta(days=settings.FACTCHECK_TIP_EMAIL_DAYS)
    done = Q(tip_answered_at__lt=cutoff) | Q(status=Status.NOT_CHECKABLE, updated_at__lt=cutoff)
    return Claim.objects.filter(done, reader_tip=True).exclude(tip_email="").update(tip_email="")
