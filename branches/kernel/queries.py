"""Query pieces shared by the apps' selectors and views."""

import re
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, IntegerField, Max, Min, Q, Subquery, Value

# a staff number: letters, digits and hyphens (the model's validator, and the searches)
STAFF_NUMBER_PATTERN = re.compile(r"\A[A-Za-z0-9-]{1,20}\Z")


class count_of(Subquery):  # noqa: N801 (reads as a function in an annotation)
    """The number of rows of a correlated queryset (one that uses OuterRef), as a column.

    Unlike ``Count("relation")``, which joins and groups every row of a list before the page is
    cut, this counts for each row shown only.
    """

    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    output_field = IntegerField()

    def __init__(self, queryset, **extra):
        super().__init__(queryset.order_by().values("pk"), **extra)


class CountedPaginator(Paginator):
    """A paginator told its count, by a caller that counted in a cheaper way than COUNT(*)."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self.known_count = count

    @property
    def count(self):
        return self.known_count


def years_spanned(queryset, field):
    """The years from the earliest to the latest value of the date ``field``, newest first.

    Two index lookups (MIN and MAX), where ``dates(field, "year")`` reads every row, such as all
    the satisfaction tallies of a province (docs/PERFORMANCE.md).
    """
    bounds = queryset.aggregate(first=Min(field), last=Max(field))
    if bounds["first"] is None:
        return []
    return list(range(bounds["last"].year, bounds["first"].year - 1, -1))


def text_contains(field, text):
    """``field`` contains ``text``: ignoring case only when the text has letters with a case.

    Names, titles and pledges are written in Chinese, which has no case; a case-insensitive
    match would upper-case every row's text for nothing (``UPPER(name) LIKE`` rather than
    ``LIKE``; docs/PERFORMANCE.md). The results are the same either way.
    """
    lookup = "contains" if text.upper() == text.lower() else "icontains"
    return Q(**{f"{field}__{lookup}": text})


def code_is(field, text):
    """``field``, a code of letters, digits and hyphens (a staff number, a window's code), is
    ``text`` ignoring case; a match of nothing when ``text`` cannot be such a code.

    A name searched for is most often Chinese, which no code holds; leaving the code out then
    spares ``UPPER(staff_number)`` of every row, the costliest part of the people search
    (docs/PERFORMANCE.md). ``IN ()`` drops out of an OR in SQL.
    """
    if not STAFF_NUMBER_PATTERN.search(text):
        return Q(**{f"{field}__in": []})
    return Q(**{f"{field}__iexact": text})


def page_by_ids(queryset, per_page, number):
    """A page of ``queryset``, read once for all its ids in order, then for the page's rows.

    For a filter that no index serves (a part of a name searched for), which reads every row:
    the paginator's COUNT(*) read them all, and the page's query again, walking an index in the
    page's order far before it found the first matches. Reading all the ids once costs less
    than those two reads (docs/PERFORMANCE.md).
    """
    page = Paginator(list(queryset.values_list("pk", flat=True)), per_page).get_page(number)
    rows = queryset.in_bulk(page.object_list)
    page.object_list = [rows[pk] for pk in page.object_list if pk in rows]
    return page


@dataclass(frozen=True)
class Distinct:
    """For :func:`counts`: the number of distinct values of ``field`` among the rows of
    ``queryset`` (the people who gave a lecture of the year, counted from the lectures' speakers)."""

    queryset: object
    field: str


def counts(parts):
    """``{name: n}``: the number of rows of each named queryset of ``parts`` (or of distinct values,
    for a :class:`Distinct`), in one UNION ALL query.

    Each count is read the cheapest way its own filter allows (an index, most often), where one
    ``aggregate(Count(filter=...))`` per figure reads every row and tests every filter on each.
    """
    names = list(parts)
    rows = [
        _counted(part).order_by().annotate(part=Value(index)).values("part")
        .annotate(n=Count(part.field, distinct=True) if isinstance(part, Distinct) else Count("*"))
        .values_list("part", "n")
        for index, part in enumerate(parts.values())
    ]
    found = dict(rows[0].union(*rows[1:], all=True))
    return {name: found.get(index, 0) for index, name in enumerate(names)}


def _counted(part):
    return part.queryset if isinstance(part, Distinct) else part


def counts_by_branch(parts):
    """``{name: {branch id: n}}`` for each named queryset of ``parts``, in one UNION ALL query.

    Each queryset is given as ``(queryset, branch field)`` and is counted per value of that field
    (``COUNT(*)``, so that an index holding the field answers alone). A dashboard that shows a
    page of branches side by side asks several tables for a count per branch; one round trip
    instead of one per table is what keeps its query count, and its time, down.
    """
    names = list(parts)
    rows = [
        queryset.order_by().annotate(part=Value(index)).values_list(field, "part").annotate(n=Count("*"))
        for index, (queryset, field) in enumerate(parts.values())
    ]
    counts = {name: {} for name in names}
    for branch_id, part, n in rows[0].union(*rows[1:], all=True):
        by_branch = counts[names[part]]
        by_branch[branch_id] = by_branch.get(branch_id, 0) + n
    return counts


def insert_from(model, queryset):
    """INSERT INTO the model's table the rows ``queryset`` selects (a values() query whose names
    are the model's fields, an annotation's name ending in "_")."""
    query = queryset.query
    selected = [name.removesuffix("_") for name in query.selected]  # in the SELECT's order
    sql, params = query.sql_with_params()
    quote = connection.ops.quote_name
    names = ", ".join(quote(model._meta.get_field(name).column) for name in selected)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({names}) {sql}", params)
