"""The one registry of figures: each figure is defined once, in its feature's ``figures.py``.

A figure is a number of the programme (practical deeds for the masses, lectures held, the
satisfaction rate...) over a period, for the whole office or one branch. The pillar pages, the
dashboards, the annual report (page, Word, Excel and ``manage.py annual_report``) and the raters'
evidence all read it here; none of them computes a figure itself.

How a figure is computed, cheaply for a page that shows many:

* ``rows``: the figure is the number of rows of a queryset; all such figures a page asks for are
  counted in one UNION ALL query (``branches.kernel.queries.counts``);
* ``source``: a function computing this figure and others at once (the service figures are sums
  of one table); each source a page needs is called once;
* ``by_branch``: the same, for a page of branches side by side (``{key: {branch id: value}}``);
* ``per_person``: the same for some people (the raters' evidence: ``{key: {person id: value}}``).

The registry is filled by the features' ``figures`` modules, found on first use (:func:`discover`):
a feature never imports another one's figures, and the pages above them ask for figures by key.

A figure the app holds for the whole office only (``office_wide``: the joint items, the hall's
satisfaction) is computed for the office whatever branch is asked, and labelled so.
"""

import importlib
import importlib.util
import pkgutil
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Callable

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from branches.kernel.queries import counts


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: str = ""
    rows: Callable = None  # (period, branch) -> queryset whose number of rows is the figure
    source: Callable = None  # (period, branch) -> {key: value} holding this figure
    by_branch: Callable = None  # (period, branch_ids) -> {key: {branch id: value}} holding this figure
    per_person: Callable = None  # (period, person_ids) -> {key: {person id: value}} holding this figure
    link: Callable = None  # (period, branch) -> the URL of the list behind the figure
    office_wide: bool = False
    means: str = ""  # what is counted, in a line, where two figures read alike

    def label_for(self, branch):
        if branch is not None and self.office_wide:
            return format_lazy(_("{figure} (the whole office)"), figure=self.label)
        return self.label

    def href(self, period, branch):
        return self.link(period, None if self.office_wide else branch) if self.link else ""


HOURS = pgettext_lazy("unit", "hours")

_registry = {}
_discovered = False
APPS = ("branches", "services")


def discover():
    """Import every feature's ``figures`` module (``<app>/<feature>/figures.py``), which registers its
    figures; once."""
    global _discovered
    if _discovered:
        return
    _discovered = True
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.iter_modules(package.__path__):
            if info.ispkg and importlib.util.find_spec(f"{app}.{info.name}.figures") is not None:
                importlib.import_module(f"{app}.{info.name}.figures")


def register(*figures):
    for figure in figures:
        if figure.key in _registry:
            raise ValueError(f"The figure {figure.key!r} is defined twice.")
        if figure.rows is not None and figure.source is not None:
            raise ValueError(f"The figure {figure.key!r} has rows and a source: one of them computes it.")
        _registry[figure.key] = figure


def get(key):
    discover()
    return _registry[key]


def keys():
    discover()
    return list(_registry)


def evaluate(wanted, period, branch=None):
    """``{key: value}`` of the ``wanted`` figures over ``period`` (for ``branch``, or the office)."""
    discover()
    figures = [_registry[key] for key in wanted]
    values = {}
    counted = {figure.key: figure.rows(period, None if figure.office_wide else branch) for figure in figures if figure.rows}
    if counted:
        values.update(counts(counted))
    sources = {}
    for figure in figures:
        if figure.source is None:
            continue
        scope = None if figure.office_wide else branch
        result = sources.get((figure.source, scope))
        if result is None:
            result = sources[(figure.source, scope)] = figure.source(period, scope)
        values[figure.key] = result[figure.key]
    return {key: values[key] for key in wanted}


@dataclass(frozen=True)
class Tile:
    """A figure as a page shows it: its label, value and unit, and the list behind it."""

    key: str
    label: str
    unit: str
    value: object
    href: str
    means: str = ""

    @property
    def shown(self):
        """The value as a tile writes it: a dash for none, hours without a trailing .0."""
        if self.value is None:
            return "—"
        if isinstance(self.value, Decimal):
            return format(self.value.normalize(), "f") if self.value == self.value.to_integral() else str(self.value)
        return self.value

    @property
    def shown_unit(self):
        """The unit beside the value; none beside a dash."""
        return "" if self.value is None else self.unit


def tiles(wanted, period, branch=None):
    """``{key: Tile}`` of the ``wanted`` figures over ``period`` (for ``branch``, or the office)."""
    values = evaluate(wanted, period, branch)
    return {
        key: Tile(
            key, _registry[key].label_for(branch), _registry[key].unit, values[key], _registry[key].href(period, branch),
            _registry[key].means,
        )
        for key in wanted
    }


def evaluate_by_branch(wanted, period, branch_ids):
    """``{key: {branch id: value}}`` of the ``wanted`` figures for each of ``branch_ids``."""
    return _grouped(wanted, "by_branch", period, branch_ids)


def evaluate_per_person(wanted, period, person_ids):
    """``{key: {person id: value}}`` of the ``wanted`` figures for each of ``person_ids``."""
    return _grouped(wanted, "per_person", period, person_ids)


def _grouped(wanted, kind, period, ids):
    discover()
    results, values = {}, {}
    for key in wanted:
        source = getattr(_registry[key], kind)
        if source not in results:
            results[source] = source(period, ids)
        values[key] = results[source].get(key, {})
    return values


HUNDRED = Decimal("100")


def percent(fraction):
    """A fraction as a percentage rounded to two places (half up), or None for nothing measured."""
    if fraction is None:
        return None
    return (Decimal(str(fraction)) * HUNDRED).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
