"""Post admin forms the way a browser would: the values the page showed, changed where asked."""

import html
import re

from django.urls import reverse

HIDDEN_INPUT = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def change_url(claim):
    return reverse("admin:claims_claim_change", args=[claim.pk])


def form_values(response):
    """The change form's fields and inline formsets as the page rendered them."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update(
            {management.add_prefix(name): management[name].value() for name in management.fields}
        )
        forms += formset.forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            key = form.add_prefix(name)
            data[key] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    return data


def open_change_form(client, claim):
    response = client.get(change_url(claim))
    assert response.status_code == 200
    return form_values(response)


def hidden_inputs(response):
    """{name: [values]} of the hidden inputs of a rendered page (e.g. a confirmation form)."""
    found = {}
    for name, value in HIDDEN_INPUT.findall(response.content.decode()):
        found.setdefault(html.unescape(name), []).append(html.unescape(value))
    return found
