"""Keeping the summary tables of services.models.tallies: from the records, never by hand.

Whenever a record is saved or deleted, the cells its old and new versions count in (if either
is approved) are recomputed from the approved records, inside the same transaction. A cell is
one branch's month of one kind of record; the committee's month follows by the difference, and a
member's year and an enterprise's year are recomputed alike.

Concurrency: the branches concerned are locked (in the order of their ids) before their cells
are read, and the committee's cells are changed by increments last, also in a fixed order. A
review transaction changes one record, so its locks are always taken in the same order: the
record, its branch, the committee's cells; two approvals never wait for each other in a circle.
The branch is locked FOR NO KEY UPDATE: that excludes the other tally writers of the branch, but
not the foreign-key checks of rows that refer to it, so logging a record in the branch (whose
check runs at its commit) never waits for an approval there.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, DecimalField, F, IntegerField, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear, TruncMonth
from django.db.models.signals import post_delete, post_save, pre_save

from branches.models import Branch, Committee
from services.models import (
    BranchTally,
    CommitteeTally,
    EnterpriseYearTally,
    MemberYearTally,
    MonthSatisfaction,
    SatisfactionTally,
    WindowYearSatisfaction,
    Patrol,
    PracticalDeed,
    ReviewStatus,
    ServiceActivity,
    ServiceKind,
    ServiceRecord,
)
from services.models.tallies import EvaluationSums, RecordSums


@dataclass(frozen=True)
class Tallied:
    """How one kind of record is tallied: its subkind field and what is summed besides the count."""

    model: type
    subkind: str | None
    sums: tuple = ()


TALLIED = {
    "service": Tallied(ServiceRecord, "kind", ("hours", "persons_sent")),
    "deed": Tallied(PracticalDeed, "beneficiary"),
    "activity": Tallied(ServiceActivity, "kind", ("people_reached", "enterprises_reached")),
    "patrol": Tallied(Patrol, None),
}
BY_MODEL = {tallied.model: slug for slug, tallied in TALLIED.items()}
ZERO = {name: 0 for name in RecordSums.SUMS}


@dataclass(frozen=True)
class Counted:
    """Where an approved record counts: the cells of its kind, branch, month, person, enterprise."""

    kind: str
    branch_id: int
    month: datetime.date
    person_id: int
    enterprise_id: int | None


def month_of(day):
    return day.replace(day=1)


def next_month(month):
    return (month + datetime.timedelta(days=32)).replace(day=1)


def counted(record):
    """Where ``record`` counts, or None when it does not (not approved)."""
    if record.status != ReviewStatus.APPROVED or record.date is None:
        return None
    kind = BY_MODEL[type(record)]
    door = kind == "service" and record.kind == ServiceKind.DOOR_TO_DOOR
    return Counted(kind, record.branch_id, month_of(record.date), record.person_id, record.enterprise_id if door else None)


def refresh(places):
    """Recompute every cell where the ``places`` (Counted, or None) count."""
    places = {place for place in places if place is not None}
    if not places:
        return
    with transaction.atomic():
        branch_ids = sorted({place.branch_id for place in places})
        list(Branch.objects.select_for_update(no_key=True).filter(pk__in=branch_ids).order_by("pk").values_list("pk", flat=True))
        changes = defaultdict(lambda: dict(ZERO))
        for kind, branch_id, month in sorted({(p.kind, p.branch_id, p.month) for p in places}):
            for subkind, difference in _refresh_branch_cell(kind, branch_id, month).items():
                for name, value in difference.items():
                    changes[(month, kind, subkind)][name] += value
        for person_id, branch_id, year in sorted({(p.person_id, p.branch_id, p.month.year) for p in places if p.kind == "service"}):
            _refresh_member_year(person_id, branch_id, year)
        for branch_id, enterprise_id, year in sorted({(p.branch_id, p.enterprise_id, p.month.year) for p in places if p.enterprise_id}):
            _refresh_enterprise_year(branch_id, enterprise_id, year)
        for (month, kind, subkind), difference in sorted(changes.items()):
            if any(difference.values()):
                _add_to_committee(month, kind, subkind, difference)


def _sums_of(records, tallied):
    sums = {"records": Count("pk")}
    sums.update({name: Sum(name) for name in tallied.sums})
    grouped = records.values(tallied.subkind) if tallied.subkind else records.values()
    if tallied.subkind:
        rows = grouped.annotate(**sums).order_by()
        return {row[tallied.subkind]: {**ZERO, **{k: row[k] or 0 for k in sums}} for row in rows}
    row = records.aggregate(**sums)
    return {"": {**ZERO, **{k: row[k] or 0 for k in sums}}} if row["records"] else {}


def _refresh_branch_cell(kind, branch_id, month):
    """Recompute one branch's month of one kind; returns the differences per subkind."""
    tallied = TALLIED[kind]
    records = tallied.model.objects.approved().filter(branch=branch_id, date__gte=month, date__lt=next_month(month))
    new = _sums_of(records, tallied)
    cells = BranchTally.objects.filter(branch=branch_id, month=month, kind=kind)
    old = {cell.subkind: {name: getattr(cell, name) for name in RecordSums.SUMS} for cell in cells}
    if new:
        BranchTally.objects.bulk_create(
            [BranchTally(branch_id=branch_id, month=month, kind=kind, subkind=subkind, **sums) for subkind, sums in new.items()],
            update_conflicts=True,
            unique_fields=["branch", "month", "kind", "subkind"],
            update_fields=list(RecordSums.SUMS),
        )
    gone = set(old) - set(new)
    if gone:
        cells.filter(subkind__in=gone).delete()
    return {
        subkind: {name: new.get(subkind, ZERO)[name] - old.get(subkind, ZERO)[name] for name in RecordSums.SUMS}
        for subkind in set(old) | set(new)
    }


