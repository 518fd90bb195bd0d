"""Public pages. Every query starts from ``Claim.objects.public()`` or ``.listed()``, and
keeps the checks readers can read in the page's language (``.in_language()``)."""

from collections import Counter

from django.conf import settings
from django.db.models import Count, Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from .. import revisions
from ..models import (
    Appearance,
    ArchivedCopy,
    Claim,
    ClaimQuerySet,
    Correction,
    CorrectionRequest,
    Page,
    Rating,
    Source,
    Speaker,
    Status,
    Topic,
)
from . import cache
from .cards import cards, keys_only
from .claimreview import review_data
from .context_processors import language_versions
from .filters import ClaimFilter
from .forms import TipForm
from .impact import public_figures
from .pagination import PAGE_PARAMETERS, CachedCountPaginator, CardPaginator
from .throttle import submission_allowed


def _ratings():
    """The ratings, best first, cached per data generation."""
    return cache.get_or_build("ratings", lambda: list(Rating.objects.all()))


def _card_page(request, claims, count=None, list_key=None):
    """A page of cards of ``claims``."""
    paginator = CardPaginator(keys_only(claims), settings.FACTCHECK_PAGE_SIZE, list_key=list_key)
    if count is not None:
        paginator.count = count  # already known: no count query
    page = paginator.get_page(*(request.GET.get(name, "") for name in PAGE_PARAMETERS))
    page.object_list = cards(page.object_list)
    return page


SAID_AGAIN_SHOWN = 20  # a speaker's newest confirmed appearances shown on their page


@require_safe
def healthz(request):
    """Liveness probe for load balancers; touches no database."""
    return HttpResponse("ok", content_type="text/plain")


@require_safe
@cache.cache_public_page
def home(request):
    latest = Claim.objects.listed().in_language(get_language()).newest_first()
    return render(request, "claims/home.html", {"claims": cards(keys_only(latest)[:12])})


@require_safe
@cache.cache_public_page
def claim_list(request):
    filterset = ClaimFilter(request.GET)
    status = 200 if filterset.is_valid() else 400
    query = request.GET.copy()
    for name in PAGE_PARAMETERS:
        query.pop(name, None)
    # The list's name for its cached count: its filters, in this page's language.
    list_key = f"claims:{get_language()}?{query.urlencode()}"
    page = _card_page(request, filterset.qs, list_key=list_key)
    return render(
        request,
        "claims/claim_list.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
        status=status,
    )


@require_safe
@cache.cache_public_page
def claim_detail(request, slug):
    language = get_language()
    claim = get_object_or_404(
        Claim.objects.public().with_languages().select_related("rating"), slug=slug
    )
    if language not in claim.languages:
        # Not published in this language: never shown with its markup, as if it were.
        with translation.override(settings.LANGUAGE_CODE):
            return redirect(claim.get_absolute_url())
    # The check as its article shows it, read only when that cached fragment is missing.
    check = SimpleLazyObject(
        lambda: (
            Claim.objects.for_page()
            .prefetch_related(*ClaimQuerySet.page_prefetches(language))
            .get(pk=claim.pk)
        )
    )
    return render(
        request,
        "claims/claim_detail.html",
        {
            "claim": claim,
            "check": check,
            # No verdict for machines once a check is retracted.
            "claimreview": SimpleLazyObject(lambda: review_data(check, request))
            if claim.is_published
            else None,
            "language_versions": language_versions(request, claim.languages),
        },
    )


@require_safe
@cache.cache_public_page
def claim_history(request, slug):
    """Every revision of a public check, newest first, each with what changed from the one
    before it."""
    claim = get_object_or_404(Claim.objects.public().select_related("rating"), slug=slug)
    history = revisions.history(list(claim.revisions.order_by("sequence")))
    return render(
        request, "claims/claim_history.html", {"claim": claim, "revisions": history[::-1]}
    )


@require_safe
@cache.cache_public_page
def archived_copy(request, slug, pk):
    """Our copy of an evidence link as plain text: never the archived page itself, so nothing
    in it can run on this site."""
    copy = get_object_or_404(
        ArchivedCopy.objects.public().select_related("evidence"),
        evidence__claim__slug=slug,
        evidence=pk,
    )
    text = render_to_string("claims/archived_copy.txt", {"copy": copy, "evidence": copy.evidence})
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


def _with_checks(model, lookup, slug, claims):
    """The ``model`` object with ``slug`` if one of ``claims`` refers to it; else 404.

    Speakers, sources and topics known only from drafts must not be revealed.
    """
    referred = Exists(claims.filter(**{lookup: OuterRef("pk")}))
    return get_object_or_404(model.objects.filter(referred), slug=slug)


