"""每日一巡 排班: a branch's duty rota for a month — who patrols which responsibility zone on which
working day, and who serves extended hours (延时服务) on which day.

Every cell is stored as the secretary set it (there is no default holder to work out): what the
page shows is what the table holds, and a rota exists only while it holds a duty. The rules of a
cell live in the duties' ``clean()``; ``services.patrols.actions.save_rota`` checks a whole month
with them, the admin one row at a time. A zone's patrol may be logged by its holder or by the
member the rota puts on it that day (``services.records.models.Patrol.clean``).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from branches.kernel.audit import audit
from branches.kernel.scope import ScopedQuerySet


class DutyRota(models.Model):
    """One branch's rota for one month; its cells are the duties below."""

    branch = models.ForeignKey(
        "branches.Branch", verbose_name=_("party branch"), on_delete=models.CASCADE, related_name="duty_rotas"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("duty rota")
        verbose_name_plural = _("duty rotas")
        ordering = ["-month", "branch"]
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "month"], name="one_rota_per_branch_and_month",
                violation_error_message=_("The branch has a rota for this month already."),
            ),
        ]

    def __str__(self):
        return f"{self.branch} · {self.month:%Y-%m}"

    def clean(self):
        # not a CHECK constraint: SQLite would call one of Django's own functions for it, which
        # only Django's connections know
        if self.month and self.month.day != 1:
            raise ValidationError({"month": _("A rota's month is given by its first day.")})


class DutyQuerySet(ScopedQuerySet):
    """Everyone in the branch reads its rota; its managers keep it."""

    branch_path = "rota__branch"


class Duty(models.Model):
    """What a patrol duty and an extended-hours duty share: a working day of the rota's month, and
    a person in post of its branch."""

    date = models.DateField(_("date"))

    objects = DutyQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["date", "pk"]

    def clean(self):
        errors = self.breaches()
        if errors:
            raise ValidationError(errors)

    def breaches(self):
        """The cell's rules it breaks, as messages by field."""
        errors = {}
        if self.rota_id and self.date:
            month = self.rota.month
            if (self.date.year, self.date.month) != (month.year, month.month):
                errors["date"] = [_("The day is not in the rota's month.")]
            elif self.date.weekday() >= 5:
                errors["date"] = [_("Duties fall on working days, Monday to Friday.")]
        if self.rota_id and self.person_id and not in_post(self.person, self.rota.branch_id):
            errors["person"] = [_("%(name)s is not in post in this branch.") % {"name": self.person.name}]
        return errors


class PatrolDuty(Duty):
    """每日一巡: the party member who patrols a zone on a day."""

    rota = models.ForeignKey(DutyRota, verbose_name=_("duty rota"), on_delete=models.CASCADE, related_name="patrols")
    zone = models.ForeignKey(
        "branches.ResponsibilityZone", verbose_name=_("responsibility zone"), on_delete=models.CASCADE,
        related_name="patrol_duties",
    )
    person = models.ForeignKey(
        "branches.Person", verbose_name=_("party member"), on_delete=models.CASCADE, related_name="patrol_duties",
        db_index=False,  # the index below starts with it
    )

    class Meta(Duty.Meta):
        verbose_name = _("patrol duty")
        verbose_name_plural = _("patrol duties")
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "date"], name="one_patrol_duty_per_zone_and_day",
                violation_error_message=_("The zone has a patrol duty on this day already."),
            ),
        ]
        indexes = [models.Index(fields=["person", "date"], name="patrol_duty_person_date_idx")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} · {self.zone} · {self.person}"

    def breaches(self):
        errors = super().breaches()
        zone = self.zone if self.zone_id else None
        if zone is not None and self.rota_id and zone.member.branch_id != self.rota.branch_id:
            errors.setdefault("zone", []).append(_("The zone “%(zone)s” is not one of this branch's.") % {"zone": zone.name})
        elif zone is not None and self.date and not zone_in_force(zone, self.date):
            errors.setdefault("zone", []).append(_("The zone “%(zone)s” is not in force on that day.") % {"zone": zone.name})
        if self.person_id and not self.person.is_party_member:
            errors.setdefault("person", []).append(
                _("%(name)s is not a party member: zones are patrolled by party members.") % {"name": self.person.name}
            )
        return errors


class ExtendedHoursDuty(Duty):
    """延时服务: who of the branch serves extended hours on a day (one person a day a branch)."""

    rota = models.ForeignKey(
        DutyRota, verbose_name=_("duty rota"), on_delete=models.CASCADE, related_name="extended_hours"
    )
    person = models.ForeignKey(
        "branches.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="extended_hours_duties",
        db_index=False,  # the index below starts with it
    )

    class Meta(Duty.Meta):
        verbose_name = _("extended-hours duty")
        verbose_name_plural = _("extended-hours duties")
        constraints = [
            models.UniqueConstraint(
                fields=["rota", "date"], name="one_extended_hours_duty_per_rota_and_day",
                violation_error_message=_("Someone serves extended hours on this day already."),
            ),
        ]
        indexes = [models.Index(fields=["person", "date"], name="extended_duty_person_date_idx")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} · {self.person}"


def in_post(person, branch_id):
    return person.is_active and person.branch_id == branch_id


def zone_in_force(zone, day):
    """Whether ``zone`` is asked to be patrolled on ``day``: between its start and its end, its
    holder in post (the patrol plan's zones of a month, ``selectors.branch_zones_of_month``)."""
    return zone.starts_on <= day and (zone.ends_on is None or day <= zone.ends_on) and zone.member.is_active


audit([DutyRota, PatrolDuty, ExtendedHoursDuty])
