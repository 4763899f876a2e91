"""The organisation's invariants: rejected with a clear message, nothing saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from branches.organisation.models import Window
from branches.people.models import BranchRole, Person, PoliticalStatus
from tests.factories import (
    BranchFactory,
    EnterpriseFactory,
    HonourFactory,
    MentorshipFactory,
    PartyGroupFactory,
    PersonFactory,
    ResponsibilityZoneFactory,
    WindowFactory,
    valid_credit_code,
    valid_id_number,
)

pytestmark = pytest.mark.django_db


def messages_of(error):
    return " ".join(error.value.messages)


def test_window_codes_are_unique():
    WindowFactory(code="A-01")
    with pytest.raises(ValidationError) as error:
        Window(code="A-01", name="重复", business_line="tax", area=WindowFactory().area).full_clean()
    assert _("Another window already has this code.") in messages_of(error)
    with pytest.raises(IntegrityError), transaction.atomic():
        WindowFactory(code="A-01")
    assert Window.objects.filter(code="A-01").count() == 1


def test_a_persons_group_must_belong_to_the_persons_branch():
    other_group = PartyGroupFactory()
    person = PersonFactory.build(branch=BranchFactory(), group=other_group)
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert _("The party group must belong to the person's branch.") in messages_of(error)


def test_a_group_leader_must_be_a_party_member():
    branch = BranchFactory()
    group = PartyGroupFactory(branch=branch)
    group.leader = PersonFactory(branch=branch, political_status=PoliticalStatus.ACTIVIST)
    with pytest.raises(ValidationError) as error:
        group.full_clean()
    assert _("The group leader must be a party member (full or probationary).") in messages_of(error)


def test_a_probationary_member_may_lead_a_group():
    branch = BranchFactory()
    group = PartyGroupFactory(branch=branch)
    group.leader = PersonFactory(branch=branch, political_status=PoliticalStatus.PROBATIONARY)
    group.full_clean()


def test_a_group_leader_must_belong_to_the_groups_branch():
    group = PartyGroupFactory()
    group.leader = PersonFactory()
    with pytest.raises(ValidationError) as error:
        group.full_clean()
    assert _("The group leader must belong to the group's branch.") in messages_of(error)


def test_a_matter_group_must_name_its_matter():
    group = PartyGroupFactory.build(branch=BranchFactory(), kind="matter", serves="")
    with pytest.raises(ValidationError) as error:
        group.full_clean()
    assert _("A matter or project group must name the matter or project it serves.") in messages_of(error)


def test_a_responsibility_zone_needs_a_party_member():
    zone = ResponsibilityZoneFactory.build(member=PersonFactory(political_status=PoliticalStatus.MASSES))
    with pytest.raises(ValidationError) as error:
        zone.full_clean()
    assert _("Only party members (full or probationary) can hold a responsibility zone.") in messages_of(error)


def test_a_responsibility_zone_cannot_end_before_it_starts():
    zone = ResponsibilityZoneFactory.build(
        member=PersonFactory(), starts_on=datetime.date(2021, 5, 1), ends_on=datetime.date(2021, 4, 1)
    )
    with pytest.raises(ValidationError) as error:
        zone.full_clean()
    assert _("The zone cannot end before it starts.") in messages_of(error)


def test_a_branch_has_at_most_one_secretary():
    branch = BranchFactory()
    PersonFactory(branch=branch, branch_role=BranchRole.SECRETARY)
    second = PersonFactory.build(branch=branch, branch_role=BranchRole.SECRETARY)
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert _("This branch already has a secretary.") in messages_of(error)
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    assert Person.objects.filter(branch=branch, branch_role=BranchRole.SECRETARY).count() == 1


def test_two_branches_may_each_have_a_secretary():
    PersonFactory(branch_role=BranchRole.SECRETARY)
    PersonFactory(branch_role=BranchRole.SECRETARY)
    assert Person.objects.filter(branch_role=BranchRole.SECRETARY).count() == 2


def test_a_branch_role_needs_a_party_member():
    person = PersonFactory.build(
        branch=BranchFactory(), branch_role=BranchRole.COMMITTEE, political_status=PoliticalStatus.CANDIDATE
    )
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert _("Only party members (full or probationary) can hold a branch role.") in messages_of(error)
    with pytest.raises(IntegrityError), transaction.atomic():
        person.save()


def test_a_leader_cannot_be_demoted_below_party_member():
    branch = BranchFactory()
    leader = PersonFactory(branch=branch)
    PartyGroupFactory(branch=branch, leader=leader)
    leader.political_status = PoliticalStatus.MASSES
    with pytest.raises(ValidationError) as error:
        leader.full_clean()
    assert _("This person leads a party group; only party members can.") in messages_of(error)


@pytest.mark.parametrize(
    "id_number, message",
    [
        ("33028319900101001", "An ID number has 17 digits followed by a digit or X."),
        ("330283199013010010", "The ID number holds no valid birth date."),
        (valid_id_number(5)[:-1] + ("0" if valid_id_number(5)[-1] != "0" else "1"),
         "The ID number's check character is wrong; please check the number."),
    ],
)
def test_it_rejects_bad_id_numbers(id_number, message):
    person = PersonFactory.build(branch=BranchFactory(), id_number=id_number, birth_date=None)
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert _(message) in messages_of(error)


def test_the_birth_date_must_match_the_id_number():
    person = PersonFactory.build(
        branch=BranchFactory(), id_number=valid_id_number(7), birth_date=datetime.date(1991, 2, 3)
    )
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert _("The birth date does not match the ID number.") in messages_of(error)


def test_an_honour_has_exactly_one_holder():
    honour = HonourFactory.build(committee=None)
    with pytest.raises(ValidationError) as error:
        honour.full_clean()
    assert _("An honour is held by exactly one of: the committee, a branch, a person.") in messages_of(error)


def test_it_accepts_a_valid_credit_code():
    EnterpriseFactory.build(credit_code="91350100M000100Y43").full_clean()
    EnterpriseFactory.build(credit_code=valid_credit_code(3)).full_clean()


@pytest.mark.parametrize(
    "code, message",
    [
        ("91350100M000100Y4", "A unified social credit code has 18 characters: digits and capital letters other than I, O, S, V and Z."),
        ("91350100M000100Y4I", "A unified social credit code has 18 characters: digits and capital letters other than I, O, S, V and Z."),
        ("91350100M000100Y44", "The credit code's check character is wrong; please check the code."),
    ],
)
def test_it_rejects_bad_credit_codes(code, message):
    with pytest.raises(ValidationError) as error:
        EnterpriseFactory.build(credit_code=code).full_clean()
    assert _(message) in messages_of(error)


def test_credit_codes_are_unique_whatever_the_case():
    EnterpriseFactory(credit_code="91350100M000100Y43")
    duplicate = EnterpriseFactory.build(credit_code="91350100m000100y43")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert _("An enterprise with this credit code already exists.") in messages_of(error)


def test_a_mentee_has_one_active_mentor_per_focus_also_outside_forms(office):
    mentee = office.people["staff_a"]
    MentorshipFactory(mentor=office.people["secretary_a"], mentee=mentee, covers_window_business=True)
    second = MentorshipFactory.build(mentor=office.people["group_leader_a"], mentee=mentee, covers_window_business=True)
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    expected = _("The mentee already has an active mentor for “{focus}”.").format(focus=_("Window business"))
    assert expected in error.value.messages
    other_focus = MentorshipFactory.build(
        mentor=office.people["group_leader_a"], mentee=mentee, covers_window_business=False, covers_service_level=True
    )
    other_focus.full_clean()
