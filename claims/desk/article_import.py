"""The desk's "Import article" page and its "already checked?" lists (hooked in admin.py)."""

import hashlib

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import workflow
from ..intake.articles import ArticleForm, import_article
from ..models import Claim

IMPORT_PERMISSIONS = ["claims.add_source", "claims.add_claim", "claims.add_speaker"]
# Similar checks are looked up for this many proposed sentences at most.
SIMILAR_LOOKUPS = 50


def similar_checks_html(queryset, text):
    """The checks in ``queryset`` most like ``text``, each with its verdict and link."""
    similar = queryset.similar_to(text)
    if not similar:
        return _("No similar published check.")
    return format_html(
        '<ul class="similar-checks">{}</ul>',
        format_html_join(
            "",
            '<li><strong>{}</strong>: <a href="{}">{}</a> ({})</li>',
            ((c.rating.name, c.get_absolute_url(), c, _similarity(c.similarity)) for c in similar),
        ),
    )


def _similarity(share):
    return _("%(percent)d%% similar") % {"percent": round(100 * share)}


def _fingerprint(text):
    return hashlib.sha256(text.encode()).hexdigest()


def import_article_view(model_admin, request):
    """Paste an article, see its sentences ranked, keep some as draft claims of a new Source.

    The preview is recomputed from the posted text on every step, so nothing is stored
    until the editor confirms; a fingerprint makes sure the ticked sentences belong to the
    text that was previewed.
    """
    if not request.user.has_perms(IMPORT_PERMISSIONS):
        raise PermissionDenied
    form = ArticleForm(request.POST or None)
    rows, fingerprint = [], ""
    if request.method == "POST" and form.is_valid():
        fingerprint = _fingerprint(form.cleaned_data["text"])
        candidates = form.candidates()
        if "create" in request.POST:
            if request.POST.get("fingerprint") != fingerprint:
                form.add_error(None, _("The text changed since the preview: check the list again."))
            else:
                keep = set(request.POST.getlist("keep"))
                chosen = [c for c in candidates if f"{c.start}-{c.end}" in keep]
                if chosen:
                    researcher = None if workflow.is_editor(request.user) else request.user
                    source, claims = import_article(form.cleaned_data, chosen, researcher)
                    model_admin.message_user(
                        request,
                        ngettext(
                            "Created “%(source)s” with %(count)d draft claim.",
                            "Created “%(source)s” with %(count)d draft claims.",
                            len(claims),
                        )
                        % {"source": source, "count": len(claims)},
                        messages.SUCCESS,
                    )
                    changelist = reverse("admin:claims_claim_changelist")
                    return redirect(f"{changelist}?source__id__exact={source.pk}")
                form.add_error(None, _("Tick at least one sentence to keep as a draft claim."))
        threshold = form.cleaned_data["threshold"]
        listed = Claim.objects.listed()
        for rank, candidate in enumerate(sorted(candidates, key=lambda c: -c.score)):
            proposed = candidate.score >= threshold
            similar = (
                listed.similar_to(candidate.text) if proposed and rank < SIMILAR_LOOKUPS else []
            )
            rows.append((candidate, proposed, similar))
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Import article"),
        "opts": model_admin.model._meta,
        "form": form,
        "rows": rows,
        "fingerprint": fingerprint,
    }
    return TemplateResponse(request, "admin/claims/claim/import.html", context)
