from hashlib import sha256

from django.conf import settings
from django.template.loader import render_to_string

from .. import cache
from .links import site_urls
from .lookups import footer_pages


def site(request):
    """The organisation's name, the site's addresses and every page's header and footer."""
    context = {"org_name": settings.FACTCHECK_ORG_NAME, "urls": site_urls()}
    header, footer = site_frame(context)
    return {
        **context,
        "site_header": header,
        "site_footer": footer,
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


def site_frame(context):
    """Every page's (header, footer), rendered once per data generation (the footer lists the
    policy pages) and organisation name, instead of on every request."""

    def build():
        frame_context = {**context, "footer_pages": footer_pages()}
        return tuple(
            render_to_string(f"_site_{part}.html", frame_context) for part in ("header", "footer")
        )

    name = sha256(settings.FACTCHECK_ORG_NAME.encode()).hexdigest()[:16]
    return cache.get_or_build(f"site-frame:{name}", build)
