"""When a published check comes due for re-checking, and why.

A check is due when one of its evidence links broke since it was last verified, when a
dataset it relies on had a release expected since then, when an editor confirmed that its
claim was made again since then (monitoring's appearances), or when it has not been verified for
``FACTCHECK_RECHECK_MONTHS``. An editor clears it by correcting it or by marking it
re-verified (``workflow.reverify``): both move its ``last_verified`` date.
"""

import calendar

from django.conf import settings
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext_lazy

# The annotation each reason sets, and how the desk words it.
REASONS = {
    "due_broken_link": gettext_lazy("an evidence link is broken"),
    "due_new_release": gettext_lazy("new data expected since it was verified"),
    "due_said_again": gettext_lazy("the claim was made again since it was verified"),
    "due_stale": ngettext_lazy(
        "not verified for %(months)d month", "not verified for %(months)d months", "months"
    ),
}


def months_before(moment, months):
    """The same day and time ``months`` calendar months earlier (the month's last day when
    that month is shorter)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def due(claims, today=None):
    """The published ``claims`` due for re-checking, each annotated with a boolean per reason
    in ``REASONS`` (read them with :func:`reasons`)."""
    now = timezone.now()
    today = today or timezone.localdate(now)
    # The evidence model through the claims' own: models import this module, not the reverse.
    evidence_model = claims.model._meta.get_field("evidence").related_model
    evidence = evidence_model.objects.filter(claim=OuterRef("pk"))
    appearances = claims.model._meta.get_field("appearances").related_model.objects.confirmed()
    annotated = (
        claims.listed()
        .alias(verified=Coalesce("last_verified", "published_at"))
        .alias(verified_on=TruncDate("verified"))
        .annotate(
            due_broken_link=Exists(evidence.filter(link_broken_since__gt=OuterRef("verified"))),
            due_new_release=Exists(
                evidence.filter(
                    next_release_on__lte=today, next_release_on__gt=OuterRef("verified_on")
                )
            ),
            due_said_again=Exists(
                appearances.filter(claim=OuterRef("pk"), decided_at__gt=OuterRef("verified"))
            ),
            due_stale=ExpressionWrapper(
                Q(verified__lt=months_before(now, settings.FACTCHECK_RECHECK_MONTHS)),
                output_field=BooleanField(),
            ),
        )
    )
    return annotated.filter(
        Q(due_broken_link=True)
        | Q(due_new_release=True)
        | Q(due_said_again=True)
        | Q(due_stale=True)
    )


def reasons(claim):
    """Why a claim from :func:`due` is due, in words."""
    months = settings.FACTCHECK_RECHECK_MONTHS
    return [text % {"months": months} for name, text in REASONS.items() if getattr(claim, name)]
