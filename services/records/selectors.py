"""The queries behind the record pages: one timeline over every kind, counts for badges, recent photos."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import CharField, Count, Q, Sum, Value

from branches.kernel.queries import CountedPaginator
from branches.kernel.scope import scope_for
from services.records.kinds import KINDS
from services.records.models import ReviewStatus
from services.records.photos import RecordPhoto
from services.records.tallies import BranchTally, CommitteeTally

PAGE_SIZE = 25


def record_timeline(querysets, *, page_number, page_size=PAGE_SIZE, total=None):
    """A page of records of several kinds, newest first, in a bounded number of queries.

    ``querysets`` maps a kind's slug to that kind's (already scoped and filtered) queryset. Each
    kind is counted (unless the caller knows the ``total`` already), and cut to the rows up to the
    page's end, on its own (newest first, so an index serves it); the cuts are merged in SQL
    (UNION ALL of slug, id and dates), the page is taken there, and only the page's records are
    loaded, one query per kind on the page.
    """
    if not querysets:
        return Paginator([], page_size).get_page(1)
    if total is None:
        total = sum(queryset.order_by().count() for queryset in querysets.values())
    paginator = CountedPaginator([], page_size, count=total)
    number = paginator.validate_number(paginator.get_page(page_number).number)
    end = number * page_size
    newest = ("-date", "-submitted_at", "-pk")
    parts = [
        queryset.model.objects.filter(pk__in=queryset.order_by(*newest).values("pk")[:end])
        .order_by()
        .annotate(kind_slug=Value(slug, output_field=CharField()))
        .values_list("kind_slug", "pk", "date", "submitted_at")
        for slug, queryset in querysets.items()
    ]
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    union = union.order_by("-date", "-submitted_at", "-pk")
    rows = list(union[end - page_size:end])
    loaded = {}
    for slug in {row[0] for row in rows}:
        ids = [row[1] for row in rows if row[0] == slug]
        loaded[slug] = KINDS[slug].card_queryset().in_bulk(ids)
    page = paginator.page(number)
    page.object_list = [loaded[slug][pk] for slug, pk, *_ in rows if pk in loaded[slug]]
    return page


def next_to_review(user):
    """The newest waiting record the user may review now (never their own), or None: where
    "approve and next" goes. One query per kind, then the one record."""
    person_id = scope_for(user).person_id
    newest = None
    for slug, kind in KINDS.items():
        row = (
            kind.model.objects.manageable_by(user).waiting_for_review()
            .exclude(person=person_id).exclude(submitted_by=user)
            .order_by("-date", "-submitted_at", "-pk").values_list("date", "submitted_at", "pk").first()
        )
        if row is not None and (newest is None or row > newest[0]):
            newest = (row, slug)
    if newest is None:
        return None
    return KINDS[newest[1]].model.objects.get(pk=newest[0][2])


NOT_APPROVED = [status for status in ReviewStatus.values if status != ReviewStatus.APPROVED]


def record_list_totals(kind, records, filters, *, user):
    """The totals above a list of records (``kind.totals_of``), over every filtered row.

    The committee's lists span a province's five years, too many rows to sum for every page
    (docs/PERFORMANCE.md). When the filters allow it (the committee's scope, no search by name,
    whole months) the approved records, 95 % of them, are summed from the monthly tallies
    instead, kept in the same transaction as every review (services.records.tallies), and only the
    others from their rows.
    ``filters`` is the filter form's cleaned data, as it filtered ``records``.
    """
    cells = _tally_cells(kind, filters, user)
    if cells is None:
        return kind.totals_of(records)
    fields = ["records", *kind.tallied_totals]
    approved = cells.aggregate(**{name: Sum(name, default=0) for name in fields})
    sums = [approved[name] for name in fields]
    if not filters.get("status"):
        others = kind.sums_of(records.filter(status__in=NOT_APPROVED))
        sums = [a + b for a, b in zip(sums, others)]
    return kind.labelled_totals(sums)


def _tally_cells(kind, filters, user):
    """The tally cells holding exactly the approved records the filters select, or None."""
    status, start, end = filters.get("status"), filters.get("date_from"), filters.get("date_to")
    whole_months = (start is None or start.day == 1) and (end is None or (end + datetime.timedelta(days=1)).day == 1)
    if (
        kind.tallied_totals is None
        or not scope_for(user).sees_all
        or filters.get("q")
        or status not in ("", None, ReviewStatus.APPROVED)
        or not whole_months
    ):
        return None
    branch = filters.get("branch")
    cells = CommitteeTally.objects.all() if branch is None else BranchTally.objects.filter(branch=branch)
    cells = cells.filter(kind=kind.slug)
    if start is not None:
        cells = cells.filter(month__gte=start)
    if end is not None:
        cells = cells.filter(month__lte=end.replace(day=1))
    if filters.get("subkind"):
        cells = cells.filter(subkind=filters["subkind"])
    return cells


def counts_by_status(querysets):
    """How many records of these querysets are in each review status, in one query."""
    parts = [
        queryset.order_by().values("status").annotate(count=Count("pk")).values_list("status", "count")
        for queryset in list(querysets)
    ]
    counts = {}
    if parts:
        for status, count in parts[0].union(*parts[1:], all=True):
            counts[status] = counts.get(status, 0) + count
    return counts


def my_record_counts(person):
    """How many of the person's records wait, were returned, were approved: one query."""
    return counts_by_status(kind.model.objects.filter(person=person) for kind in KINDS.values())


