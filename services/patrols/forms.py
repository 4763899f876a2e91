"""The patrol plan's and the rota's filter (a month of a year, and a branch), and the rota's form."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.kernel.fields import QuickSelect
from branches.kernel.forms import PeriodFilterForm

MONTHS = [(month, _("Month %(month)s") % {"month": month}) for month in range(1, 13)]


class PatrolPlanForm(PeriodFilterForm):
    month = forms.TypedChoiceField(label=_("Month"), coerce=int, required=False, empty_value=None, choices=MONTHS)

    def __init__(self, data, *args, **kwargs):
        if not data.get("month"):
            data = data.copy()
            data["month"] = str(timezone.localdate().month)
        super().__init__(data, *args, **kwargs)
        self.fields["branch"].empty_label = None  # the plan is always one branch's


class RotaForm(forms.Form):
    """A month's rota as one form: for every zone and working day a choice among the branch's
    party members, for every day one among everyone in post for the extended hours; empty is
    nobody. ``initial`` is ``(patrols, extended)`` as ``selectors.RotaMonth`` holds them."""

    def __init__(self, data=None, *, grid, people, initial):
        super().__init__(data)
        self.grid = grid
        self.people = {person.pk: person for person in people}
        nobody = [("", "—")]
        members = nobody + [(person.pk, person.name) for person in people if person.is_party_member]
        everyone = nobody + [(person.pk, person.name) for person in people]
        patrols, extended = initial
        for day in grid.days:
            for zone in grid.zones:
                if grid.in_force(zone, day):
                    self._add(self.patrol_field(zone, day), zone.name, members, patrols.get((zone.pk, day)))
            self._add(self.extended_field(day), _("Extended hours"), everyone, extended.get(day))

    @staticmethod
    def patrol_field(zone, day):
        return f"p{zone.pk}-{day.day}"

    @staticmethod
    def extended_field(day):
        return f"x{day.day}"

    def _add(self, name, label, choices, person):
        self.fields[name] = forms.TypedChoiceField(
            label=label, choices=choices, coerce=int, required=False, empty_value=None, widget=QuickSelect
        )
        if person is not None:
            self.initial[name] = person.pk

    def rows(self):
        """Per working day: (day, [(zone, its field, or None where the zone is not in force)], the
        extended hours' field)."""
        return [
            (
                day,
                [(zone, self[self.patrol_field(zone, day)] if self.grid.in_force(zone, day) else None) for zone in self.grid.zones],
                self[self.extended_field(day)],
            )
            for day in self.grid.days
        ]

    def duties(self):
        """``(patrols, extended)`` as ``actions.save_rota`` takes them, from the cleaned form."""
        chosen = self.cleaned_data
        patrols = {
            (zone, day): self.people[chosen[self.patrol_field(zone, day)]]
            for day in self.grid.days
            for zone in self.grid.zones
            if chosen.get(self.patrol_field(zone, day)) is not None
        }
        extended = {
            day: self.people[chosen[self.extended_field(day)]] for day in self.grid.days if chosen.get(self.extended_field(day)) is not None
        }
        return patrols, extended
