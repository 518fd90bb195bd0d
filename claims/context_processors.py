from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from . import cache
from .lookups import footer_pages
from .site import site_urls


def site(request):
    """The organisation's name, the site's addresses and every page's header and footer."""
    frame = site_frame()
    return {
        "org_name": settings.FACTCHECK_ORG_NAME,
        "urls": site_urls(),
        "site_header": mark_safe(frame["header"]),
        "site_footer": mark_safe(frame["footer"]),
        "canonical_url": canonical_url(request),
        "share_image": request.build_absolute_uri(settings.FACTCHECK_ORG_LOGO)
        if settings.FACTCHECK_ORG_LOGO
        else "",
    }


def canonical_url(request):
    """This page's absolute address without filters or tracking parameters, but with its page
    number: the one address search engines and social networks should use for it."""
    page = request.GET.get("page", "")
    # isascii: isdigit() also accepts digits such as "²" that int() refuses.
    query = f"?page={page}" if page.isascii() and page.isdigit() and int(page) > 1 else ""
    return request.build_absolute_uri(request.path) + query


def site_frame():
    """Every page's header and footer, rendered once per data generation (the footer lists the
    policy pages) instead of on every request."""

    def build():
        context = {
            "org_name": settings.FACTCHECK_ORG_NAME,
            "urls": site_urls(),
            "footer_pages": footer_pages(),
        }
        return {
            part: render_to_string(f"_site_{part}.html", context) for part in ("header", "footer")
        }

    return cache.get_or_build("site-frame", build)
