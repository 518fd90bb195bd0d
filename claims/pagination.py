"""Paginators that do not COUNT a large table on every page view."""

from hashlib import sha256

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

from . import cache


class CachedCountPaginator(Paginator):
    """Counts each distinct query once per data generation (the count only changes with it),
    and reaches deep pages through the index."""

    @cached_property
    def count(self):
        try:
            sql = str(self.object_list.query)
        except EmptyResultSet:
            return 0
        key = "count:" + sha256(sql.encode()).hexdigest()
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
