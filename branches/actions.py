"""Business actions on the organisation: called by views, admin, the demo seeder and tests alike."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import DevelopmentStep, Person, PoliticalStatus
from branches.scope import scope_for


@transaction.atomic
def record_development_step(person, *, stage, date, by, note=""):
    """Record the person's next development step and move their political status to it.

    Steps follow the party's order one at a time (申请 → 积极分子 → 发展对象 → 预备党员 → 正式党员),
    and a step's date is never before the previous step's date nor in the future.
    ``by`` must manage the person's branch; the person's row is locked so that two
    secretaries recording at once cannot both succeed.
    """
    if by is not None and not scope_for(by).can_manage_branch(person.branch_id):
        raise PermissionDenied(_("You may not record development steps for this person."))
    person = Person.objects.select_for_update().get(pk=person.pk)
    stage = PoliticalStatus(int(stage))
    if person.political_status >= PoliticalStatus.FULL:
        raise ValidationError(_("%(name)s is already a full party member.") % {"name": person.name})
    expected = PoliticalStatus(person.political_status + 1)
    if stage != expected:
        raise ValidationError(
            _("The next step for %(name)s is “%(expected)s”, not “%(stage)s”.")
            % {"name": person.name, "expected": expected.label, "stage": stage.label},
            code="step_out_of_order",
        )
    if date > timezone.localdate():
        raise ValidationError(_("A development step cannot be dated in the future."), code="future")
    last = person.development_steps.order_by("-stage").first()
    if last and date < last.date:
        raise ValidationError(
            _("The date cannot be before the previous step “%(stage)s” on %(date)s.")
            % {"stage": last.get_stage_display(), "date": last.date},
            code="step_date_backwards",
        )
    step = DevelopmentStep(person=person, stage=stage, date=date, note=note, recorded_by=by)
    step.full_clean()
    step.save()
    person.political_status = stage
    person.save(update_fields=["political_status", "updated_at"])
    return step
