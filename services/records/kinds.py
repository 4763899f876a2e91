"""The registry of record kinds: what each kind's pages, lists and exports need to know.

Views and selectors work on any kind through its entry here, so the workflow pages are written
once and a new kind of record is one more entry.
"""

import datetime
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.http import Http404
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from services.records import forms
from services.records.models import (
    Beneficiary,
    Patrol,
    PracticalDeed,
    ServiceActivity,
    ServiceRecord,
)

LONGEST_CELL = 60


@dataclass(frozen=True)
class Column:
    """One column of a list page and of its Excel export."""

    label: str
    value: object  # record -> value
    on_phone: bool = False

    def shown(self, record):
        """The value as a record's page shows it: a dash when missing (a real zero stays 0),
        dates as 2021-03-18, numbers without trailing zeros (2 hours, not 2.0). Written here
        rather than by template filters in every cell, which took a third of a list page's time."""
        value = self.value(record)
        if value is None or value == "":
            return "—"
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return format(value.normalize(), "f")
        return unicodedata.normalize("NFC", str(value))

    def text(self, record):
        """The value as a list shows it: as on the record's page, at most 60 characters."""
        text = self.shown(record)
        if len(text) <= LONGEST_CELL:  # as Truncator would leave it, at a tenth of the cost
            return text
        return Truncator(text).chars(LONGEST_CELL)


def _status(record):
    return record.get_status_display()


def _credit_code(record):
    return record.enterprise.credit_code if record.enterprise_id else ""


COMMON_START = [
    Column(_("Date"), lambda r: r.date, on_phone=True),
    Column(_("Staff member"), lambda r: r.person.name, on_phone=True),
    Column(_("Party branch"), lambda r: r.branch.name),
]
COMMON_END = [Column(_("Status"), _status, on_phone=True)]


@dataclass(frozen=True)
class RecordKind:
    slug: str
    model: type
    form_class: type
    icon: str
    hint: str
    columns: list
    related: tuple = ("person", "branch")
    prefetch: tuple = ()
    subkind_field: str = ""
    subkind_choices: list = field(default_factory=list)
    totals: dict = field(default_factory=dict)  # label -> aggregate, shown above the list
    # The fields of the monthly tallies (services.records.tallies) that sum each of ``totals``, in order,
    # so that the approved records' totals can be read there; None when they are not tallied.
    tallied_totals: tuple | None = None

    @property
    def label(self):
        return self.model._meta.verbose_name

    @property
    def label_plural(self):
        return self.model._meta.verbose_name_plural

    def totals_of(self, records):
        """The list's totals, computed in SQL over every filtered row (not just the page)."""
        return self.labelled_totals(self.sums_of(records))

    def sums_of(self, records):
        """``[count, total, …]`` of ``records``, in the order of ``totals``."""
        aggregates = {f"total_{index}": aggregate for index, aggregate in enumerate(self.totals.values())}
        values = records.order_by().aggregate(count=Count("pk"), **aggregates)
        return [values["count"]] + [values[f"total_{index}"] or 0 for index in range(len(self.totals))]

    def labelled_totals(self, sums):
        return list(zip([_("Number of records"), *self.totals], sums))

    def queryset(self):
        """Rows for lists and exports, with what their columns read already joined."""
        queryset = self.card_queryset()
        if self.prefetch:
            queryset = queryset.prefetch_related(*self.prefetch)
        return queryset

    def card_queryset(self):
        """Rows for record cards (services.templatetags.record_cards): their summary, person and branch,
        without the columns that only lists and exports show (a themed day's participants)."""
        return self.model.objects.select_related(*self.related)


