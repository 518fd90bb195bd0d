"""The editors' desk's own template tags."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.models import Claim, FailedTask

register = template.Library()

# (label, count's key in ClaimQuerySet.desk_counts, the claim list's filter)
MY_DESK = [
    (_("Assigned to me: drafts"), "mine_draft", {"mine": "assigned", "status__exact": "draft"}),
    (
        _("Assigned to me: researching"),
        "mine_researching",
        {"mine": "assigned", "status__exact": "researching"},
    ),
    (
        _("Assigned to me: in review"),
        "mine_in_review",
        {"mine": "assigned", "status__exact": "in_review"},
    ),
    (_("Awaiting my review"), "review", {"mine": "review"}),
    (_("Assigned to me: overdue"), "mine_overdue", {"mine": "assigned", "due": "overdue"}),
    (_("Assigned to me: due this week"), "mine_week", {"mine": "assigned", "due": "week"}),
    (_("Whole desk: overdue"), "all_overdue", {"due": "overdue"}),
    (
        _("Readers' tips not yet answered"),
        "tips",
        {"reader_tip__exact": "1", "status__exact": "draft", "answered": "no"},
    ),
]


@register.inclusion_tag("admin/claims/_my_desk.html", takes_context=True)
def my_desk(context):
    """Counts of the signed-in user's work, each linking to the claim list so filtered."""
    user = context["request"].user
    if not user.has_perm("claims.view_claim"):
        return {"rows": []}
    counts = Claim.objects.desk_counts(user, timezone.localdate())
    changelist = reverse("admin:claims_claim_changelist")
    rows = [
        (label, counts[key], f"{changelist}?{urlencode(query)}") for label, key, query in MY_DESK
    ]
    if user.has_perm("claims.view_failedtask"):
        failed = FailedTask.objects.count()
        rows.append(
            (_("Background tasks failed"), failed, reverse("admin:claims_failedtask_changelist"))
        )
    return {"rows": rows}
