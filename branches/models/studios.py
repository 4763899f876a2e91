"""工作室: studios led by one member that take on difficult cases, and the firsts they achieved."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from branches.models.base import ChoiceLabelsModel
from branches.paths import object_path
from branches.scope import ScopedQuerySet


class StudioQuerySet(ScopedQuerySet):
    """Studios are public to everyone in the hall; the committee office runs them."""

    branch_path = "leader__branch"

    def visible_q(self, scope):
        return models.Q()


class Studio(ChoiceLabelsModel):
    name = models.CharField(_("name"), max_length=100, unique=True)
    leader = models.ForeignKey(
        "Person", verbose_name=_("leader"), on_delete=models.PROTECT, related_name="studios_led"
    )
    members = models.ManyToManyField("Person", verbose_name=_("members"), related_name="studios", blank=True)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)

    objects = StudioQuerySet.as_manager()

    class Meta:
        verbose_name = _("studio")
        verbose_name_plural = _("studios")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return object_path("branches:studio-detail", self.pk)

    def clean(self):
        if self.leader_id and not self.leader.is_party_member:
            raise ValidationError({"leader": _("A studio is led by a party member.")})


class StudioMilestone(ChoiceLabelsModel):
    """A first the studio achieved, e.g. the city's first all-online business licence."""

    studio = models.ForeignKey(
        Studio, verbose_name=_("studio"), on_delete=models.CASCADE, related_name="milestones"
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["-date"]

    def __str__(self):
        return self.title
