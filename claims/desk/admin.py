"""The editors' desk. Workflow buttons and bulk actions all go through ``claims.workflow``."""

from datetime import timedelta
from functools import partial

from axes.admin import AccessAttemptAdmin
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.utils import reset as reset_lockout
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from modeltranslation.admin import TranslationAdmin

from .. import recheck, tasks, workflow
from ..models import (
    ArchivedCopy,
    Byline,
    ChecklistItem,
    Claim,
    Correction,
    CorrectionRequest,
    Evidence,
    FailedTask,
    Page,
    Rating,
    ReviewEvent,
    Source,
    Speaker,
    Status,
    Subscription,
    Topic,
    WebhookDelivery,
    editors,
)
from ..public import export, impact
from ..public.pagination import EstimatedCountPaginator
from ..queue import after_commit
from . import monitoring  # noqa: F401 (registers the monitoring desk)
from .article_import import import_article_view, similar_checks_html


class TextInputFilter(admin.SimpleListFilter):
    """A list filter typed into a box, for lists too long to show as links (speakers, topics)."""

    template = "admin/claims/input_filter.html"
    lookup = ""

    def lookups(self, request, model_admin):
        return [("", "")]  # the filter is shown only when it has a lookup

    def queryset(self, request, queryset):
        value = (self.value() or "").strip()
        return queryset.filter(**{self.lookup: value}).distinct() if value else queryset

    def choices(self, changelist):
        yield {
            "value": self.value() or "",
            "hidden": [
                (key, value)
                for key, value in changelist.params.items()
                if key != self.parameter_name
            ],
        }


class SpeakerFilter(TextInputFilter):
    title = gettext_lazy("speaker")
    parameter_name = "speaker_name"
    lookup = "speaker__name__icontains"


class TopicFilter(TextInputFilter):
    title = gettext_lazy("topic")
    parameter_name = "topic_name"
    lookup = "topics__name__icontains"


class MyWorkFilter(admin.SimpleListFilter):
    title = gettext_lazy("my work")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("assigned", _("Assigned to me")), ("review", _("Awaiting my review"))]

    def queryset(self, request, queryset):
        if self.value() == "assigned":
            return queryset.filter(researcher=request.user)
        if self.value() == "review":
            return queryset.awaiting_review_by(request.user)
        return queryset


