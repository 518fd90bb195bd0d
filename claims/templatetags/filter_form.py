"""The list page's filters, written out in Python.

The list page is served hundreds of times a second; Django's widget templates cost more
than the rest of the page, so each filter's label and control are formatted here (every
value escaped by ``format_html``).
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def filter_fields(form):
    """A paragraph per filter: its label, its control and its errors."""
    return format_html_join("", "{}", ((_field(field),) for field in form))


def _field(field):
    errors = (
        format_html('<span class="field-error" role="alert">{}</span>', " ".join(field.errors))
        if field.errors
        else ""
    )
    return format_html(
        '<p class="field{}">{}{}</p>\n',
        " has-error" if field.errors else "",
        _control(field),
        errors,
    )


def _control(field):
    """``<label>`` and ``<select>`` or ``<input>`` for one bound filter field."""
    value = field.value()
    invalid = mark_safe(' aria-invalid="true"') if field.errors else ""
    label = format_html('<label for="{}">{}:</label> ', field.auto_id, field.label)
    if field.widget_type == "select":
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (choice, mark_safe(" selected") if choice == value else "", name)
                for choice, name in field.field.choices
            ),
        )
        control = format_html(
            '<select name="{}" id="{}"{}>{}</select>',
            field.html_name,
            field.auto_id,
            invalid,
            options,
        )
    else:
        limit = field.field.max_length if hasattr(field.field, "max_length") else None
        control = format_html(
            '<input type="{}" name="{}" id="{}" value="{}"{}{}>',
            field.field.widget.input_type,
            field.html_name,
            field.auto_id,
            "" if value is None else value,
            format_html(' maxlength="{}"', limit) if limit else "",
            invalid,
        )
    return label + control
