"""Speed-ups are computed, never typed; a project's team leader is a party-member section chief."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from branches.people.models import PoliticalStatus
from services.speedups.models import InvestmentProject, JointItem, speedup
from tests.factories import EnterpriseFactory, PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.mark.parametrize(
    "baseline, actual, expected",
    [(20, 10, Decimal("0.5")), (10, Decimal("7.1"), Decimal("0.29")), (10, 10, 0), (10, 12, Decimal("-0.2")), (0, 5, None), (10, None, None)],
)
def test_the_speedup_arithmetic(baseline, actual, expected):
    assert speedup(baseline, actual) == expected


def project(leader, **fields):
    values = {
        "name": "新厂房项目",
        "enterprise": EnterpriseFactory(),
        "team_leader": leader,
        "started_on": D(2021, 3, 1),
        "approved_on": D(2021, 3, 20),
        "baseline_days": Decimal("20"),
        "actual_days": Decimal("10"),
    }
    values.update(fields)
    return InvestmentProject(**values)


def test_the_team_leader_is_a_party_member_and_a_section_chief(office):
    chief = PersonFactory(branch=office.branch_a, is_section_chief=True)
    project(chief).full_clean()
    for leader in [
        PersonFactory(branch=office.branch_a, is_section_chief=False),
        PersonFactory(branch=office.branch_a, is_section_chief=True, political_status=PoliticalStatus.MASSES),
    ]:
        with pytest.raises(ValidationError) as error:
            project(leader).full_clean()
        assert "team_leader" in error.value.message_dict


def test_a_baseline_of_zero_is_rejected_in_the_form_and_the_database(office):
    chief = PersonFactory(branch=office.branch_a, is_section_chief=True)
    with pytest.raises(ValidationError):
        project(chief, baseline_days=0).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        project(chief, baseline_days=0).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        JointItem.objects.create(name="x", departments="a", launched_on=D(2021, 1, 1), baseline_days=0, current_days=0)


def test_an_approved_project_has_its_actual_days(office):
    chief = PersonFactory(branch=office.branch_a, is_section_chief=True)
    with pytest.raises(ValidationError):
        project(chief, actual_days=None).full_clean()
    with pytest.raises(ValidationError):
        project(chief, approved_on=D(2021, 2, 1)).full_clean()


def test_a_joint_items_departments_read_as_a_list():
    item = JointItem(name="开办餐饮店", departments="市场监管局、卫健局,消防", baseline_days=10, current_days=7)
    assert item.department_list == ["市场监管局", "卫健局", "消防"]
    assert item.speedup == Decimal("0.3")
