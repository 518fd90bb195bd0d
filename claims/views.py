"""Public pages. Every query starts from ``Claim.objects.public()`` or ``.listed()``."""

from collections import Counter

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from . import cache
from .filters import ClaimFilter
from .models import Claim, Correction, Evidence, Page, Rating, Source, Speaker
from .pagination import CachedCountPaginator


@require_safe
def healthz(request):
    """Liveness probe for load balancers; touches no database."""
    return HttpResponse("ok", content_type="text/plain")


@require_safe
@cache.cache_public_page
def home(request):
    latest = Claim.objects.listed().for_list()[:12]
    return render(request, "claims/home.html", {"claims": latest})


@require_safe
@cache.cache_public_page
def claim_list(request):
    filterset = ClaimFilter(request.GET)
    status = 200 if filterset.is_valid() else 400
    page = CachedCountPaginator(filterset.qs, settings.FACTCHECK_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "claims/claim_list.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
        status=status,
    )


@require_safe
@cache.cache_public_page
def claim_detail(request, slug):
    claim = get_object_or_404(
        Claim.objects.public()
        .select_related("speaker", "source", "rating", "researcher", "reviewer")
        .prefetch_related(
            "topics",
            Prefetch("evidence", queryset=Evidence.objects.order_by("published_at", "pk")),
            Prefetch(
                "corrections",
                queryset=Correction.objects.select_related("old_rating", "new_rating"),
            ),
        ),
        slug=slug,
    )
    by_stance = {stance: [] for stance in Evidence.Stance}
    for item in claim.evidence.all():
        by_stance[item.stance].append(item)
    evidence_groups = [(Evidence.Stance(s).label, items) for s, items in by_stance.items() if items]
    return render(
        request,
        "claims/claim_detail.html",
        {"claim": claim, "evidence_groups": evidence_groups},
    )


@require_safe
@cache.cache_public_page
def speaker_detail(request, slug):
    listed = Claim.objects.listed()
    speaker = get_object_or_404(
        Speaker.objects.filter(Exists(listed.filter(speaker=OuterRef("pk")))), slug=slug
    )
    claims = listed.filter(speaker=speaker)
    counts = claims.rating_counts()
    total = sum(counts.values())
    ratings = cache.get_or_build("ratings", lambda: list(Rating.objects.all()))
    tally = [
        (rating, counts[rating.pk], round(100 * counts[rating.pk] / total))
        for rating in ratings
        if counts.get(rating.pk)
    ]
    page = CachedCountPaginator(claims.for_list(), settings.FACTCHECK_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "claims/speaker_detail.html",
        {"speaker": speaker, "tally": tally, "total": total, "page": page},
    )


@require_safe
@cache.cache_public_page
def source_detail(request, slug):
    """The article with its public checks marked in place (only sources with a public check)."""
    public = Claim.objects.public()
    source = get_object_or_404(
        Source.objects.filter(Exists(public.filter(source=OuterRef("pk")))), slug=slug
    )
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
    ratings = cache.get_or_build("ratings", lambda: list(Rating.objects.all()))
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
    css = cache.get_or_build(
        "rating-css",
        lambda: "".join(
            f".verdict--{r.slug}{{background:{r.colour};color:{r.text_colour}}}\n"
            for r in Rating.objects.all()
        ),
    )
    response = HttpResponse(css, content_type="text/css")
    response["Cache-Control"] = "public, max-age=60"
    return response
