from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from ..visibility import generation
from .links import site_urls
from .lookups import footer_pages


def site(request):
    """The organisation's name, the site's addresses, the footer's policy pages, this page in
    each language and the generation of public data (the key of every cached fragment)."""
    return {
        "org_name": settings.FACTCHECK_ORG_NAME,
        "urls": site_urls(get_language()),
        "footer_pages": footer_pages,
        "generation": generation,
        "canonical_url": canonical_url(request),
        "language_versions": language_versions(request),
        # The language the desk writes in: a claim's working text and the English fallbacks.
        "DESK_LANGUAGE": settings.LANGUAGE_CODE,
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


def language_versions(request, languages=None):
    """This page in each of ``languages`` (every language of the site by default), as
    dictionaries of code, name (in that language) and absolute address: the language
    switcher's links and the page's hreflang alternates. A check page passes the languages
    it is published in."""
    names = dict(settings.LANGUAGES)
    return [
        {
            "code": code,
            "name": names[code],
            "url": request.build_absolute_uri(translate_url(request.path, code)),
        }
        for code in languages or names
    ]