def _refresh_member_year(person_id, branch_id, year):
    records = ServiceRecord.objects.approved().filter(person=person_id, branch=branch_id, date__year=year)
    sums = records.aggregate(services=Count("pk"), hours=Sum("hours"))
    cells = MemberYearTally.objects.filter(person=person_id, branch=branch_id, year=year)
    if not sums["services"]:
        cells.delete()
    elif not cells.update(services=sums["services"], hours=sums["hours"]):
        MemberYearTally.objects.create(person_id=person_id, branch_id=branch_id, year=year, **sums)


def _refresh_enterprise_year(branch_id, enterprise_id, year):
    visits = ServiceRecord.objects.approved().filter(
        branch=branch_id, enterprise=enterprise_id, kind=ServiceKind.DOOR_TO_DOOR, date__year=year
    ).count()
    cells = EnterpriseYearTally.objects.filter(branch=branch_id, enterprise=enterprise_id, year=year)
    if not visits:
        cells.delete()
    elif not cells.update(visits=visits):
        EnterpriseYearTally.objects.create(branch_id=branch_id, enterprise_id=enterprise_id, year=year, visits=visits)


def _add_to_committee(month, kind, subkind, difference):
    """Add the differences to the committee's cell: an increment in one statement, not a read.

    A cell that does not exist yet is inserted (two transactions inserting it at once add up).
    """
    cell = CommitteeTally.objects.filter(month=month, kind=kind, subkind=subkind)
    if not cell.update(**{name: F(name) + value for name, value in difference.items()}):
        table = connection.ops.quote_name(CommitteeTally._meta.db_table)
        names = list(RecordSums.SUMS)
        columns = ", ".join(["month", "kind", "subkind", *names])
        placeholders = ", ".join(["%s"] * (3 + len(names)))
        additions = ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name in names)
        values = [month, kind, subkind, *[max(difference[name], 0) for name in names]]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) "
                f"ON CONFLICT (month, kind, subkind) DO UPDATE SET {additions}",
                values,
            )
    if difference["records"] < 0:
        cell.filter(records=0).delete()


# -- The evaluations: per window and year, per month ---------------------------------------------


def refresh_satisfaction(cells):
    """Recompute the evaluation sums of the ``cells``, (month, window id or None) pairs, from the
    satisfaction tallies. Refreshes are few (a month's import, an edit in admin): they queue on the
    committee's row."""
    cells = set(cells)
    if not cells:
        return
    with transaction.atomic():
        list(Committee.objects.select_for_update(no_key=True).order_by("pk").values_list("pk", flat=True)[:1])
        for window_id, year in sorted({(window, month.year) for month, window in cells}, key=str):
            tallies = SatisfactionTally.objects.filter(window=window_id, month__year=year)
            _replace_channels(WindowYearSatisfaction, tallies, window_id=window_id, year=year)
        for month in sorted({month for month, _window in cells}):
            _replace_channels(MonthSatisfaction, SatisfactionTally.objects.filter(month=month), month=month)


def _replace_channels(model, tallies, **cell):
    """Make ``model``'s rows of the ``cell``, one per channel, the sums of ``tallies``."""
    sums = {name: Coalesce(Sum(name), 0) for name in EvaluationSums.SUMS}
    rows = {row["channel"]: row for row in tallies.order_by().values("channel").annotate(**sums)}
    model.objects.filter(**cell).exclude(channel__in=rows).delete()
    for channel, row in rows.items():
        model.objects.update_or_create(**cell, channel=channel, defaults={name: row[name] for name in EvaluationSums.SUMS})


