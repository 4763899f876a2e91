"""Keeping the summary tables of the tally tables below: from the records, never by hand.

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

from django.db import connection, models, transaction
from django.db.models import Count, DecimalField, F, IntegerField, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear, TruncMonth
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils.translation import gettext_lazy as _

from branches.kernel.queries import insert_from
from branches.organisation.models import Branch
from services.records.models import (
    Patrol,
    PracticalDeed,
    ReviewStatus,
    ServiceActivity,
    ServiceKind,
    ServiceRecord,
)


class RecordSums(models.Model):
    """What is summed of approved records of one kind (and subkind) in one month."""

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    kind = models.CharField(_("kind of record"), max_length=12)
    subkind = models.CharField(_("type"), max_length=24, blank=True)
    records = models.PositiveIntegerField(_("records"), default=0)
    hours = models.DecimalField(_("hours"), max_digits=12, decimal_places=1, default=0)
    persons_sent = models.PositiveIntegerField(_("person-times"), default=0)
    people_reached = models.PositiveIntegerField(_("people reached"), default=0)
    enterprises_reached = models.PositiveIntegerField(_("enterprises reached"), default=0)

    SUMS = ("records", "hours", "persons_sent", "people_reached", "enterprises_reached")

    class Meta:
        abstract = True


class BranchTally(RecordSums):
    branch = models.ForeignKey("branches.Branch", verbose_name=_("party branch"), on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("branch tally")
        verbose_name_plural = _("branch tallies")
        constraints = [
            models.UniqueConstraint(fields=["branch", "month", "kind", "subkind"], name="branch_tally_cell_unique"),
        ]
        indexes = [models.Index(fields=["month", "kind"], name="branch_tally_month_idx")]


class CommitteeTally(RecordSums):
    """The same sums over every branch."""

    class Meta:
        verbose_name = _("committee tally")
        verbose_name_plural = _("committee tallies")
        constraints = [
            models.UniqueConstraint(fields=["month", "kind", "subkind"], name="committee_tally_cell_unique"),
        ]


class MemberYearTally(models.Model):
    """A member's approved service records of a year: the members who gave the most hours."""

    person = models.ForeignKey("branches.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="+")
    branch = models.ForeignKey("branches.Branch", verbose_name=_("party branch"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    services = models.PositiveIntegerField(_("service records"), default=0)
    hours = models.DecimalField(_("hours"), max_digits=10, decimal_places=1, default=0)

    class Meta:
        verbose_name = _("member's year")
        verbose_name_plural = _("members' years")
        constraints = [
            models.UniqueConstraint(fields=["person", "branch", "year"], name="member_year_unique"),
        ]
        indexes = [
            models.Index(fields=["year", "-hours"], name="member_year_hours_idx"),
            models.Index(fields=["branch", "year", "-hours"], name="member_year_branch_idx"),
        ]


class EnterpriseYearTally(models.Model):
    """The door-to-door visits a branch paid an enterprise in a year: enterprises visited."""

    branch = models.ForeignKey("branches.Branch", verbose_name=_("party branch"), on_delete=models.CASCADE, related_name="+")
    enterprise = models.ForeignKey("services.Enterprise", verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    visits = models.PositiveIntegerField(_("visits"), default=0)

    class Meta:
        verbose_name = _("enterprise's year")
        verbose_name_plural = _("enterprises' years")
        constraints = [
            models.UniqueConstraint(fields=["branch", "enterprise", "year"], name="enterprise_year_unique"),
        ]
        indexes = [models.Index(fields=["year", "enterprise"], name="enterprise_year_idx")]


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
    """Called once the apps are ready (torchbearer.caches): keep the tallies on every save and delete."""
    for tallied in TALLIED.values():
        name = tallied.model.__name__
        pre_save.connect(_remember_before, sender=tallied.model, dispatch_uid=f"tally-before-{name}")
        post_save.connect(_after_save, sender=tallied.model, dispatch_uid=f"tally-after-{name}")
        post_delete.connect(_after_delete, sender=tallied.model, dispatch_uid=f"tally-delete-{name}")


# -- Rebuilding them all ------------------------------------------------------------------------


@transaction.atomic
def rebuild():
    """Recompute every tally from the records, in the database (after a bulk load, a restore, or to
    check the kept ones); a few seconds for a province's two million records."""
    for model in (BranchTally, CommitteeTally, MemberYearTally, EnterpriseYearTally):
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
        insert_from(BranchTally, cells)
    sums = {f"{name}_": Sum(name) for name in RecordSums.SUMS}
    insert_from(CommitteeTally, BranchTally.objects.values("month", "kind", "subkind").annotate(**sums).order_by())
    services = ServiceRecord.objects.approved().annotate(year_=ExtractYear("date")).order_by()
    insert_from(MemberYearTally, services.values("person", "branch", "year_").annotate(services_=Count("pk"), hours_=Sum("hours")))
    visits = services.filter(kind=ServiceKind.DOOR_TO_DOOR, enterprise__isnull=False).values("branch", "enterprise", "year_")
    insert_from(EnterpriseYearTally, visits.annotate(visits_=Count("pk")))


def _sum_or_zero(name, tallied):
    field = RecordSums._meta.get_field(name)
    output = DecimalField(max_digits=field.max_digits, decimal_places=field.decimal_places) if isinstance(field, DecimalField) else IntegerField()
    if name in tallied.sums:
        return Coalesce(Sum(name), Value(0), output_field=output)
    return Value(0, output_field=output)
