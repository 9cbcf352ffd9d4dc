"""The admin's paginator: exact counts, except where counting would read a whole large table.

An admin list with no filter counts every row of its table on each page view: on a million
events that is the slowest part of the page. PostgreSQL keeps an estimate of each table's
size, refreshed by (auto)vacuum and ``ANALYZE``; for an unfiltered list of a table estimated
above ``ESTIMATE_ABOVE`` rows that estimate is used, and the page says "about". Filtered lists,
small tables and SQLite count exactly.
"""

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

ESTIMATE_ABOVE = 100_000


class EstimatingPaginator(Paginator):
    estimate_above = ESTIMATE_ABOVE

    @cached_property
    def count(self):
        estimate = self.table_estimate()
        if estimate is not None and estimate > self.estimate_above:
            self.count_is_estimated = True
            return estimate
        self.count_is_estimated = False
        return super().count

    def table_estimate(self):
        """The planner's row estimate of the list's table, or None where it does not apply."""
        queryset = self.object_list
        query = getattr(queryset, "query", None)
        if query is None or query.where or query.distinct or query.is_sliced:
            return None
        connection = connections[queryset.db]
        if connection.vendor != "postgresql":
            return None
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE oid = to_regclass(%s)", [queryset.model._meta.db_table]
            )
            row = cursor.fetchone()
        # -1 means "never analyzed": count.
        return int(row[0]) if row and row[0] >= 0 else None


class LargeListAdminMixin:
    """Admin lists that stay quick on large tables.

    The size of an unfiltered list may be an estimate (above), and a filtered list offers "Show
    all" rather than counting the whole table a second time for its "N total".
    """

    paginator = EstimatingPaginator
    show_full_result_count = False
