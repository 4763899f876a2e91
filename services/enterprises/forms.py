"""An enterprise named in a form by its credit code."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from branches.kernel.validators import validate_credit_code
from services.enterprises.models import Enterprise


class EnterpriseFields(forms.Form):
    """An enterprise given by its credit code; a code not known yet creates the enterprise."""

    enterprise_code = forms.CharField(
        label=_("Enterprise credit code"),
        max_length=18,
        required=False,
        validators=[validate_credit_code],
        help_text=_("18 characters; for an enterprise served before, the name may be left empty."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "list": "enterprise-codes"}),
    )
    enterprise_name = forms.CharField(label=_("Enterprise name"), max_length=120, required=False)

    def initial_enterprise(self, instance):
        if instance.pk and instance.enterprise_id:
            self.initial.setdefault("enterprise_code", instance.enterprise.credit_code)
            self.initial.setdefault("enterprise_name", instance.enterprise.name)

    def clean_enterprise_code(self):
        return self.cleaned_data["enterprise_code"].strip().upper()

    def add_error(self, field, error):
        """Put the model's errors about its ``enterprise`` on the code field that sets it.

        The model's ``clean()`` (a deed for an enterprise names it) speaks of ``enterprise``,
        which is not a field of this form: Django would raise ValueError, a server error. When
        the code field already says what is wrong, the model's message would only repeat it, as
        would "name the enterprise or the person served" after a credit code that was refused.
        """
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            enterprise_said = self.has_error("enterprise_code") or self.has_error("enterprise_name")
            messages = error.error_dict.pop("enterprise", None)
            if messages and not enterprise_said:
                error.error_dict.setdefault("enterprise_code", []).extend(messages)
            if enterprise_said and "served_name" in error.error_dict:
                # "nobody served" because the code given was refused: the code's own error says why
                kept = [item for item in error.error_dict["served_name"] if item.code != "nobody_served"]
                error.error_dict["served_name"] = kept
                if not kept:
                    del error.error_dict["served_name"]
            if not error.error_dict:
                return
        super().add_error(field, error)

    def resolve_enterprise(self, required):
        """Set the instance's enterprise from the code: known, new (saved by the action) or none."""
        code = self.cleaned_data.get("enterprise_code")
        name = (self.cleaned_data.get("enterprise_name") or "").strip()
        if "enterprise_code" in self.errors:
            return
        if not code:
            if required:
                self.add_error("enterprise_code", _("Enter the enterprise's credit code."))
            self.instance.enterprise = None
            return
        enterprise = Enterprise.objects.filter(credit_code=code).first()
        if enterprise is None:
            if not name:
                self.add_error(
                    "enterprise_name", _("This enterprise is new here: enter its name as well.")
                )
                return
            enterprise = Enterprise(credit_code=code, name=name)
        self.instance.enterprise = enterprise

    @staticmethod
    def known_enterprises():
        return Enterprise.objects.order_by("name").values_list("credit_code", "name")[:500]