def _speaker_record(slug, language):
    """The speaker with ``slug``, their number of checks published in ``language``, a (rating,
    count, share) tally and the checked claims they made again (confirmed appearances); None
    unless a published check or appearance names them (speakers known only from drafts must
    not be revealed)."""
    # The speaker with the tally of requests to correct their checks, in one query.
    requests = CorrectionRequest.objects.public().tally_by("claim__speaker")
    speaker = Speaker.objects.filter(slug=slug).annotate(**requests).first()
    if speaker is None:
        return None
    # Each verdict with the speaker's number of checks given it, best first.
    readable = Claim.objects.listed().in_language(language).filter(speaker=speaker)
    verdicts = list(Rating.objects.filter(claim__in=readable).annotate(checks=Count("claim")))
    total = sum(rating.checks for rating in verdicts)
    appearances = list(
        Appearance.objects.confirmed()
        .filter(speaker=speaker, claim__status=Status.PUBLISHED)
        .select_related("claim__rating")[:SAID_AGAIN_SHOWN]
    )
    if not (total or appearances):
        return None
    tally = [(rating, rating.checks, round(100 * rating.checks / total)) for rating in verdicts]
    return {
        "speaker": speaker,
        "tally": tally,
        "total": total,
        "asked": speaker.asked,
        "corrected": speaker.corrected,
        "appearances": appearances,
    }


@require_safe
@cache.cache_public_page
def speaker_detail(request, slug):
    if len(slug) > Speaker._meta.get_field("slug").max_length:
        raise Http404  # no such speaker; and no over-long cache key
    # Built once per data generation, like the menus: the page then costs one query, its cards.
    language = get_language()
    record = cache.get_or_build(
        f"speaker:{language}:{slug}", lambda: _speaker_record(slug, language)
    )
    if record is None:
        raise Http404
    claims = Claim.objects.listed().in_language(language).filter(speaker_id=record["speaker"].pk)
    claims = claims.newest_first()
    page = _card_page(request, claims, count=record["total"])
    return render(request, "claims/speaker_detail.html", {**record, "page": page})


@require_safe
@cache.cache_public_page
def source_detail(request, slug):
    """The article with its public checks marked in place (only sources with a public check)."""
    public = Claim.objects.public().in_language(get_language())
    source = _with_checks(Source, "source", slug, public)
    claims = list(public.filter(source=source).select_related("rating", "speaker"))
    segments, excerpts, unplaced = source.annotate(claims)
    verdicts = Counter(claim.rating.name for claim in claims if claim.is_published)
    return render(
        request,
        "claims/source_detail.html",
        {
            "source": source,
            "segments": segments,
            "excerpts": excerpts,
            "unplaced": unplaced,
            "verdicts": verdicts.most_common(),
        },
    )


@require_safe
@cache.cache_public_page
def methodology(request):
    ratings = _ratings()
    page = Page.objects.filter(slug="methodology").first()
    return render(request, "claims/methodology.html", {"ratings": ratings, "page": page})


@require_safe
@cache.cache_public_page
def page(request, slug):
    if slug == "methodology":
        raise Http404
    return render(request, "claims/page.html", {"page": get_object_or_404(Page, slug=slug)})


@require_safe
def rating_css(request):
    """Badge colours from the rating scale, so editors' colours need no inline style."""
    css = "".join(
        f".verdict--{r.slug}{{background:{r.colour};color:{r.text_colour}}}\n"
        f".claim-mark--{r.slug}{{border-bottom:3px solid {r.colour}}}\n"
        for r in _ratings()
    )
    response = HttpResponse(css, content_type="text/css")
    response["Cache-Control"] = "public, max-age=60"
    return response


@require_safe
@cache.cache_public_page
def topic_detail(request, slug):
    listed = Claim.objects.listed().in_language(get_language())
    topic = _with_checks(Topic, "topics", slug, listed)
    page = _card_page(request, listed.filter(topics=topic).newest_first())
    return render(request, "claims/topic_detail.html", {"topic": topic, "page": page})


@require_safe
@cache.cache_public_page
def corrections(request):
    """Every correction, update and retraction of a public check, newest first."""
    page = CachedCountPaginator(
        Correction.objects.public().in_language(get_language()).for_list(),
        settings.FACTCHECK_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(request, "claims/corrections.html", {"page": page})


@require_http_methods(["GET", "HEAD", "POST"])
def suggest(request):
    """Readers send a claim to check; it lands as a draft reader tip in the editors' queue."""
    # An empty POST is still a submission: it gets "required" messages, not a blank form.
    form = TipForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if existing := form.existing_check():
            return render(request, "claims/suggest.html", {"form": TipForm(), "existing": existing})
        if not submission_allowed(request):
            form.add_error(None, _("You have sent several tips in a short time; please try later."))
            return render(request, "claims/suggest.html", {"form": form}, status=429)
        if not form.is_open_tip():
            data = form.cleaned_data
            Claim.objects.create(
                text=data["text"], reader_tip=True, tip_url=data["seen_at"], tip_email=data["email"]
            )
        return redirect("claims:suggest-thanks")
    status = 400 if form.errors else 200
    return render(request, "claims/suggest.html", {"form": form}, status=status)


@require_safe
def suggest_thanks(request):
    return render(request, "claims/suggest_thanks.html")


@require_safe
@cache.cache_public_page
def impact(request):
    """What the checks add up to, as charts drawn from the numbers, with the numbers."""
    return render(request, "claims/impact.html", {"charts": public_figures()})
