"""The public list's filters, shared by the list page, the feeds and the data exports."""

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Value
from django.db.models.functions import Coalesce

from . import cache
from .models import Claim, Rating, Source, Speaker, Topic


def facet_choices():
    """Choices for each filter: only speakers, topics and sources with a listed check.

    Built in one query and cached per data generation, so a list page costs no query for
    its filter menus.
    """

    def build():
        listed = Claim.objects.listed()

        def used_by(model, lookup):
            return model.objects.filter(Exists(listed.filter(**{lookup: OuterRef("pk")})))

        parts = [  # (filter, rows, label, position: the rating scale best first)
            ("rating", Rating.objects.all(), "name", Coalesce(-F("value"), 0)),
            ("speaker", used_by(Speaker, "speaker"), "name", Value(0)),
            ("topic", used_by(Topic, "topics"), "name", Value(0)),
            ("source", used_by(Source, "source"), "title", Value(0)),
        ]
        first, *rest = [
            rows.order_by().values_list(Value(name), "slug", label, position)
            for name, rows, label, position in parts
        ]
        facets = {name: [] for name, *_ in parts}
        rows = first.union(*rest, all=True)
        for name, slug, label, _ in sorted(rows, key=lambda row: (row[3], row[2].casefold())):
            facets[name].append((slug, label))
        return facets

    return cache.get_or_build("facets", build)


class ClaimFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("The “from” date must be on or before the “to” date.")
        return cleaned


class ClaimFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search_text", label="Search", max_length=200)
    rating = django_filters.ChoiceFilter(
        field_name="rating__slug", label="Verdict", empty_label="Any verdict"
    )
    speaker = django_filters.ChoiceFilter(
        field_name="speaker__slug", label="Speaker", empty_label="Anyone"
    )
    topic = django_filters.ChoiceFilter(
        field_name="topics__slug", label="Topic", empty_label="Any topic"
    )
    source = django_filters.ChoiceFilter(
        field_name="source__slug", label="Source", empty_label="Any source"
    )
    date_from = django_filters.DateFilter(
        field_name="claim_date",
        lookup_expr="gte",
        label="Said from",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        field_name="claim_date",
        lookup_expr="lte",
        label="Said until",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Claim
        fields = []
        form = ClaimFilterForm

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            queryset = Claim.objects.listed().for_list()
        super().__init__(data, queryset=queryset, **kwargs)
        for name, choices in facet_choices().items():
            if len(choices) > self.menu_limit:
                choices = self.chosen_only(name, choices)
            self.filters[name].extra["choices"] = choices

    # At newsroom scale there are thousands of speakers and sources: a menu of every one is
    # unusable, makes each list page megabytes long and costs more to build than the page.
    # Beyond this many, the menu holds only the chosen one (to show and clear it); readers
    # reach a speaker's or a source's checks from its page or by searching its name.
    menu_limit = 100

    def chosen_only(self, name, choices):
        chosen = self.data.get(name) if self.data is not None else None
        label = dict(choices).get(chosen)
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
            remaining = self.data.copy()
            remaining.pop(name, None)
            remaining.pop("page", None)
            active.append((field.label, shown, remaining.urlencode()))
        return active
