"""The list page's filters, written out in Python.

The list page is served hundreds of times a second; Django's widget templates cost more
than the rest of the page, so each filter's label and control, and the filters in use, are
written here. Every value is escaped with the standard library's ``html.escape`` (which
Django's own ``escape`` wraps).
"""

from html import escape

from django import template
from django.utils.formats import localize
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def filter_fields(form):
    """A paragraph per filter: its label, its control and its errors."""
    return mark_safe("".join(_field(field) for field in form))


@register.simple_tag
def active_filters(filterset):
    """The filters in use, each with a link to the list without it."""
    items = []
    for label, value, rest in filterset.active_filters():
        label, value = escape(str(label)), escape(str(localize(value)))
        items.append(
            f"  <li><span>{label}: <strong>{value}</strong></span> "
            f'<a href="?{escape(rest)}" aria-label="Remove filter {label}: {value}">✕</a></li>\n'
        )
    if not items:
        return ""
    return mark_safe(
        f'<ul class="active-filters" aria-label="Active filters">\n{"".join(items)}</ul>\n'
    )


def _field(field):
    errors = " ".join(field.errors)
    return (
        f'<p class="field{" has-error" if errors else ""}">'
        f'<label for="{escape(field.auto_id)}">{escape(str(field.label))}:</label> '
        f"{_control(field, invalid=bool(errors))}"
        + (f'<span class="field-error" role="alert">{escape(errors)}</span>' if errors else "")
        + "</p>\n"
    )


def _control(field, invalid):
    """``<select>`` (every menu is a ``MenuField``) or ``<input>`` for one bound filter field."""
    value = field.value()
    common = f'name="{escape(field.html_name)}" id="{escape(field.auto_id)}"'
    common += ' aria-invalid="true"' if invalid else ""
    if field.widget_type == "select":
        options = field.field.options_html  # written once per menu (``MenuField``)
        if value is not None:
            option = f'<option value="{escape(str(value))}">'
            options = options.replace(option, f"{option[:-1]} selected>", 1)
        return f"<select {common}>{options}</select>"
    limit = getattr(field.field, "max_length", None)
    return (
        f'<input type="{escape(field.field.widget.input_type)}" {common} '
        f'value="{escape("" if value is None else str(value))}"'
        + (f' maxlength="{limit}"' if limit else "")
        + ">"
    )
