"""The public list's filters, shared by the list page, the feeds and the data exports."""

import copy
from html import escape
from urllib.parse import urlencode

import django_filters
from django import forms
from django_filters.constants import EMPTY_VALUES

from ..cache import RecentValues
from ..models import Claim
from .lookups import FACETS, facet_choices, facet_ids, facet_labels
from .pagination import PAGE_PARAMETERS


class DateInput(forms.DateInput):
    input_type = "date"  # the browser's date picker


class ClaimFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("The “from” date must be on or before the “to” date.")
        return cleaned


class CopiedPerRequest:
    """Each FilterSet works on its own copy of the filters. A request changes only a copy's
    attributes and its ``extra`` (the menu's choices), so a shallow copy with its own ``extra``
    will do, where a deep copy of every filter cost half of building the FilterSet."""

    def __deepcopy__(self, memo):
        clone = copy.copy(self)
        clone.extra = dict(self.extra)
        if self.method is not None:
            clone.method = self.method  # the method is looked up on the copy's own FilterSet
        return clone


class SharedParts:
    """A form field whose per-request copies share its widget, validators and menu: each request's
    form copies every field, and nothing changes a field after its form class is built
    (``ClaimFilter.get_form_class``), so deep copies bought nothing."""

    def __deepcopy__(self, memo):
        return copy.copy(self)


class TextField(SharedParts, forms.CharField):
    pass


class DayField(SharedParts, forms.DateField):
    pass


class MenuField(SharedParts, django_filters.fields.ChoiceField):
    """A filter's menu, its ``<option>`` elements written once with its form class."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options_html = "".join(
            f'<option value="{escape(str(value))}">{escape(str(label))}</option>'
            for value, label in self.choices
        )


class TextFilter(CopiedPerRequest, django_filters.CharFilter):
    field_class = TextField


class DateFilter(CopiedPerRequest, django_filters.DateFilter):
    field_class = DayField


class FacetFilter(CopiedPerRequest, django_filters.ChoiceFilter):
    """A menu of slugs (``facet`` in ``claims.lookups``) that filters on the chosen one's primary
    key: the query then needs no join to the speaker, verdict, topic or source table."""

    field_class = MenuField

    def __init__(self, facet, **kwargs):
        self.facet = facet
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return qs.filter(**{self.field_name: facet_ids()[self.facet][value]})


class ClaimFilter(django_filters.FilterSet):
    q = TextFilter(method="search_text", label="Search", max_length=200)
    rating = FacetFilter("rating", field_name="rating", label="Verdict", empty_label="Any verdict")
    speaker = FacetFilter("speaker", field_name="speaker", label="Speaker", empty_label="Anyone")
    topic = FacetFilter("topic", field_name="topics", label="Topic", empty_label="Any topic")
    source = FacetFilter("source", field_name="source", label="Source", empty_label="Any source")
    date_from = DateFilter(
        field_name="claim_date",
        lookup_expr="gte",
        label="Said from",
        widget=DateInput,
    )
    date_to = DateFilter(
        field_name="claim_date",
        lookup_expr="lte",
        label="Said until",
        widget=DateInput,
    )

    class Meta:
        model = Claim
        fields = []
        form = ClaimFilterForm

    def __init__(self, data=None, queryset=None, **kwargs):
        if data is not None and not data.keys() - set(PAGE_PARAMETERS):
            data = None  # no filter, only a page: the whole list, with nothing to validate
        if queryset is None:
            queryset = Claim.objects.listed().newest_first()
        super().__init__(data, queryset=queryset, **kwargs)
        for name, choices in facet_choices().items():
            if len(choices) > self.menu_limit:
                choices = self.chosen_only(name)
            self.filters[name].extra["choices"] = choices

    # At newsroom scale there are thousands of speakers and sources: a menu of every one is
    # unusable, makes each list page megabytes long and costs more to build than the page.
    # Beyond this many, the menu holds only the chosen one (to show and clear it); readers
    # reach a speaker's or a source's checks from its page or by searching its name.
    menu_limit = 100

    # The form class for each set of menus (they change with the data and with the chosen
    # speaker or source), built once per process rather than on every request.
    form_classes = RecentValues(32)

    def get_form_class(self):
        menus = tuple(tuple(self.filters[name].extra["choices"]) for name in FACETS)
        form_class = self.form_classes.get(menus)
        if form_class is None:
            form_class = super().get_form_class()
            self.form_classes.set(menus, form_class)
        return form_class

    def is_valid(self):
        """Valid when every filter given is (no filter at all lists every published check)."""
        return not self.is_bound or super().is_valid()

    def chosen_only(self, name):
        chosen = self.data.get(name) if self.data is not None else None
        label = facet_labels()[name].get(chosen)
        return [(chosen, label)] if label is not None else []

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
            shown = dict(field.choices).get(value, value) if hasattr(field, "choices") else value
            remaining = [
                (key, item)
                for key, items in self.data.lists()
                if key != name and key not in PAGE_PARAMETERS
                for item in items
            ]
            active.append((field.label, shown, urlencode(remaining)))
        return active
