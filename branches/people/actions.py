"""Actions on people: their record, their development steps, and a temporary password for a
forgotten one."""

import secrets

from axes.utils import reset as reset_lockouts
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.kernel.scope import scope_for
from branches.people.models import (
    DevelopmentStep,
    LargeText,
    Person,
    PoliticalStatus,
    TemporaryPassword,
)


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


@transaction.atomic
def save_person(person):
    """Changes to a person's record, by their branch's managers or the committee office."""
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def development_steps_changed(person):
    """After steps were added or changed by hand (the admin): the person's political status rises
    to the highest step recorded, their row locked as :func:`record_development_step` does."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    highest = person.development_steps.aggregate(highest=Max("stage"))["highest"]
    if highest is not None and highest > person.political_status:
        person.political_status = highest
        person.save(update_fields=["political_status", "updated_at"])
    return person


# Letters and digits that cannot be mistaken for one another when read out or copied by hand.
PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"


TEMPORARY_PASSWORD_LENGTH = 12


def may_set_passwords(user):
    """The committee administrator gives a temporary password to someone who forgot theirs."""
    return scope_for(user).manages_all


@transaction.atomic
def set_temporary_password(person, *, by):
    """Give the person's login a new random password, to be changed at the next login; returns it.

    Any lock-out of the login (too many wrong passwords) is lifted with it.
    """
    if not may_set_passwords(by):
        raise PermissionDenied(_("Only the committee administrator sets temporary passwords."))
    if person.user_id is None:
        raise ValidationError(_("%(name)s has no login account.") % {"name": person.name}, code="no_login")
    password = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(TEMPORARY_PASSWORD_LENGTH))
    user = person.user
    user.set_password(password)
    user.save(update_fields=["password"])
    TemporaryPassword.objects.update_or_create(user=user, defaults={"set_by": by})
    reset_lockouts(username=user.get_username())
    return password


def reads_large_text(user):
    return LargeText.objects.filter(user=user).exists()


def choose_large_text(user, on):
    """Large text (长者模式) on or off for the login, wherever it signs in next."""
    if on:
        LargeText.objects.get_or_create(user=user)
    else:
        LargeText.objects.filter(user=user).delete()


def must_change_password(user):
    return TemporaryPassword.objects.filter(user=user).exists()


def password_changed(user):
    """The user chose a password of their own: a temporary one is gone."""
    TemporaryPassword.objects.filter(user=user).delete()
