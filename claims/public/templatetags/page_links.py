"""A list page's "Newer" and "Older" links, written out in Python.

Every list page shows them, hundreds of times a second; as an included template they cost
a tenth of the page. Keyset pages (``claims.pagination.CardPaginator``) carry the key of the
first or last card shown, so the next page is an index seek from there.
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def page_links(context):
    """Links around ``page`` in the context, keeping the list's ``query`` (its filters)."""
    page = context["page"]
    if not page.has_other_pages():
        return ""
    query = context.get("query", "")
    start = f"?{escape(query)}&amp;page=" if query else "?page="
    parts = []
    if page.has_previous():
        key = getattr(page, "before_key", "")
        href = f"{start}{page.previous_page_number()}" + (f"&amp;before={key}" if key else "")
        parts.append(f'<a rel="prev" href="{href}">← Newer</a>')
    parts.append(f"<span>Page {page.number} of {page.paginator.num_pages}</span>")
    if page.has_next():
        key = getattr(page, "after_key", "")
        href = f"{start}{page.next_page_number()}" + (f"&amp;after={key}" if key else "")
        parts.append(f'<a rel="next" href="{href}">Older →</a>')
    links = "\n  ".join(parts)
    return mark_safe(f'<nav class="pagination" aria-label="Pages">\n  {links}\n</nav>\n')
