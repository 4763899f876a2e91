"""How a user chooses to be told of each kind of notice."""

from django import forms

from services.notifications.models import Delivery, NotificationKind


class PreferencesForm(forms.Form):
    """One choice per kind of notice: in the app only, also by e-mail at once, or in the digest."""

    def __init__(self, *args, preferences, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in NotificationKind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                initial=preferences[kind.value],
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )

    def choices(self):
        return {kind: self.cleaned_data[kind] for kind in NotificationKind.values}
