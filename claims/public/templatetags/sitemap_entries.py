"""A sitemap page's ``<url>`` entries, written out in Python.

Django's sitemap template renders each of a page's 5,000 addresses through template tags and
filters, which took most of a second; written here, the page takes a small part of that. Each
entry holds what Django's template writes (no alternates: this site has one language).
"""

from datetime import datetime
from html import escape

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def url_entries(urlset):
    """One ``<url>`` per address in ``urlset`` (as Django's sitemap view builds it)."""
    return mark_safe("".join(_entry(url) for url in urlset))


def _entry(url):
    parts = [f"<url><loc>{escape(url['location'])}</loc>"]
    if url["lastmod"]:
        parts.append(f"<lastmod>{_day(url['lastmod'])}</lastmod>")
    if url["changefreq"]:
        parts.append(f"<changefreq>{escape(url['changefreq'])}</changefreq>")
    if url["priority"]:
        parts.append(f"<priority>{escape(str(url['priority']))}</priority>")
    parts.append("</url>\n")
    return "".join(parts)


def _day(moment):
    """The date in this site's time zone, as the template's ``date:"Y-m-d"`` shows it."""
    if isinstance(moment, datetime) and timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%Y-%m-%d")
