"""Addresses every page links to."""

from functools import cache

from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation

PAGES = [
    "home", "list", "methodology", "corrections", "suggest", "rating-css", "impact",
    "subscribe", "feed-rss", "feed-atom", "feed-corrections",
]  # fmt: skip


@cache
def site_urls(language):
    """The site's own pages that every page's head, header and footer link to, and its style
    sheets, reversed once per process and language: reversing them on each request cost more
    than the rest of the page's frame. Russian addresses begin with /ru/."""
    with translation.override(language):
        urls = {name.replace("-", "_"): reverse(f"claims:{name}") for name in PAGES}
    return {**urls, "site_css": static("css/site.css"), "print_css": static("css/print.css")}
