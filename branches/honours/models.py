"""Honours won by the committee, its branches and its people."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from branches.kernel.audit import audit
from branches.kernel.scope import ScopedQuerySet


class HonourLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    MUNICIPAL = "municipal", _("Municipal")
    DISTRICT = "district", _("District")


class HonourQuerySet(ScopedQuerySet):
    """Honours are public: everyone signed in reads them. The committee administrator keeps every
    honour; a branch's managers those of their branch and of its people (the committee's own are
    the committee office's)."""

    def visible_to(self, user):
        return self if user.is_authenticated else self.none()

    def manageable_q(self, scope):
        return Q(branch__in=scope.managed_branch_ids) | Q(person__branch__in=scope.managed_branch_ids)


class Honour(models.Model):
    """An honour won by the committee, a branch or a person."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1949), MaxValueValidator(2100)]
    )
    title = models.CharField(_("title"), max_length=120)
    level = models.CharField(_("level"), max_length=12, choices=HonourLevel.choices)
    awarded_by = models.CharField(_("awarded by"), max_length=100, blank=True)
    committee = models.ForeignKey(
        "Committee",
        verbose_name=_("party committee"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="honours",
    )
    branch = models.ForeignKey(
        "Branch",
        verbose_name=_("party branch"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="honours",
    )
    person = models.ForeignKey(
        "Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="honours",
    )

    objects = HonourQuerySet.as_manager()

    class Meta:
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        ordering = ["-year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(committee__isnull=False, branch__isnull=True, person__isnull=True)
                    | Q(committee__isnull=True, branch__isnull=False, person__isnull=True)
                    | Q(committee__isnull=True, branch__isnull=True, person__isnull=False)
                ),
                name="honour_has_exactly_one_holder",
                violation_error_message=_(
                    "An honour is held by exactly one of: the committee, a branch, a person."
                ),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1949, year__lte=2100),
                name="honour_year_plausible",
                violation_error_message=_("The year must lie between 1949 and 2100."),
            ),
        ]
        # in the lists' order, newest first: the dashboard's latest honours read eight entries
        indexes = [models.Index(F("year").desc(), "title", "id", name="honour_newest_idx")]

    def __str__(self):
        return f"{self.year} {self.title}"

    @property
    def holder(self):
        return self.committee or self.branch or self.person


audit([Honour])
