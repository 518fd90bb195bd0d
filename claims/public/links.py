"""Addresses every page links to."""

from functools import cache

from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation


@cache
def page_urls(language):
    """The site's own pages that every page's head, header and footer link to, in
    ``language`` (/ru/… for Russian), reversed once per process and language: reversing them
    on each request cost more than the rest of the page's frame. Stored pages use these alone
    (no static file, whose address changes with each release)."""
    names = ["home", "list", "methodology", "corrections", "suggest", "rating-css"]
    names += ["feed-rss", "feed-atom", "feed-corrections"]
    with translation.override(language):
        return {name.replace("-", "_"): reverse(f"claims:{name}") for name in names}


@cache
def site_urls(language):
    """``page_urls(language)`` and the style sheets."""
    return {
        **page_urls(language),
        "site_css": static("css/site.css"),
        "print_css": static("css/print.css"),
    }