KINDS = {
    kind.slug: kind
    for kind in [
        RecordKind(
            slug=ServiceRecord.slug,
            model=ServiceRecord,
            form_class=forms.ServiceRecordForm,
            icon="bi-house-door",
            hint=_("Door-to-door, by appointment or after hours"),
            related=("person", "branch", "enterprise"),
            subkind_field="kind",
            subkind_choices=ServiceRecord._meta.get_field("kind").choices,
            totals={_("Hours"): Sum("hours"), _("Persons sent"): Sum("persons_sent")},
            tallied_totals=("hours", "persons_sent"),
            columns=COMMON_START
            + [
                Column(_("Kind of service"), lambda r: r.get_kind_display(), on_phone=True),
                Column(_("Served"), lambda r: r.served, on_phone=True),
                Column(_("Credit code"), _credit_code),
                Column(_("Hours"), lambda r: r.hours, on_phone=True),
                Column(_("Persons sent"), lambda r: r.persons_sent),
                Column(pgettext_lazy("service", "What was done"), lambda r: r.description),
                Column(_("Reason"), lambda r: r.get_reason_display()),
                Column(_("Notes"), lambda r: r.notes),
            ]
            + COMMON_END,
        ),
        RecordKind(
            slug=PracticalDeed.slug,
            model=PracticalDeed,
            form_class=forms.PracticalDeedForm,
            icon="bi-heart",
            hint=_("A practical deed for the masses or an enterprise"),
            related=("person", "branch", "enterprise"),
            subkind_field="beneficiary",
            subkind_choices=Beneficiary.choices,
            tallied_totals=(),
            columns=COMMON_START
            + [
                Column(_("Done for"), lambda r: r.get_beneficiary_display(), on_phone=True),
                Column(
                    _("Who benefited"),
                    lambda r: r.enterprise.name if r.enterprise_id else r.beneficiary_name,
                    on_phone=True,
                ),
                Column(_("Credit code"), _credit_code),
                Column(_("What was done"), lambda r: r.description),
                Column(_("Result"), lambda r: r.result),
            ]
            + COMMON_END,
        ),
        RecordKind(
            slug=ServiceActivity.slug,
            model=ServiceActivity,
            form_class=forms.ServiceActivityForm,
            icon="bi-people",
            hint=_("Themed party day: communities, enterprises, public benefit"),
            prefetch=("participants",),
            subkind_field="kind",
            subkind_choices=ServiceActivity._meta.get_field("kind").choices,
            totals={
                _("People reached"): Sum("people_reached"),
                _("Enterprises reached"): Sum("enterprises_reached"),
            },
            tallied_totals=("people_reached", "enterprises_reached"),
            columns=COMMON_START
            + [
                Column(_("Kind of activity"), lambda r: r.get_kind_display(), on_phone=True),
                Column(_("Title"), lambda r: r.title, on_phone=True),
                Column(_("Place"), lambda r: r.place),
                Column(_("Participants"), lambda r: "、".join(p.name for p in r.participants.all())),
                Column(_("People reached"), lambda r: r.people_reached),
                Column(_("Enterprises reached"), lambda r: r.enterprises_reached),
            ]
            + COMMON_END,
        ),
        RecordKind(
            slug=Patrol.slug,
            model=Patrol,
            form_class=forms.PatrolForm,
            icon="bi-binoculars",
            hint=_("Daily patrol of your responsibility zone"),
            related=("person", "branch", "zone"),
            subkind_field="found_problem",
            subkind_choices=[("true", _("Found a problem")), ("false", _("All well"))],
            totals={_("Problems found"): Count("pk", filter=Q(found_problem=True))},
            columns=COMMON_START
            + [
                Column(_("Responsibility zone"), lambda r: r.zone.name, on_phone=True),
                Column(_("Found a problem"), lambda r: _("Yes") if r.found_problem else _("No"), on_phone=True),
                Column(_("Findings"), lambda r: r.findings),
            ]
            + COMMON_END,
        ),
    ]
}


def get_kind(slug):
    """The kind named in a URL; an unknown kind is a page that does not exist."""
    try:
        return KINDS[slug]
    except KeyError:
        raise Http404