def _satisfaction_before(sender, instance, raw=False, **kwargs):
    before = None if raw or instance.pk is None else sender.objects.filter(pk=instance.pk).values_list("month", "window").first()
    instance._evaluated_before = before


def _satisfaction_after(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_satisfaction({getattr(instance, "_evaluated_before", None) or (instance.month, instance.window_id), (instance.month, instance.window_id)})


def _satisfaction_deleted(sender, instance, **kwargs):
    refresh_satisfaction({(instance.month, instance.window_id)})


# -- Keeping them: every save and delete of a record, whoever makes it -------------------------


def _remember_before(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._counted_before = None
        return
    before = sender.objects.filter(pk=instance.pk).first()
    instance._counted_before = counted(before) if before is not None else None


def _after_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    refresh([getattr(instance, "_counted_before", None), counted(instance)])


def _after_delete(sender, instance, **kwargs):
    refresh([counted(instance)])


def connect():
    """Called once the apps are ready (services.apps): keep the tallies on every save and delete."""
    for tallied in TALLIED.values():
        name = tallied.model.__name__
        pre_save.connect(_remember_before, sender=tallied.model, dispatch_uid=f"tally-before-{name}")
        post_save.connect(_after_save, sender=tallied.model, dispatch_uid=f"tally-after-{name}")
        post_delete.connect(_after_delete, sender=tallied.model, dispatch_uid=f"tally-delete-{name}")
    pre_save.connect(_satisfaction_before, sender=SatisfactionTally, dispatch_uid="satisfaction-before")
    post_save.connect(_satisfaction_after, sender=SatisfactionTally, dispatch_uid="satisfaction-after")
    post_delete.connect(_satisfaction_deleted, sender=SatisfactionTally, dispatch_uid="satisfaction-delete")


# -- Rebuilding them all ------------------------------------------------------------------------


@transaction.atomic
def rebuild():
    """Recompute every tally from the records, in the database (after a bulk load, a restore, or to
    check the kept ones); a few seconds for a province's two million records."""
    for model in (BranchTally, CommitteeTally, MemberYearTally, EnterpriseYearTally, WindowYearSatisfaction, MonthSatisfaction):
        model.objects.all().delete()
    for kind, tallied in TALLIED.items():
        subkind = F(tallied.subkind) if tallied.subkind else Value("")
        cells = (
            tallied.model.objects.approved()
            .annotate(month_=TruncMonth("date"), kind_=Value(kind), subkind_=subkind)
            .values("branch", "month_", "kind_", "subkind_")
            .annotate(records_=Count("pk"), **{f"{name}_": _sum_or_zero(name, tallied) for name in RecordSums.SUMS[1:]})
            .order_by()
        )
        _insert_from(BranchTally, cells)
    sums = {f"{name}_": Sum(name) for name in RecordSums.SUMS}
    _insert_from(CommitteeTally, BranchTally.objects.values("month", "kind", "subkind").annotate(**sums).order_by())
    services = ServiceRecord.objects.approved().annotate(year_=ExtractYear("date")).order_by()
    _insert_from(MemberYearTally, services.values("person", "branch", "year_").annotate(services_=Count("pk"), hours_=Sum("hours")))
    visits = services.filter(kind=ServiceKind.DOOR_TO_DOOR, enterprise__isnull=False).values("branch", "enterprise", "year_")
    _insert_from(EnterpriseYearTally, visits.annotate(visits_=Count("pk")))
    evaluations = {f"{name}_": Sum(name) for name in EvaluationSums.SUMS}
    by_window = SatisfactionTally.objects.annotate(year_=ExtractYear("month")).order_by().values("window", "year_", "channel")
    _insert_from(WindowYearSatisfaction, by_window.annotate(**evaluations))
    _insert_from(MonthSatisfaction, SatisfactionTally.objects.order_by().values("month", "channel").annotate(**evaluations))


def _sum_or_zero(name, tallied):
    field = RecordSums._meta.get_field(name)
    output = DecimalField(max_digits=field.max_digits, decimal_places=field.decimal_places) if isinstance(field, DecimalField) else IntegerField()
    if name in tallied.sums:
        return Coalesce(Sum(name), Value(0), output_field=output)
    return Value(0, output_field=output)


def _insert_from(model, queryset):
    """INSERT INTO the model's table the rows ``queryset`` selects (a values() query whose names
    are the model's fields, an annotation's name ending in "_")."""
    query = queryset.query
    selected = [name.removesuffix("_") for name in query.selected]  # in the SELECT's order
    sql, params = query.sql_with_params()
    quote = connection.ops.quote_name
    names = ", ".join(quote(model._meta.get_field(name).column) for name in selected)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({names}) {sql}", params)
