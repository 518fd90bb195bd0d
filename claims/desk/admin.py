"""The editors' desk. Workflow buttons and bulk actions all go through ``claims.workflow``."""

from functools import partial

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from modeltranslation.admin import TranslationAdmin

from .. import workflow
from ..models import (
    Byline,
    Claim,
    Correction,
    Evidence,
    FailedTask,
    Page,
    Rating,
    ReviewEvent,
    Source,
    Speaker,
    Topic,
)
from ..public import export
from ..public.pagination import EstimatedCountPaginator
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
            return queryset.filter(status="in_review").exclude(researcher=request.user)
        return queryset


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
            "summary_en", "researcher", "notes", "check_worthiness",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].initial = self.instance.version

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
        "archive_url",
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


class CorrectionInline(ReadOnlyInline):
    model = Correction
    fields = readonly_fields = ["at", "kind", "text", "old_rating", "new_rating", "actor"]


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
        "reviewer",
        "updated_at",
    ]
    list_filter = ["status", "rating", SpeakerFilter, TopicFilter, MyWorkFilter, "reader_tip"]
    list_select_related = ["speaker", "rating", "researcher", "reviewer"]
    search_fields = ["text", "speaker__name"]
    autocomplete_fields = ["speaker", "source", "topics"]
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    list_per_page = 50
    inlines = [EvidenceInline, CorrectionInline, ReviewEventInline]
    actions = [*(bulk_action(t) for t in workflow.TRANSITIONS.values()), export_csv]
    readonly_fields = [
        "status", "slug", "reviewer", "published_at", "public_link", "reader_tip", "tip_url",
        "tip_email", "already_checked",
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
            gettext_lazy("Reader's tip"),
            {"fields": ["reader_tip", "tip_url", "tip_email"], "classes": ["collapse"]},
        ),
        (
            gettext_lazy("Publication"),
            {"fields": ["slug", "reviewer", "published_at", "public_link", "seen_version"]},
        ),
    ]

    @admin.display(description=gettext_lazy("claim"), ordering="text")
    def short_text(self, claim):
        return str(claim)

    @admin.display(description=gettext_lazy("public page"))
    def public_link(self, claim):
        if claim.pk and claim.status in ("published", "retracted"):
            return format_html('<a href="{}">{}</a>', claim.get_absolute_url(), claim.slug)
        return "—"

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
            fields.append("researcher")
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
        extra_context = extra_context or {}
        if claim is not None:
            extra_context["transitions"] = workflow.offered_transitions(claim, request.user)
            extra_context["can_correct"] = claim.is_published and request.user.has_perm(
                "claims.correct_claim"
            )
            if claim.is_published:
                extra_context["other_languages"] = language_versions(claim)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(partial(import_article_view, self)), name="claims_claim_import"),
            path(
                "<int:pk>/transition/", wrap(self.transition_view), name="claims_claim_transition"
            ),
            path("<int:pk>/correct/", wrap(self.correct_view), name="claims_claim_correct"),
            path(
                "<int:pk>/version/<str:language>/",
                wrap(self.version_view),
                name="claims_claim_version",
            ),
            *super().get_urls(),
        ]

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
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = -1
        try:
            workflow.transition(
                claim,
                request.POST.get("transition", ""),
                request.user,
                comment=request.POST.get("comment", ""),
                expected_version=version,
            )
        except workflow.WorkflowError as refused:
            self.message_user(
                request, _("Not done: %(reason)s") % {"reason": refused}, messages.ERROR
            )
        else:
            status = claim.get_status_display().lower()
            self.message_user(request, _("Done: the claim is now %(status)s.") % {"status": status})
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


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "published_at", "text_is_public"]
    search_fields = ["title", "publisher", "url"]
    readonly_fields = ["slug"]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "role"]
    list_filter = ["kind"]
    search_fields = ["name", "role"]
    readonly_fields = ["slug"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


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

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(request.user, obj.claim))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(request.user, obj.claim))


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