class AnsweredTipFilter(admin.SimpleListFilter):
    title = gettext_lazy("reader's tip answered")
    parameter_name = "answered"

    def lookups(self, request, model_admin):
        return [("yes", _("Answered")), ("no", _("Not answered"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(reader_tip=True, answered_by__isnull=self.value() == "no")
        return queryset


class DueFilter(admin.SimpleListFilter):
    title = gettext_lazy("due")
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [("overdue", _("Overdue")), ("week", _("Due this week")), ("none", _("No due date"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.overdue(today)
        if self.value() == "week":
            return queryset.due_between(today, today + timedelta(days=6))
        if self.value() == "none":
            return queryset.filter(due_date__isnull=True)
        return queryset


class RecheckFilter(admin.SimpleListFilter):
    """Published checks due for re-checking, listed with the reasons (``claims.recheck``)."""

    title = gettext_lazy("re-check")
    parameter_name = "recheck"

    def lookups(self, request, model_admin):
        return [("due", _("Due for re-check"))]

    def queryset(self, request, queryset):
        return queryset.due_for_recheck() if self.value() == "due" else queryset


class ClaimAdminForm(forms.ModelForm):
    """Refuses a save when someone else saved the claim after this form was opened."""

    seen_version = forms.IntegerField(
        label=gettext_lazy("version seen"), widget=forms.HiddenInput, required=False
    )

    class Meta:
        model = Claim
        fields = [
            "text", "language", "original_wording", "claim_reviewed_en", "speaker", "claim_date",
            "topics", "source", "quote", "start_offset", "end_offset", "rating", "ruling_en",
            "summary_en", "researcher", "notes", "check_worthiness", "requested_reviewer",
            "due_date", "priority", "answered_by",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].initial = self.instance.version
        if "requested_reviewer" in self.fields:
            self.fields["requested_reviewer"].queryset = editors()

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            # The admin wraps the whole save in a transaction, so this lock holds until
            # the claim is written.
            current = (
                Claim.objects.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if current != cleaned.get("seen_version"):
                raise forms.ValidationError(
                    _(
                        "Someone else saved this claim after you opened it, so your changes "
                        "were not saved. Open the claim again to see their version, then redo "
                        "your edit."
                    ),
                    code="conflict",
                )
        return cleaned


class EditableWhileClaimIsEditable:
    """Inline rows may change only while the claim itself may (never after publication)."""

    def _claim_editable(self, request, obj):
        return obj is None or workflow.can_edit(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._claim_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._claim_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._claim_editable(request, obj)


class EvidenceInline(EditableWhileClaimIsEditable, admin.StackedInline):
    model = Evidence
    extra = 0
    fields = [
        ("url", "stance"),
        ("title", "publisher"),
        ("published_at", "accessed_at"),
        ("archive_url", "next_release_on"),
        "note",
    ]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReviewEventInline(ReadOnlyInline):
    model = ReviewEvent
    fields = readonly_fields = ["at", "actor", "from_status", "to_status", "comment"]
    verbose_name = gettext_lazy("history entry")
    verbose_name_plural = gettext_lazy("history")


class AnsweredTipInline(ReadOnlyInline):
    """Readers' tips attached to this claim: their senders hear when it is published."""

    model = Claim
    fk_name = "answered_by"
    fields = readonly_fields = ["text", "tip_url", "created_at", "tip_answered_at"]
    verbose_name = gettext_lazy("reader's tip answered by this check")
    verbose_name_plural = gettext_lazy("readers' tips answered by this check")
    show_change_link = True


class CorrectionInline(ReadOnlyInline):
    model = Correction
    fields = readonly_fields = ["at", "kind", "text", "old_rating", "new_rating", "actor"]


class CorrectionRequestInline(ReadOnlyInline):
    """Listed on the claim; recorded and updated on their own form, as they come after
    publication, when the claim itself is read-only."""

    model = CorrectionRequest
    fields = readonly_fields = ["asked", "channel", "asked_on", "outcome", "correction_url"]
    show_change_link = True


def seen_version(request, claim):
    """The version of ``claim`` the bulk confirmation page showed (-1 if it showed none)."""
    try:
        return int(request.POST.get(f"version-{claim.pk}", ""))
    except ValueError:
        return -1


def bulk_action(t):
    """An admin action making transition ``t`` on every selected claim, via the workflow.

    It first shows the selected claims as they are now, each with its version; on
    confirmation a claim that changed in between is refused like a stale form, so nobody
    publishes or sends back a version they have not seen.
    """

    def action(modeladmin, request, queryset):
        if not request.POST.get("confirmed"):
            return TemplateResponse(
                request,
                "admin/claims/claim/bulk_transition.html",
                {
                    **modeladmin.admin_site.each_context(request),
                    "title": t.label,
                    "transition": t,
                    "claims": queryset.select_related("rating"),
                    "opts": modeladmin.model._meta,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        comment = request.POST.get("comment", "")
        done = 0
        for claim in queryset:
            try:
                workflow.transition(
                    claim,
                    t.name,
                    request.user,
                    comment=comment,
                    expected_version=seen_version(request, claim),
                )
                done += 1
            except workflow.WorkflowError as refused:
                modeladmin.message_user(request, f"“{claim}”: {refused}", messages.ERROR)
        if done:
            message = ngettext(
                "%(action)s: done for %(count)d claim.",
                "%(action)s: done for %(count)d claims.",
                done,
            )
            modeladmin.message_user(request, message % {"action": t.label, "count": done})
        return None

    action.__name__ = f"bulk_{t.name}"
    description = format_lazy("{} ({})", t.label, gettext_lazy("selected claims"))
    return admin.action(description=description)(action)


@admin.action(
    description=gettext_lazy("Export selected as CSV (with evidence)"), permissions=["view"]
)
def export_csv(modeladmin, request, queryset):
    claims = queryset.with_details().select_related("researcher", "reviewer")
    return export.csv_response(
        "claims-with-evidence", export.DESK_COLUMNS, export.desk_rows(claims)
    )


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    form = ClaimAdminForm
    list_display = [
        "short_text",
        "status",
        "rating",
        "speaker",
        "researcher",
        "requested_reviewer",
        "reviewer",
        "priority",
        "due_date",
        "updated_at",
    ]
    list_filter = [
        "status", "rating", SpeakerFilter, TopicFilter, MyWorkFilter, DueFilter, "priority",
        ("researcher", admin.RelatedOnlyFieldListFilter),
        ("requested_reviewer", admin.RelatedOnlyFieldListFilter),
        "reader_tip", AnsweredTipFilter, RecheckFilter,
    ]  # fmt: skip
    list_select_related = ["speaker", "rating", "researcher", "requested_reviewer", "reviewer"]
    search_fields = ["text", "speaker__name"]
    autocomplete_fields = ["speaker", "source", "topics", "answered_by"]
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    list_per_page = 50
    inlines = [
        EvidenceInline,
        CorrectionInline,
        AnsweredTipInline,
        CorrectionRequestInline,
        ReviewEventInline,
    ]
    actions = [*(bulk_action(t) for t in workflow.TRANSITIONS.values()), export_csv]
    readonly_fields = [
        "status", "slug", "reviewer", "published_at", "public_link", "reader_tip", "tip_url",
        "tip_email", "already_checked", "tip_answered_at", "record_correction_request",
    ]  # fmt: skip
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "status",
                    "text",
                    "language",
                    "original_wording",
                    "claim_reviewed_en",
                    "speaker",
                    "claim_date",
                    "topics",
                ]
            },
        ),
        (
            gettext_lazy("Where it was said"),
            {"fields": ["source", "quote", "start_offset", "end_offset"]},
        ),
        (gettext_lazy("Verdict"), {"fields": ["rating", "ruling_en", "summary_en"]}),
        (
            gettext_lazy("Research"),
            {"fields": ["already_checked", "researcher", "notes", "check_worthiness"]},
        ),
        (
            gettext_lazy("Assignment"),
            {"fields": ["requested_reviewer", "due_date", "priority"]},
        ),
        (
            gettext_lazy("Reader's tip"),
            {
                "fields": ["reader_tip", "tip_url", "tip_email", "answered_by", "tip_answered_at"],
                "classes": ["collapse"],
            },
        ),
        (
            gettext_lazy("Publication"),
            {"fields": ["slug", "reviewer", "published_at", "public_link", "seen_version"]},
        ),
        (gettext_lazy("Correction requests"), {"fields": ["record_correction_request"]}),
    ]

    def get_list_display(self, request):
        if request.GET.get(RecheckFilter.parameter_name) == "due":
            return [*self.list_display, "due_because"]
        return self.list_display

    @admin.display(description=gettext_lazy("due because"))
    def due_because(self, claim):
        return "; ".join(recheck.reasons(claim))

    @admin.display(description=gettext_lazy("claim"), ordering="text")
    def short_text(self, claim):
        return str(claim)

    @admin.display(description=gettext_lazy("public page"))
    def public_link(self, claim):
        if claim.pk and claim.status in ("published", "retracted"):
            return format_html('<a href="{}">{}</a>', claim.get_absolute_url(), claim.slug)
        return "—"

    @admin.display(description=gettext_lazy("record"))
    def record_correction_request(self, claim):
        if not claim.pk:
            return _("Shown once the claim is saved.")
        add = reverse("admin:claims_correctionrequest_add")
        return format_html(
            '<a href="{}?claim={}">{}</a>', add, claim.pk, _("Record a correction request")
        )

    @admin.display(description=gettext_lazy("already checked?"))
    def already_checked(self, claim):
        if not claim.pk:
            return _("Shown once the claim is saved.")
        return similar_checks_html(Claim.objects.listed().exclude(pk=claim.pk), claim.text)

    def get_search_results(self, request, queryset, search_term):
        """Through the full-text index: a LIKE over every claim is too slow at scale."""
        return (queryset.search(search_term) if search_term.strip() else queryset), False

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if not workflow.is_editor(request.user):
            fields += ["researcher", "requested_reviewer", "due_date", "priority"]
        return fields

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(request.user, obj))

    def get_actions(self, request):
        actions = super().get_actions(request)
        for t in workflow.TRANSITIONS.values():
            if not request.user.has_perm(t.permission):
                actions.pop(f"bulk_{t.name}", None)
        return actions

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        elif not workflow.is_editor(request.user):
            obj.researcher = request.user
        super().save_model(request, obj, form, change)
        changed = form.changed_data if change else workflow.ASSIGNED_ROLES
        workflow.record_assignment(
            obj, request.user, [f for f in changed if f in workflow.ASSIGNED_ROLES]
        )

    def save_formset(self, request, form, formset, change):
        for item in formset.save(commit=False):
            if isinstance(item, Evidence) and item.added_by_id is None:
                item.added_by = request.user
            item.save()
        for item in formset.deleted_objects:
            item.delete()
        formset.save_m2m()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        claim = self.get_object(request, object_id)
        if (
            request.method == "POST"
            and claim is not None
            and claim.is_locked_for_editing
            and super().has_change_permission(request, claim)
        ):
            return self.published_meanwhile(request, claim)
        extra_context = extra_context or {}
        if claim is not None:
            extra_context["transitions"] = workflow.offered_transitions(claim, request.user)
            extra_context["can_correct"] = claim.is_published and request.user.has_perm(
                "claims.correct_claim"
            )
            ticks = {t.item_id: t for t in claim.checklist_ticks.select_related("ticked_by")}
            extra_context["checklist"] = [
                (item, ticks.get(item.pk)) for item in ChecklistItem.objects.for_claim(claim)
            ]
            extra_context["can_tick"] = workflow.can_edit(request.user, claim)
            extra_context["comments"] = claim.comments.select_related("author")
            if workflow.is_editor(request.user) and not claim.reader_tip:
                extra_context["open_tips"] = (
                    Claim.objects.filter(reader_tip=True, answered_by__isnull=True)
                    .exclude(status=Status.NOT_CHECKABLE)
                    .only("text")
                    .order_by("-created_at")[:200]
                )
            due = Claim.objects.filter(pk=claim.pk).due_for_recheck().first()
            extra_context["due_reasons"] = recheck.reasons(due) if due else []
            if claim.is_published:
                extra_context["other_languages"] = language_versions(claim)
        return super().change_view(request, object_id, form_url, extra_context)

    def published_meanwhile(self, request, claim):
        """A save of a claim published (or retracted) since its form was opened: say so, and
        give back the text typed, which was not saved."""
        unsaved = [
            (Claim._meta.get_field(name).verbose_name, request.POST[name])
            for name in ("text", "claim_reviewed", "quote", "ruling", "summary", "notes")
            if request.POST.get(name, "").strip()
            and request.POST[name].strip() != getattr(claim, name).strip()
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Not saved: this claim was published meanwhile"),
            "claim": claim,
            "unsaved": unsaved,
            "can_correct": claim.is_published and request.user.has_perm("claims.correct_claim"),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/claims/claim/not_saved.html", context, status=409)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(partial(import_article_view, self)), name="claims_claim_import"),
            path(
                "<int:pk>/transition/", wrap(self.transition_view), name="claims_claim_transition"
            ),
            path("<int:pk>/correct/", wrap(self.correct_view), name="claims_claim_correct"),
            path("<int:pk>/checklist/", wrap(self.tick_view), name="claims_claim_tick"),
            path("<int:pk>/comment/", wrap(self.comment_view), name="claims_claim_comment"),
            path(
                "<int:pk>/attach-tip/", wrap(self.attach_tip_view), name="claims_claim_attach_tip"
            ),
            path("impact/", wrap(self.impact_view), name="claims_claim_impact"),
            path("<int:pk>/reverify/", wrap(self.reverify_view), name="claims_claim_reverify"),
            path(
                "<int:pk>/version/<str:language>/",
                wrap(self.version_view),
                name="claims_claim_version",
            ),
            *super().get_urls(),
        ]

    def impact_view(self, request):
        """The impact page's charts and the figures the IFCN application asks for."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Impact and IFCN figures"),
            "opts": self.model._meta,
            "charts": impact.public_figures(),
            "ifcn": impact.desk_figures(),
            "subscriptions": Subscription.objects.confirmed().aggregate(
                each=Count("pk", filter=Q(frequency=Subscription.Frequency.EACH)),
                weekly=Count("pk", filter=Q(frequency=Subscription.Frequency.WEEKLY)),
            ),
        }
        return TemplateResponse(request, "admin/claims/claim/impact.html", context)

    def _claim_for(self, request, pk):
        """The claim, if this user may see it in the desk at all."""
        claim = get_object_or_404(Claim, pk=pk)
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return claim

    def _change_url(self, claim):
        return reverse("admin:claims_claim_change", args=[claim.pk])

    def transition_view(self, request, pk):
        claim = self._claim_for(request, pk)
        if request.method != "POST":
            return redirect(self._change_url(claim))
        try:
            workflow.transition(
                claim,
                request.POST.get("transition", ""),
                request.user,
                comment=request.POST.get("comment", ""),
                expected_version=_posted_version(request),
            )
        except workflow.WorkflowError as refused:
            self.message_user(
                request, _("Not done: %(reason)s") % {"reason": refused}, messages.ERROR
            )
        else:
            status = claim.get_status_display().lower()
            self.message_user(request, _("Done: the claim is now %(status)s.") % {"status": status})
        return redirect(self._change_url(claim))

    @method_decorator(require_POST)
    def tick_view(self, request, pk):
        claim = self._claim_for(request, pk)
        item = get_object_or_404(ChecklistItem, pk=request.POST.get("item") or 0)
        try:
            workflow.set_tick(claim, item, request.user, request.POST.get("ticked") == "1")
        except workflow.WorkflowError as refused:
            self.message_user(
                request, _("Not done: %(reason)s") % {"reason": refused}, messages.ERROR
            )
        return redirect(self._change_url(claim))

    @method_decorator(require_POST)
    def comment_view(self, request, pk):
        claim = self._claim_for(request, pk)
        try:
            workflow.add_comment(claim, request.user, request.POST.get("comment", ""))
        except workflow.WorkflowError as refused:
            self.message_user(
                request, _("Not done: %(reason)s") % {"reason": refused}, messages.ERROR
            )
        return redirect(self._change_url(claim) + "#comments")

    @method_decorator(require_POST)
    def attach_tip_view(self, request, pk):
        """Attach a reader's tip to this claim as its answer (saved as the tip's own form
        would, so the reader hears back the same way)."""
        claim = self._claim_for(request, pk)
        if not workflow.is_editor(request.user):
            raise PermissionDenied
        tip = (
            Claim.objects.filter(
                pk=request.POST.get("tip") or 0, reader_tip=True, answered_by__isnull=True
            )
            .exclude(pk=claim.pk)
            .first()
        )
        if tip is None:
            self.message_user(request, _("Not done: choose an unanswered tip."), messages.ERROR)
        else:
            tip.answered_by = claim
            tip.save(update_fields=["answered_by"])
            self.message_user(request, _("“%(tip)s” is now answered by this check.") % {"tip": tip})
        return redirect(self._change_url(claim))

    def reverify_view(self, request, pk):
        """An editor checked a published check again and found nothing to change."""
        claim = self._claim_for(request, pk)
        if request.method != "POST":
            return redirect(self._change_url(claim))
        try:
            workflow.reverify(
                claim,
                request.user,
                request.POST.get("note", ""),
                expected_version=_posted_version(request),
            )
        except workflow.WorkflowError as refused:
            self.message_user(
                request, _("Not done: %(reason)s") % {"reason": refused}, messages.ERROR
            )
        else:
            self.message_user(request, _("Recorded: the check's page shows it as verified today."))
        return redirect(self._change_url(claim))

    def correct_view(self, request, pk):
        claim = self._claim_for(request, pk)
        if not request.user.has_perm("claims.correct_claim"):
            raise PermissionDenied
        language = request.GET.get("language") or settings.LANGUAGE_CODE
        if language not in dict(settings.LANGUAGES):
            raise Http404
        form = CorrectionForm(request.POST or None, claim=claim, language=language)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            changes = {
                field: data[field]
                for field in form.fields
                if field in CorrectionForm.CHANGEABLE
                and data[field] not in (None, "")
                and data[field] != form.fields[field].initial
            }
            try:
                workflow.correct(
                    claim,
                    request.user,
                    data["note"],
                    kind=data["kind"],
                    expected_version=data["version"],
                    language=language,
                    **changes,
                )
            except workflow.WorkflowError as refused:
                form.add_error(None, str(refused))
            else:
                self.message_user(request, _("The correction is published on the check's page."))
                return redirect(self._change_url(claim))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Correct: %(claim)s") % {"claim": claim},
            "claim": claim,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/claims/claim/correct.html", context)

    def version_view(self, request, pk, language):
        """A published check's version in another language: its translator writes and
        submits it, another editor publishes it (``workflow.submit_version`` and
        ``publish_version``); once published it changes only through a correction."""
        claim = self._claim_for(request, pk)
        names = dict(settings.LANGUAGES[1:])
        if language not in names:
            raise Http404
        version = claim.language_versions.filter(language=language).first()
        publishing = "publish" in request.POST
        form = VersionForm(
            request.POST or None, claim=claim, language=language, publishing=publishing
        )
        if request.method == "POST" and form.is_valid():
            try:
                if publishing:
                    workflow.publish_version(
                        claim, language, request.user, expected_version=form.cleaned_data["version"]
                    )
                    done = _("The version is published.")
                else:
                    workflow.submit_version(
                        claim,
                        language,
                        request.user,
                        form.cleaned_data,
                        expected_version=form.cleaned_data["version"],
                    )
                    done = _("The version is submitted for review by another editor.")
            except workflow.WorkflowError as refused:
                form.add_error(None, str(refused))
            else:
                self.message_user(request, done)
                return redirect(self._change_url(claim))
        context = {
            **self.admin_site.each_context(request),
            "title": _("%(language)s version: %(claim)s")
            % {"language": names[language], "claim": claim},
            "claim": claim,
            "version": version,
            "language": language,
            "form": form,
            "opts": self.model._meta,
            "can_publish": request.user.has_perm("claims.publish_claim"),
        }
        return TemplateResponse(request, "admin/claims/claim/version.html", context)


def language_versions(claim):
    """(language code, name, version or None) for each language a check may be published in
    besides the desk's."""
    versions = {version.language: version for version in claim.language_versions.all()}
    return [(code, name, versions.get(code)) for code, name in settings.LANGUAGES[1:]]


class VersionForm(forms.Form):
    claim_reviewed = forms.CharField(
        label=gettext_lazy("Claim as reviewed"), widget=forms.Textarea(attrs={"rows": 3})
    )
    summary = forms.CharField(label=gettext_lazy("Summary"), max_length=300)
    ruling = forms.CharField(
        label=gettext_lazy("Ruling"), widget=forms.Textarea(attrs={"rows": 10})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, claim, language, publishing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.publishing = publishing
        for field in workflow.VERSION_FIELDS:
            self.fields[field].initial = claim.text_in(field, language)
            self.fields[field].widget.attrs["lang"] = language
        self.fields["version"].initial = claim.version

    def clean(self):
        cleaned = super().clean()
        changed = [f for f in workflow.VERSION_FIELDS if cleaned.get(f) != self.fields[f].initial]
        if self.publishing and changed:
            # Publishing what one has just rewritten would skip the second reader.
            raise forms.ValidationError(
                _(
                    "You changed the texts: save and submit them instead, and another editor "
                    "publishes them."
                )
            )
        return cleaned


def _posted_version(request):
    """The claim version the form was opened at (-1, which never matches, if missing)."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


class CorrectionForm(forms.Form):
    CHANGEABLE = ("rating", "text", "ruling", "summary")

    kind = forms.ChoiceField(
        choices=[
            (Correction.Kind.CORRECTION, gettext_lazy("Correction — we got something wrong")),
            (Correction.Kind.UPDATE, gettext_lazy("Update — new information since publication")),
        ],
        label=gettext_lazy("Kind"),
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label=gettext_lazy("Note"),
        help_text=gettext_lazy("Shown to readers on the check: what changed and why."),
    )
    rating = forms.ModelChoiceField(
        Rating.objects.all(),
        required=False,
        label=gettext_lazy("Rating"),
        help_text=gettext_lazy("Only when the verdict changes."),
    )
    text = forms.CharField(
        label=gettext_lazy("Claim as stated"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=gettext_lazy("Only when we quoted the claim wrongly."),
    )
    ruling = forms.CharField(
        label=gettext_lazy("Ruling"), widget=forms.Textarea(attrs={"rows": 10}), required=False
    )
    summary = forms.CharField(label=gettext_lazy("Summary"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, claim, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].initial = claim.rating_id
        self.fields["text"].initial = claim.text
        for field in ("ruling", "summary"):
            self.fields[field].initial = claim.text_in(field, language)
            self.fields[field].widget.attrs["lang"] = language
        if language != settings.LANGUAGE_CODE:
            # A language version's texts only: the verdict and the claim are the check's.
            del self.fields["rating"], self.fields["text"]
        self.fields["version"].initial = claim.version


class ShownOnChecks:
    """For what check pages show of another record (a speaker, a source, a topic).

    Once a public check shows it, only editors change it, and each change is written in the
    history of the public checks that show it. Any change moves the version of every claim
    showing it, so a claim form or workflow button opened before is refused as stale.
    """

    claims_field = ""

    def claims_showing(self, obj):
        return Claim.objects.filter(**{self.claims_field: obj})

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed or workflow.is_editor(request.user):
            return allowed
        return not self.claims_showing(obj).public().exists()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and form.changed_data:
            self.claims_showing(obj).touch()
            # The history of every public check showing it: work for the queue, not the request.
            after_commit(
                tasks.log_edit,
                self.claims_field,
                obj.pk,
                request.user.pk,
                self.describe_edit(obj, form),
                timezone.now().isoformat(),
            )

    @staticmethod
    def describe_edit(obj, form):
        """The edit in words: short fields with their old and new values, long ones by name."""
        changes = []
        for name in form.changed_data:
            field = form.fields[name]
            old, new = form.initial.get(name), form.cleaned_data.get(name)
            if isinstance(field.widget, forms.Textarea):
                changes.append(f"{field.label} changed")
            else:
                changes.append(f"{field.label}: “{old or ''}” → “{new or ''}”")
        label = obj._meta.verbose_name
        return f"The {label} “{obj}” was edited: {'; '.join(changes)}."


@admin.register(Source)
class SourceAdmin(ShownOnChecks, admin.ModelAdmin):
    list_display = ["title", "publisher", "published_at", "text_is_public"]
    search_fields = ["title", "publisher", "url"]
    readonly_fields = ["slug"]
    claims_field = "source"


@admin.register(Speaker)
class SpeakerAdmin(ShownOnChecks, admin.ModelAdmin):
    list_display = ["name", "kind", "role"]
    list_filter = ["kind"]
    search_fields = ["name", "role"]
    readonly_fields = ["slug"]
    claims_field = "speaker"


@admin.register(Topic)
class TopicAdmin(ShownOnChecks, admin.ModelAdmin):
    list_display = ["name", "slug", "public_interest"]
    list_filter = ["public_interest"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    claims_field = "topics"


# The rating scale and the policy pages have a text per language, edited side by side.
@admin.register(Rating)
class RatingAdmin(TranslationAdmin):
    list_display = ["name", "value", "colour", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class LinkHealthFilter(admin.SimpleListFilter):
    title = gettext_lazy("link check")
    parameter_name = "link"

    def lookups(self, request, model_admin):
        return [
            ("broken", _("Broken")),
            ("ok", _("Working")),
            ("unchecked", _("Not checked yet")),
        ]

    def queryset(self, request, queryset):
        working = Q(link_status__gte=200, link_status__lt=400)
        if self.value() == "broken":
            return queryset.filter(link_checked_at__isnull=False).exclude(working)
        if self.value() == "ok":
            return queryset.filter(working)
        if self.value() == "unchecked":
            return queryset.filter(link_checked_at__isnull=True)
        return queryset


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    """Evidence across all claims, mainly to find and fix broken links."""

    list_display = ["title", "link", "claim", "link_status", "link_error", "link_checked_at"]
    list_filter = [LinkHealthFilter, "stance"]
    list_select_related = ["claim"]
    search_fields = ["title", "url", "publisher"]
    readonly_fields = ["claim", "link_status", "link_error", "link_checked_at"]

    @admin.display(description=gettext_lazy("URL"))
    def link(self, evidence):
        return format_html(
            '<a href="{}" rel="noopener nofollow">{}</a>', evidence.url, evidence.url
        )

    def has_add_permission(self, request):
        return False  # evidence is added on its claim's page

    def _release_date_only(self, request, obj):
        """An editor may still set when a published check's data is next released: readers do
        not see it, and it is what makes the check come due for re-checking."""
        return obj is not None and obj.claim.is_published and workflow.is_editor(request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (
            obj is None
            or workflow.can_edit(request.user, obj.claim)
            or self._release_date_only(request, obj)
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.claim.is_locked_for_editing:
            return [f.name for f in Evidence._meta.fields if f.name != "next_release_on"]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(request.user, obj.claim))

    # The claim's page shows its evidence: an edit here makes forms opened before stale.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        Claim.objects.filter(pk=obj.claim_id).touch()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        Claim.objects.filter(pk=obj.claim_id).touch()

    def delete_queryset(self, request, queryset):
        claims = list(queryset.values_list("claim", flat=True))
        super().delete_queryset(request, queryset)
        Claim.objects.filter(pk__in=claims).touch()


@admin.register(Byline)
class BylineAdmin(admin.ModelAdmin):
    """How staff are credited on checks; names stay private unless ticked public."""

    list_display = ["display_name", "user", "name_is_public", "profile_url"]
    list_editable = ["name_is_public"]
    search_fields = ["display_name", "user__username"]


@admin.register(Page)
class PageAdmin(TranslationAdmin):
    list_display = ["title", "slug", "in_footer", "updated_at"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(FailedTask)
class FailedTaskAdmin(admin.ModelAdmin):
    """Background tasks that failed after their last retry."""

    list_display = ["task", "attempts", "failed_at"]
    list_filter = ["task"]
    readonly_fields = ["task", "arguments", "attempts", "error", "failed_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class LockoutAdmin(AccessAttemptAdmin):
    """Failed logins by username and address; a lockout is lifted here (see the lockout page)."""

    actions = ["lift_lockouts", *AccessAttemptAdmin.actions]

    @admin.action(description="Lift the lockout (allow logins again)", permissions=["delete"])
    def lift_lockouts(self, request, queryset):
        lifted = [(a.username, a.ip_address) for a in queryset]
        for username, address in lifted:
            reset_lockout(ip=address, username=username)
        self.message_user(
            request,
            f"Lifted {len(lifted)} lockout(s): "
            + ", ".join(f"{username} from {address}" for username, address in lifted)
            + ". They can log in again.",
        )


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login: what happened and what to do about it."""
    context = {
        **admin.site.each_context(request),
        "failure_limit": get_failure_limit(request, credentials),
        "username": get_client_username(request, credentials) or "",
        "cooloff_minutes": round(get_cool_off(request).total_seconds() / 60),
    }
    return render(
        request, "admin/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """What each webhook address was sent, and how its last attempt went."""

    list_display = ["event", "claim", "url", "state", "attempts", "last_status", "updated_at"]
    list_filter = ["state", "event"]
    list_select_related = ["claim"]
    readonly_fields = [
        "event", "event_id", "claim", "url", "state", "attempts", "last_status", "last_error",
        "body", "created_at", "updated_at",
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    list_display = ["text", "topic", "required", "active", "position"]
    list_editable = ["position"]
    list_filter = ["required", "active"]
    autocomplete_fields = ["topic"]


# The desk opens on "My desk": what is assigned to me, awaiting my review, overdue, due soon.
admin.site.index_template = "admin/claims/my_desk.html"


@admin.register(CorrectionRequest)
class CorrectionRequestAdmin(admin.ModelAdmin):
    """Requests for correction after a check and what came of them (public on published
    checks)."""

    list_display = ["asked", "claim", "channel", "asked_on", "outcome"]
    list_filter = ["outcome", "channel"]
    list_select_related = ["claim"]
    search_fields = ["asked", "claim__text"]
    autocomplete_fields = ["claim"]
    date_hierarchy = "asked_on"


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """Readers' email subscriptions: superusers only (no role is granted them), as the
    addresses are personal data; editors see the counts on the impact page."""

    list_display = ["email", "scope_name", "frequency", "confirmed_at", "last_sent_at"]
    list_filter = ["frequency", ("confirmed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["speaker", "topic"]
    search_fields = ["email"]
    readonly_fields = ["created_at", "confirmed_at", "last_sent_at"]
    autocomplete_fields = ["speaker", "topic"]


class ArchiveStateFilter(admin.SimpleListFilter):
    title = gettext_lazy("archiving")
    parameter_name = "archived"

    def lookups(self, request, model_admin):
        return [("yes", _("Kept")), ("no", _("Not yet: failing"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(fetched_at__isnull=self.value() == "no")
        return queryset


@admin.register(ArchivedCopy)
class ArchivedCopyAdmin(admin.ModelAdmin):
    """Our copies of evidence links: when each was made, or why it could not be made yet (the
    next pass tries again), with the WARC file to download."""

    list_display = ["evidence", "fetched_at", "attempts", "error", "download"]
    list_filter = [ArchiveStateFilter]
    list_select_related = ["evidence"]
    search_fields = ["evidence__url", "evidence__title"]
    fields = readonly_fields = [
        "evidence", "fetched_at", "sha256", "download", "attempts", "attempted_at", "error",
    ]  # fmt: skip

    @admin.display(description=gettext_lazy("WARC file"))
    def download(self, copy):
        if not copy.warc:
            return "—"
        url = reverse("admin:claims_archivedcopy_warc", args=[copy.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download WARC"))

    def has_add_permission(self, request):
        return False  # made by the archiving task

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # our record of the source: it goes only with its evidence link

    def get_urls(self):
        warc = self.admin_site.admin_view(self.warc_view)
        return [
            path("<int:pk>/warc/", warc, name="claims_archivedcopy_warc"),
            *super().get_urls(),
        ]

    def warc_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        copy = get_object_or_404(ArchivedCopy.objects.exclude(warc=""), pk=pk)
        return FileResponse(
            copy.warc.open("rb"),
            as_attachment=True,
            filename=copy.warc.name.rsplit("/", 1)[-1],
            content_type="application/warc",
        )
