"""Addresses every page links to."""

from functools import cache

from django.templatetags.static import static
from django.urls import reverse


@cache
def site_urls():
    """The addresses every page's head, header and footer link to, reversed once per process:
    reversing them on each request cost more than the rest of the page's frame."""
    names = ["home", "list", "methodology", "corrections", "suggest", "rating-css"]
    names += ["feed-rss", "feed-atom", "feed-corrections"]
    urls = {name.replace("-", "_"): reverse(f"claims:{name}") for name in names}
    return {**urls, "site_css": static("css/site.css"), "print_css": static("css/print.css")}
