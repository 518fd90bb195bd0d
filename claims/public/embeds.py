"""Checks that travel: an embeddable card per check, the oEmbed endpoint that offers it, and
the check's share image.

The card (``/claims/<slug>/embed/``) is the one page other sites may frame: it relaxes
``frame-ancestors`` and X-Frame-Options for itself alone, sets no cookie and needs no script.
A retracted check keeps its card, marked, so cards already embedded elsewhere say so; new
embeds (oEmbed) are offered for published checks only.
"""

from urllib.parse import urlsplit

from csp.decorators import csp_replace
from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from ..models import Claim
from ..share_image import HEIGHT as IMAGE_HEIGHT
from ..share_image import WIDTH as IMAGE_WIDTH
from ..share_image import storage_name
from . import cache
from .api import _error, _json

# The card's size when the consumer sets no limit (oEmbed's maxwidth and maxheight).
WIDTH, HEIGHT = 560, 360


@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
@require_safe
@cache.cache_public_page
def embed(request, slug):
    """A check as a small card for other sites' pages."""
    claim = get_object_or_404(Claim.objects.public().with_details(), slug=slug)
    return render(request, "claims/embed/card.html", {"claim": claim})


def _size(query):
    """(width, height) of the card within the consumer's ``maxwidth`` and ``maxheight``."""
    size = []
    for name, default in (("maxwidth", WIDTH), ("maxheight", HEIGHT)):
        value = query.get(name, "")
        if not value:
            size.append(default)
        elif value.isascii() and value.isdigit() and int(value) > 0:
            size.append(min(default, int(value)))
        else:
            raise ValueError(
                _("%(name)s must be a whole number of pixels above 0.") % {"name": name}
            )
    return tuple(size)


def _claim_at(request, url):
    """The published check whose page is at ``url`` on this site, or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.netloc.lower() != request.get_host().lower():
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.view_name != "claims:claim":
        return None
    return Claim.objects.listed().select_related("speaker", "rating").filter(**match.kwargs).first()


@require_safe
@cache.cache_public_page
def oembed(request):
    """oEmbed (https://oembed.com/) for a check's page: a ``rich`` card in an iframe."""
    if request.GET.get("format", "json") != "json":
        # What the oEmbed specification asks of a provider that lacks the format.
        return HttpResponse("Only format=json is offered.\n", status=501, content_type="text/plain")
    try:
        width, height = _size(request.GET)
    except ValueError as error:
        return _error(400, str(error))
    claim = _claim_at(request, request.GET.get("url", ""))
    if claim is None:
        return _error(404, _("No published check at this address."))
    title = f"{claim.rating.name}: {claim.reviewed_text}"
    src = request.build_absolute_uri(reverse("claims:embed", args=[claim.slug]))
    html = render_to_string(
        "claims/embed/iframe.html", {"src": src, "width": width, "height": height, "title": title}
    )
    return _json(
        {
            "version": "1.0",
            "type": "rich",
            "title": title,
            "author_name": settings.FACTCHECK_ORG_NAME,
            "author_url": settings.FACTCHECK_ORG_URL or request.build_absolute_uri("/"),
            "provider_name": settings.FACTCHECK_ORG_NAME,
            "provider_url": request.build_absolute_uri(reverse("claims:home")),
            "cache_age": cache.TIMEOUT,
            "html": html.strip(),
            "width": width,
            "height": height,
            "thumbnail_url": share_image_url(request, claim),
            "thumbnail_width": IMAGE_WIDTH,
            "thumbnail_height": IMAGE_HEIGHT,
        }
    )


def share_image_url(request, claim):
    """The absolute address of a published check's share image (of its current version)."""
    return request.build_absolute_uri(
        reverse("claims:share-image", args=[claim.slug, claim.version])
    )


# Its address changes with the check's version: browsers and CDNs may keep it for good.
IMMUTABLE = "public, max-age=31536000, immutable"


@require_safe
def share_image(request, slug, version):
    """A published check's share image, for its current version only."""
    if not Claim.objects.listed().filter(slug=slug, version=version).exists():
        raise Http404
    try:
        image = default_storage.open(storage_name(slug, version))
    except FileNotFoundError:
        raise Http404 from None  # not drawn yet: the task runs just after publication
    response = FileResponse(image, content_type="image/png")
    response["Cache-Control"] = IMMUTABLE
    return response