def people_who_logged(person_ids, period):
    """The ids among ``person_ids`` of those who logged a record of any kind dated in ``period``,
    whatever its status: one query."""
    parts = [
        kind.model.objects.filter(person__in=person_ids, date__range=(period.start, period.end))
        .order_by().values_list("person", flat=True).distinct()
        for kind in KINDS.values()
    ]
    return set(parts[0].union(*parts[1:]))


def counts_by_person(person_ids, period):
    """``{person id: {kind slug: {status: n}}}`` of the people's records dated in ``period``,
    whatever their status: a query per kind."""
    counts = defaultdict(lambda: defaultdict(dict))
    for slug, kind in KINDS.items():
        rows = (
            kind.model.objects.filter(person__in=person_ids, date__range=(period.start, period.end))
            .order_by().values_list("person", "status").annotate(n=Count("*"))
        )
        for person_id, status, n in rows:
            counts[person_id][slug][status] = n
    return counts


def waiting_for_review_count(user):
    """Records the user could review now (not their own), over every kind: one query.

    Counted without grouping by status (every row counted is waiting), so that each kind's count
    is read from its partial index of waiting records alone, rather than from the rows of a
    province's 38,000 waiting records, which are spread over the whole table (docs/PERFORMANCE.md).
    """
    person_id = scope_for(user).person_id
    parts = [
        kind.model.objects.manageable_by(user).waiting_for_review().exclude(person=person_id).order_by()
        .annotate(one=Value(1)).values("one").annotate(n=Count("*")).values_list("n", flat=True)
        for kind in KINDS.values()
    ]
    return sum(parts[0].union(*parts[1:], all=True))



@dataclass(frozen=True)
class RecentPhoto:
    """A photo with the record it belongs to, for a strip of thumbnails or the report: the
    caption comes from the record, which the viewer may see."""

    photo: object
    record: object
    kind: object

    @property
    def caption(self):
        """Kind, date, a themed party day's title and the branch: nothing of the people served,
        for a caption travels into the Word file the office hands out."""
        parts = [str(self.kind.label), self.record.date.isoformat(), getattr(self.record, "title", ""), self.record.branch.name]
        return " · ".join(part for part in parts if part)


def recent_photos(user, *, period=None, branch=None, kinds=None, limit=12):
    """The newest photos of approved records the user may see, newest record first, each with its
    record: one query, and one per kind of record among the photos, whatever their number.

    ``period`` (a ``Period``) bounds the records' dates, ``branch`` (a branch or its id) their
    branch, ``kinds`` (slugs such as "activity", or the record models) their kinds; None is all.

    Photos are far fewer than records, so the newest photos (by upload) of records the user may
    see are read first, in one query with each kind's records as a subquery; the records of those
    photos are then read for their pages and captions (one query per kind that has any), and the
    newest ``limit`` taken by the records' dates in Python.
    """
    limit = max(0, int(limit))
    slugs = set(KINDS) if kinds is None else {getattr(kind, "slug", kind) for kind in kinds}
    chosen = [kind for slug, kind in KINDS.items() if slug in slugs]
    if not chosen or limit == 0:
        return []
    kinds_by_type, wanted = {}, Q(pk__in=[])
    for kind in chosen:
        content_type = ContentType.objects.get_for_model(kind.model)
        records = kind.model.objects.visible_to(user).approved()
        if period is not None:
            records = records.filter(date__range=(period.start, period.end))
        if branch is not None:
            records = records.filter(branch=branch)
        kinds_by_type[content_type.pk] = kind
        wanted |= Q(content_type=content_type, object_id__in=records.values("pk"))
    newest = list(RecordPhoto.objects.filter(wanted).order_by("-pk")[: limit * len(chosen)])
    records = {}
    for content_type_id in {photo.content_type_id for photo in newest}:
        ids = {photo.object_id for photo in newest if photo.content_type_id == content_type_id}
        records[content_type_id] = kinds_by_type[content_type_id].card_queryset().in_bulk(ids)
    photos = [
        RecentPhoto(photo=photo, record=records[photo.content_type_id][photo.object_id], kind=kinds_by_type[photo.content_type_id])
        for photo in newest
    ]
    kind_order = {slug: index for index, slug in enumerate(KINDS)}
    photos.sort(key=lambda item: (item.record.date, -kind_order[item.kind.slug], item.record.pk, -item.photo.pk), reverse=True)
    return photos[:limit]
