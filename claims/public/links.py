"""Addresses every page links to."""

from functools import cache

from django.templatetags.static import static
from django.urls import reverse


@cache
def page_urls():
    """The site's own pages that every page's head, header and footer link to, reversed once
    per process: reversing them on each request cost more than the rest of the page's frame.
    Stored pages use these alone (no static file, whose address changes with each release)."""
    names = ["home", "list", "methodology", "corrections", "suggest", "rating-css", "impact"]
    names += ["subscribe"]
    names += ["feed-rss", "feed-atom", "feed-corrections"]
    return {name.replace("-", "_"): reverse(f"claims:{name}") for name in names}


@cache
def site_urls():
    """``page_urls()`` and the style sheets."""
    return {**page_urls(), "site_css": static("css/site.css"), "print_css": static("css/print.css")}
