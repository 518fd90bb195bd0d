"""The desk's side of monitoring: watched sources, the inbox of sentences found in them, and
the appearances of published checks the monitor proposes (registered from admin.py)."""

from datetime import timedelta

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from ..intake.monitoring import make_draft
from ..models import Appearance, InboxSentence, RecurringClaim, WatchedSource
from .article_import import IMPORT_PERMISSIONS


@admin.register(WatchedSource)
class WatchedSourceAdmin(admin.ModelAdmin):
    """Feeds and pages the monitor reads every ``FACTCHECK_MONITOR_MINUTES``."""

    list_display = ["__str__", "kind", "active", "last_checked_at", "last_error"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "url"]
    fields = ["name", "url", "kind", "active", "last_checked_at", "last_error"]
    readonly_fields = ["last_checked_at", "last_error"]


class StatusFilter(admin.SimpleListFilter):
    """What still waits for a decision, unless another status is asked for."""

    title = gettext_lazy("status")
    parameter_name = "status"
    statuses = None  # the model's Status choices
    default = ""

    def lookups(self, request, model_admin):
        return [*self.statuses.choices, ("all", _("All"))]

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": (self.value() or self.default) == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value() or self.default
        return queryset if value == "all" else queryset.filter(status=value)


class InboxStatusFilter(StatusFilter):
    statuses = InboxSentence.Status
    default = InboxSentence.Status.NEW


class AppearanceStatusFilter(StatusFilter):
    statuses = Appearance.Status
    default = Appearance.Status.PROPOSED


@admin.register(InboxSentence)
class InboxSentenceAdmin(admin.ModelAdmin):
    """The monitoring inbox: sentences worth checking, newest day first and the most
    check-worthy first within a day. One click makes a draft claim or dismisses a sentence,
    and its copies in other articles with it."""

    list_display = ["text", "score", "found_in", "day", "speaker_guess", "already_checked", "act"]
    list_filter = [InboxStatusFilter, "item__watched"]
    list_select_related = ["item__watched", "claim"]
    search_fields = ["text", "item__title"]
    actions = ["make_drafts", "dismiss"]
    fields = [
        "text", "score", "features", "speaker_guess", "found_in", "day", "status", "claim",
        "decided_by", "decided_at",
    ]  # fmt: skip
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("appearances__claim")

    def has_add_permission(self, request):
        return False  # the monitor finds them

    @admin.display(description=gettext_lazy("found in"))
    def found_in(self, sentence):
        item = sentence.item
        return format_html(
            '<a href="{}" rel="noopener nofollow">{}</a><br><small>{}</small>',
            item.url,
            item.title or item.url,
            item.watched or "",
        )

    @admin.display(description=gettext_lazy("already checked?"))
    def already_checked(self, sentence):
        return format_html_join(
            "",
            '<div><a href="{}">{}</a> ({}%)</div>',
            (
                (
                    reverse("admin:claims_appearance_change", args=[a.pk]),
                    a.claim,
                    round(100 * a.similarity),
                )
                for a in sentence.appearances.all()
            ),
        )

    @admin.display(description="")
    def act(self, sentence):
        """One-click buttons; they submit the change list's form (and its CSRF token)."""
        if sentence.status != InboxSentence.Status.NEW:
            if sentence.claim_id:
                url = reverse("admin:claims_claim_change", args=[sentence.claim_id])
                return format_html('<a href="{}">{}</a>', url, _("Draft claim"))
            return sentence.get_status_display()
        return format_html(
            '<button type="submit" class="button" formaction="{}">{}</button> '
            '<button type="submit" class="button" formaction="{}">{}</button>',
            reverse("admin:claims_inboxsentence_claim", args=[sentence.pk]),
            _("Make draft claim"),
            reverse("admin:claims_inboxsentence_dismiss", args=[sentence.pk]),
            _("Dismiss"),
        )

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/claim/",
                wrap(require_POST(self.claim_view)),
                name="claims_inboxsentence_claim",
            ),
            path(
                "<int:pk>/dismiss/",
                wrap(require_POST(self.dismiss_view)),
                name="claims_inboxsentence_dismiss",
            ),
            *super().get_urls(),
        ]

    def _waiting_sentence(self, request, pk, permissions=()):
        """The sentence, if this user may decide on it; None (with a message) if it was
        decided meanwhile."""
        if not (self.has_change_permission(request) and request.user.has_perms(permissions)):
            raise PermissionDenied
        sentence = get_object_or_404(InboxSentence.objects.select_related("item__watched"), pk=pk)
        if sentence.status != InboxSentence.Status.NEW:
            self.message_user(
                request,
                _("Already decided: %(status)s.") % {"status": sentence.get_status_display()},
                messages.WARNING,
            )
            return None
        return sentence

    def _back(self):
        return redirect("admin:claims_inboxsentence_changelist")

    def claim_view(self, request, pk):
        sentence = self._waiting_sentence(request, pk, IMPORT_PERMISSIONS)
        if sentence is not None:
            claim = make_draft(sentence, request.user)
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>.',
                    _("Draft claim created:"),
                    reverse("admin:claims_claim_change", args=[claim.pk]),
                    claim,
                ),
                messages.SUCCESS,
            )
        return self._back()

    def dismiss_view(self, request, pk):
        sentence = self._waiting_sentence(request, pk)
        if sentence is not None:
            sentence.decide(InboxSentence.Status.DISMISSED, request.user)
            self.message_user(request, _("Dismissed: “%(sentence)s”.") % {"sentence": sentence})
        return self._back()

    @admin.action(
        description=gettext_lazy("Make draft claims of the selected sentences"),
        permissions=["change"],
    )
    def make_drafts(self, request, queryset):
        if not request.user.has_perms(IMPORT_PERMISSIONS):
            raise PermissionDenied
        made = 0
        for sentence in queryset.waiting().select_related("item__watched"):
            sentence.refresh_from_db(fields=["status"])  # a copy decided a moment ago
            if sentence.status == InboxSentence.Status.NEW:
                make_draft(sentence, request.user)
                made += 1
        self.message_user(
            request,
            ngettext("%(count)d draft claim created.", "%(count)d draft claims created.", made)
            % {"count": made},
            messages.SUCCESS,
        )

    @admin.action(
        description=gettext_lazy("Dismiss the selected sentences"), permissions=["change"]
    )
    def dismiss(self, request, queryset):
        sentences = list(queryset.waiting())
        for sentence in sentences:
            sentence.decide(InboxSentence.Status.DISMISSED, request.user)
        count = len(sentences)
        self.message_user(
            request,
            ngettext("%(count)d sentence dismissed.", "%(count)d sentences dismissed.", count)
            % {"count": count},
        )


