from django.conf import settings

from . import cache
from .models import Page


def site(request):
    """The organisation's name and the footer's policy pages, on every page."""
    pages = cache.get_or_build(
        "footer-pages",
        lambda: [
            (p.title, p.get_absolute_url())
            for p in Page.objects.filter(in_footer=True).only("slug", "title")
        ],
    )
    return {
        "org_name": settings.FACTCHECK_ORG_NAME,
        "footer_pages": pages,
        "canonical_url": canonical_url(request),
        "share_image": request.build_absolute_uri(settings.FACTCHECK_ORG_LOGO)
        if settings.FACTCHECK_ORG_LOGO
        else "",
    }


def canonical_url(request):
    """This page's absolute address without filters or tracking parameters, but with its page
    number: the one address search engines and social networks should use for it."""
    page = request.GET.get("page", "")
    query = f"?page={page}" if page.isdigit() and int(page) > 1 else ""
    return request.build_absolute_uri(request.path) + query
