"""Enterprises served by the hall; later records, projects and cases refer to them."""

from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from branches.kernel.audit import audit
from branches.kernel.validators import validate_credit_code


class Enterprise(models.Model):
    """An enterprise, identified by its unified social credit code."""

    name = models.CharField(_("name"), max_length=120)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
        error_messages={"unique": _("An enterprise with this credit code already exists.")},
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(credit_code=Upper("credit_code")),
                name="credit_code_upper_case",
                violation_error_message=_("The credit code is stored in capital letters."),
            ),
        ]
        indexes = [models.Index(fields=["name"], name="enterprise_name_idx")]

    def __str__(self):
        return self.name

    def clean(self):
        self.credit_code = (self.credit_code or "").strip().upper()


audit([Enterprise])
