"""The satisfaction page's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from branches.kernel.forms import PeriodFilterForm
from services.satisfaction.models import Channel


class SatisfactionFilterForm(PeriodFilterForm):
    """A year, a branch's windows, a channel."""

    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=[("", _("All channels"))] + Channel.choices)
