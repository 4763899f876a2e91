"""What members and branches stand for: the one-sentence service pledge and the branch's own brand."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branches.kernel.audit import audit
from branches.kernel.paths import object_path
from branches.kernel.scope import Role, ScopedQuerySet, scope_for
from branches.kernel.uploads import StoredFileField
from branches.organisation.models import Branch


class BranchBrandQuerySet(ScopedQuerySet):
    """Brands are the branches' public face: everyone signed in reads them, the branch keeps its own."""

    def visible_to(self, user):
        return self if scope_for(user).role is not Role.NONE else self.none()


class BranchBrand(models.Model):
    """The branch's own sub-brand (一支部一品牌)."""

    branch = models.OneToOneField(
        Branch, verbose_name=_("party branch"), on_delete=models.CASCADE, related_name="brand"
    )
    name = models.CharField(_("brand name"), max_length=60)
    slogan = models.CharField(_("slogan"), max_length=120, blank=True)
    story = models.TextField(_("story"), blank=True, max_length=4000)
    logo = StoredFileField(_("logo"), folder="brands", accepts="images", blank=True)

    objects = BranchBrandQuerySet.as_manager()

    class Meta:
        verbose_name = _("branch brand")
        verbose_name_plural = _("branch brands")
        ordering = ["branch"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return object_path("branches:brand-detail", self.pk)


class ServicePledgeQuerySet(ScopedQuerySet):
    """A pledge on display at a window is for everyone signed in to read; the rest stays in the branch.

    A member keeps their own pledge; the branch's managers keep the branch's pledges.
    """

    branch_path = "person__branch"

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        return super().visible_to(user)

    def visible_q(self, scope):
        return Q(displayed=True) | super().visible_q(scope)

    def manageable_q(self, scope):
        own = Q(person=scope.person_id) if scope.person_id is not None else Q(pk__in=[])
        return own | super().manageable_q(scope)


class ServicePledge(models.Model):
    """A member's one-sentence service pledge (一句话服务承诺), displayed at the window."""

    person = models.ForeignKey(
        "Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="pledges"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    text = models.CharField(_("pledge"), max_length=80)
    displayed = models.BooleanField(_("displayed at the window"), default=True)

    objects = ServicePledgeQuerySet.as_manager()

    class Meta:
        verbose_name = _("service pledge")
        verbose_name_plural = _("service pledges")
        ordering = ["-year", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year"],
                name="one_pledge_per_person_and_year",
                violation_error_message=_("This person already has a pledge for this year."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="pledge_year_plausible",
                violation_error_message=_("The year must lie between 2000 and 2100."),
            ),
        ]
        # the person included: the pledges of a year counted per branch are read from the index alone
        indexes = [models.Index(fields=["year", "displayed"], include=["person"], name="pledge_year_displayed_idx")]

    def __str__(self):
        return self.text

    def clean(self):
        if self.person_id and not self.person.is_party_member:
            raise ValidationError(
                {"person": _("The one-sentence service pledge is made by party members (full or probationary).")}
            )


audit([BranchBrand, ServicePledge])
