"""The committee's party brand (火炬手): its name, logo, what it means, its four pillars, its main
practices and the day it began. The committee office keeps these texts in the app; the brand page,
the brand report's first section and "since the brand began" read them."""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branches.kernel.audit import audit
from branches.kernel.periods import FIRST_YEAR
from branches.kernel.scope import Role, ScopedQuerySet, scope_for
from branches.kernel.uploads import StoredFileField
from branches.organisation.models import Committee

#: Where "since the brand began" starts when no brand has been written down yet: the first year
#: pages offer.
DEFAULT_START = datetime.date(FIRST_YEAR, 1, 1)


class Pillar(models.TextChoices):
    LEAD = "lead", _("Lead (领跑)")
    PASS_ON = "pass_on", _("Pass on (传承)")
    DEDICATE = "dedicate", _("Dedicate (奉献)")
    SERVE = "serve", _("Serve (服务)")


class BrandQuerySet(ScopedQuerySet):
    """The brand is everyone's to read once signed in; the committee office keeps it."""

    def visible_to(self, user):
        return self if scope_for(user).role is not Role.NONE else self.none()

    def manageable_q(self, scope):
        return Q(pk__in=[])


class Brand(models.Model):
    """The committee's party brand, as its brand report introduces it (一、品牌介绍)."""

    committee = models.OneToOneField(
        Committee, verbose_name=_("party committee"), on_delete=models.CASCADE, related_name="brand"
    )
    name = models.CharField(_("brand name"), max_length=40)
    started_on = models.DateField(
        _("the brand began on"),
        default=DEFAULT_START,
        validators=[MinValueValidator(datetime.date(1949, 10, 1)), MaxValueValidator(datetime.date(2100, 12, 31))],
        help_text=_("Figures “since the brand began” count from this day."),
    )
    introduction = models.TextField(_("introduction"), max_length=4000, blank=True)
    logo = StoredFileField(_("logo"), folder="brand", accepts="images", blank=True)
    logo_meaning = models.TextField(_("what the logo means"), max_length=4000, blank=True)
    lead_meaning = models.TextField(_("what “lead” means"), max_length=2000, blank=True)
    pass_on_meaning = models.TextField(_("what “pass on” means"), max_length=2000, blank=True)
    dedicate_meaning = models.TextField(_("what “dedicate” means"), max_length=2000, blank=True)
    serve_meaning = models.TextField(_("what “serve” means"), max_length=2000, blank=True)

    objects = BrandQuerySet.as_manager()

    class Meta:
        verbose_name = _("party brand")
        verbose_name_plural = _("party brands")

    def __str__(self):
        return self.name

    def pillar_meanings(self):
        """(pillar, what it means) in the brand's order: 领跑 传承 奉献 服务."""
        return [(pillar, getattr(self, f"{pillar.value}_meaning")) for pillar in Pillar]


class BrandPractice(models.Model):
    """One of the brand's main practices (主要做法), such as the seed's "three integrations, three
    improvements" (三融合三提升); the brand report shows each with the figures of its pillar."""

    brand = models.ForeignKey(Brand, verbose_name=_("party brand"), on_delete=models.CASCADE, related_name="practices")
    ordering = models.PositiveSmallIntegerField(_("order"), default=0, validators=[MaxValueValidator(100)])
    pillar = models.CharField(_("pillar"), max_length=10, choices=Pillar.choices)
    title = models.CharField(_("title"), max_length=100)
    text = models.TextField(_("what is done"), max_length=6000)

    class Meta:
        verbose_name = _("brand practice")
        verbose_name_plural = _("brand practices")
        ordering = ["brand", "ordering", "pk"]
        constraints = [models.UniqueConstraint(fields=["brand", "title"], name="brand_practice_title_unique")]

    def __str__(self):
        return self.title


audit([Brand, BrandPractice])
