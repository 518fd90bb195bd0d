"""Paginators that do not COUNT a large table on every page view."""

import re
from datetime import UTC, datetime, timedelta
from hashlib import sha256

from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import Q
from django.utils.functional import cached_property

from . import cache


class CachedCountPaginator(Paginator):
    """Counts each distinct query once per data generation (the count only changes with it),
    and reaches deep pages through the index.

    ``list_key`` names the list when something cheaper than its SQL does (a page's filters).
    """

    def __init__(self, object_list, per_page, list_key=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.list_key = list_key

    @cached_property
    def count(self):
        if self.list_key is None:
            try:
                self.list_key = str(self.object_list.query)
            except EmptyResultSet:
                return 0
        key = "count:" + sha256(self.list_key.encode()).hexdigest()
        return cache.get_or_build(key, lambda: Paginator.count.func(self))

    # From this many rows in, a page finds its rows' keys first, then the rows: an OFFSET
    # over the joined rows makes PostgreSQL sort the whole list instead of using the index.
    deep = 1_000

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom < self.deep:
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        return self._get_page(self.object_list.filter(pk__in=keys), number, self)


# Which page of a list: its number, and the key of the card next to it when reached by a link.
PAGE_PARAMETERS = ("page", "after", "before")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
KEY = re.compile(r"^([0-9]{1,20})-([0-9]{1,20})$")


def card_key(published_at, pk):
    """A card's place in the newest-first order, for a link: microseconds-pk."""
    return f"{(published_at - EPOCH) // timedelta(microseconds=1)}-{pk}"


def _parse_key(text):
    match = KEY.match(text or "")
    if not match:
        return None
    try:
        return EPOCH + timedelta(microseconds=int(match[1])), int(match[2])
    except OverflowError:
        return None


class CardPaginator(CachedCountPaginator):
    """Newest-first checks whose "Older" and "Newer" links carry
    the key of the last or first card shown, so that the next page is found through the
    index from that key (keyset pagination) instead of by skipping every row before it."""

    def get_page(self, number, after="", before=""):
        ordered = self.object_list.query.order_by == ("-published_at", "-pk")
        after, before = (_parse_key(after), _parse_key(before)) if ordered else (None, None)
        if after or before:
            try:
                number = self.validate_number(number)
            except (PageNotAnInteger, EmptyPage):
                after = before = None
        if after:
            published_at, pk = after
            # A range on the index's column, then the tie on the key: both databases seek.
            older = Q(published_at__lte=published_at) & ~Q(published_at=published_at, pk__gte=pk)
            page = Page(list(self.object_list.filter(older)[: self.per_page]), number, self)
        elif before:
            published_at, pk = before
            newer = Q(published_at__gte=published_at) & ~Q(published_at=published_at, pk__lte=pk)
            rows = self.object_list.filter(newer).order_by("published_at", "pk")
            page = Page(list(rows[: self.per_page])[::-1], number, self)
        else:
            page = super().get_page(number)
        rows = list(page.object_list)
        page.object_list = rows
        page.after_key = card_key(rows[-1].published_at, rows[-1].pk) if ordered and rows else ""
        page.before_key = card_key(rows[0].published_at, rows[0].pk) if ordered and rows else ""
        return page


class EstimatedCountPaginator(Paginator):
    """The planner's row estimate for an unfiltered PostgreSQL table, an exact count otherwise.

    For the editors' desk, where a full COUNT of a large table on every view buys nothing.
    """

    exact_below = 10_000

    @cached_property
    def count(self):
        queryset = self.object_list
        connection = connections[queryset.db]
        if connection.vendor == "postgresql" and not queryset.query.where:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                    [queryset.model._meta.db_table],
                )
                estimate = cursor.fetchone()[0]
            if estimate >= self.exact_below:
                return estimate
        return Paginator.count.func(self)