@admin.register(Appearance)
class AppearanceAdmin(admin.ModelAdmin):
    """Where published checks' claims were made again: proposed by the monitor, shown on the
    check ("Also said") once an editor confirms them."""

    list_display = ["claim", "text", "where", "speaker", "said_on", "similarity", "act"]
    list_filter = [AppearanceStatusFilter]
    list_select_related = ["claim", "speaker"]
    search_fields = ["text", "url", "title", "claim__text"]
    autocomplete_fields = ["speaker"]
    fields = [
        "check_link", "status", "text", "url", "title", "speaker", "said_on", "similarity",
        "reasons", "decided_by", "decided_at",
    ]  # fmt: skip
    readonly_fields = [
        "check_link", "status", "similarity", "reasons", "decided_by", "decided_at",
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False  # the monitor proposes them

    @admin.display(description=gettext_lazy("check"))
    def check_link(self, appearance):
        claim = appearance.claim
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:claims_claim_change", args=[claim.pk]), claim
        )

    @admin.display(description=gettext_lazy("why it matched"))
    def reasons(self, appearance):
        return format_html_join("", "<div>{}</div>", ((reason,) for reason in appearance.why))

    @admin.display(description=gettext_lazy("where"))
    def where(self, appearance):
        return format_html(
            '<a href="{}" rel="noopener nofollow">{}</a>',
            appearance.url,
            appearance.title or appearance.url,
        )

    @admin.display(description="")
    def act(self, appearance):
        if appearance.status != Appearance.Status.PROPOSED:
            return appearance.get_status_display()
        url = reverse("admin:claims_appearance_decide", args=[appearance.pk])
        return format_html(
            '<button type="submit" class="button" formaction="{}?to=confirmed">{}</button> '
            '<button type="submit" class="button" formaction="{}?to=rejected">{}</button>',
            url,
            _("Confirm"),
            url,
            _("Reject"),
        )

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/decide/",
                wrap(require_POST(self.decide_view)),
                name="claims_appearance_decide",
            ),
            *super().get_urls(),
        ]

    def decide_view(self, request, pk):
        """Confirm or reject a proposed appearance (``?to=confirmed`` or ``?to=rejected``)."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        appearance = get_object_or_404(Appearance.objects.select_related("claim"), pk=pk)
        status = request.GET.get("to", "")
        if status not in (Appearance.Status.CONFIRMED, Appearance.Status.REJECTED):
            self.message_user(request, _("Choose Confirm or Reject."), messages.ERROR)
        else:
            appearance.decide(status, request.user)
            self.message_user(request, f"{appearance.get_status_display()}: {appearance}.")
        return redirect("admin:claims_appearance_changelist")

    @admin.action(
        description=gettext_lazy("Confirm the selected appearances"), permissions=["change"]
    )
    def confirm(self, request, queryset):
        for appearance in queryset:
            appearance.decide(Appearance.Status.CONFIRMED, request.user)

    @admin.action(
        description=gettext_lazy("Reject the selected appearances"), permissions=["change"]
    )
    def reject(self, request, queryset):
        for appearance in queryset:
            appearance.decide(Appearance.Status.REJECTED, request.user)

    actions = ["confirm", "reject"]


RECENT_DAYS = 30


@admin.register(RecurringClaim)
class RecurringClaimAdmin(admin.ModelAdmin):
    """Published checks made again most often in the last 30 days (confirmed appearances)."""

    list_display = ["text", "rating", "recent", "last_seen", "desk_link"]
    list_select_related = ["rating"]
    search_fields = ["text"]
    list_display_links = None

    def get_queryset(self, request):
        since = timezone.localdate() - timedelta(days=RECENT_DAYS)
        recent = Q(appearances__status=Appearance.Status.CONFIRMED) & (
            Q(appearances__said_on__gte=since)
            | Q(appearances__said_on__isnull=True, appearances__decided_at__date__gte=since)
        )
        return (
            RecurringClaim.objects.public()
            .annotate(
                recent=Count("appearances", filter=recent),
                last_seen=Max("appearances__said_on", filter=recent),
            )
            .filter(recent__gt=0)
        )

    def get_ordering(self, request):
        return ["-recent", "-last_seen", "-pk"]

    @admin.display(
        description=format_lazy(gettext_lazy("appearances, last {days} days"), days=RECENT_DAYS),
        ordering="recent",
    )
    def recent(self, claim):
        return claim.recent

    @admin.display(description=gettext_lazy("last said"), ordering="last_seen")
    def last_seen(self, claim):
        return claim.last_seen

    @admin.display(description="")
    def desk_link(self, claim):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}?claim__id__exact={}&status=all">{}</a>',
            claim.get_absolute_url(),
            _("Check"),
            reverse("admin:claims_appearance_changelist"),
            claim.pk,
            _("Appearances"),
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
