"""Template helpers for share-ready pages."""

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from ..claimreview import json_for_script

register = template.Library()


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        # The content was escaped as it rendered; store it as the safe string it is.
        context[self.name] = mark_safe(self.nodelist.render(context).strip())
        return ""


@register.tag
def capture(parser, token):
    """``{% capture as name %}…{% endcapture %}`` renders once and keeps the text in ``name``.

    base.html captures a page's title and description blocks so the same text fills
    <title>, the meta description and the OpenGraph and Twitter tags.
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Use {% capture as name %}…{% endcapture %}.")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.filter
def ld_json(data):
    """``data`` as the body of a ``<script type="application/ld+json">`` block."""
    return mark_safe(json_for_script(data))  # JSON with <, > and & escaped: inert in a script


@register.simple_tag(takes_context=True)
def absolute_url(context, view_name, *args):
    """The absolute address of the named view on the site the reader used."""
    return context["request"].build_absolute_uri(reverse(view_name, args=args))
