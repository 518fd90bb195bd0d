"""The public list's filters, shared by the list page, the feeds and the data exports."""

from urllib.parse import urlencode

import django_filters
from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..models import Claim
from .lookups import facet_choices, facet_labels
from .pagination import PAGE_PARAMETERS


class DateInput(forms.DateInput):
    input_type = "date"  # the browser's date picker


class ShortMenu(forms.Select):
    """A menu of every choice up to ``limit``; beyond it, only the chosen one.

    At newsroom scale there are thousands of speakers and sources: a menu of every one is
    unusable and makes each list page megabytes long. Readers reach a speaker's or a source's
    checks from its page or by searching its name; the menu still shows and clears the choice.
    """

    limit = 100

    def optgroups(self, name, value, attrs=None):
        choices = list(self.choices)
        if len(choices) > self.limit:
            chosen = {str(item) for item in value}
            self.choices = [(key, label) for key, label in choices if key == "" or key in chosen]
        return super().optgroups(name, value, attrs)


class ClaimFilterForm(forms.Form):
    template_name = "claims/forms/filters.html"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The “from” date must be on or before the “to” date."))
        return cleaned


class MenuField(django_filters.fields.ChoiceField):
    """A choice among a facet's menu, checked and named by its slug: a menu can hold
    thousands of speakers and sources, too many to walk on every request."""

    def __init__(self, *, facet, **kwargs):
        self.facet = facet
        super().__init__(**kwargs)

    def valid_value(self, value):
        return str(value) in facet_labels()[self.facet]

    def label_for(self, value):
        return facet_labels()[self.facet].get(value, value)


class MenuFilter(django_filters.ChoiceFilter):
    field_class = MenuField


def menu(facet, field_name, label, empty_label):
    """A filter on ``field_name`` by slug, its menu the cached choices of ``facet`` (only
    speakers, topics and sources with a published check)."""
    return MenuFilter(
        field_name=field_name,
        label=label,
        empty_label=empty_label,
        choices=lambda: facet_choices()[facet],
        widget=ShortMenu,
        facet=facet,
    )


class ClaimFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search_text", label=_("Search"), max_length=200)
    rating = menu("rating", "rating__slug", _("Verdict"), _("Any verdict"))
    speaker = menu("speaker", "speaker__slug", _("Speaker"), _("Anyone"))
    topic = menu("topic", "topics__slug", _("Topic"), _("Any topic"))
    source = menu("source", "source__slug", _("Source"), _("Any source"))
    date_from = django_filters.DateFilter(
        field_name="claim_date", lookup_expr="gte", label=_("Said from"), widget=DateInput
    )
    date_to = django_filters.DateFilter(
        field_name="claim_date", lookup_expr="lte", label=_("Said until"), widget=DateInput
    )

    class Meta:
        model = Claim
        fields = []
        form = ClaimFilterForm

    def __init__(self, data=None, queryset=None, **kwargs):
        if data is not None and not data.keys() - set(PAGE_PARAMETERS):
            data = None  # no filter, only a page: the whole list, with nothing to validate
        if queryset is None:
            queryset = Claim.objects.listed().in_language(get_language()).newest_first()
        super().__init__(data, queryset=queryset, **kwargs)

    def is_valid(self):
        """Valid when every filter given is (no filter at all lists every published check)."""
        return not self.is_bound or super().is_valid()

    def search_text(self, queryset, name, value):
        return queryset.search(value) if value.strip() else queryset

    def active_filters(self):
        """(label, shown value, query string without it) for each filter in use."""
        if not self.is_bound or not self.is_valid():
            return []
        active = []
        for name, value in self.form.cleaned_data.items():
            if value in (None, ""):
                continue
            field = self.form.fields[name]
            shown = field.label_for(value) if isinstance(field, MenuField) else value
            remaining = [
                (key, item)
                for key, items in self.data.lists()
                if key != name and key not in PAGE_PARAMETERS
                for item in items
            ]
            active.append((field.label, shown, urlencode(remaining)))
        return active
