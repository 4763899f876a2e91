"""The report's filter bar: one year, or from a year to a year; a branch."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from branches.kernel.forms import PeriodFilterForm
from torchbearer.reports.report import check_years


class ReportFilterForm(PeriodFilterForm):
    """The year of the filter bar, or a span: ``from`` and ``to`` (GET parameters) both chosen.

    A span refused (one end missing, the ends swapped, too long, a year not offered) is said under
    its field, and the page shows the year instead, as a page of the filter bar does for any
    choice it cannot take.
    """

    def __init__(self, data=None, *args, years, **kwargs):
        super().__init__(data, *args, years=years, **kwargs)
        choices = [("", "—")] + [(year, str(year)) for year in years]
        self.fields["from"] = forms.TypedChoiceField(
            label=_("From year"), choices=choices, coerce=int, required=False, empty_value=None
        )
        self.fields["to"] = forms.TypedChoiceField(label=_("To year"), choices=choices, coerce=int, required=False, empty_value=None)
        self.order_fields(["year", "from", "to", "branch"])

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("from"), cleaned.get("to")
        if self.has_error("from") or self.has_error("to") or (first is None and last is None):
            return cleaned
        if first is None:
            self.add_error("from", _("Choose the first year too, or no year here for one year's report."))
        elif last is None:
            self.add_error("to", _("Choose the last year too, or no year here for one year's report."))
        else:
            try:
                check_years(first, last)
            except ValidationError as error:
                self.add_error("to", error)
        return cleaned

    def selected(self):
        """As the filter bar's, with ``span``: (first, last) when a valid span was chosen, else None."""
        chosen = super().selected()
        first, last = chosen.pop("from", None), chosen.pop("to", None)
        chosen["span"] = (first, last) if first is not None and last is not None else None
        return chosen
