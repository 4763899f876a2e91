"""The shared form fields: a quick <select> that says what Django's says."""

import re

import pytest
from django import forms
from django.urls import reverse

from branches.kernel.fields import QuickSelect
from tests.factories import PartyGroupFactory

pytestmark = pytest.mark.django_db

CHOICES = [("", "全部"), (1, "第一党支部"), (2, '<b>"第二"</b> & co')]


def options(html):
    return re.findall(r'<option value="([^"]*)"( selected)?>(.*?)</option>', html)


@pytest.mark.parametrize("value", [None, "", 1, "2", "x"])
def test_it_renders_the_options_djangos_select_renders(value):
    quick = QuickSelect(choices=CHOICES).render("branch", value, attrs={"id": "id_branch", "class": "form-select"})
    django = forms.Select(choices=CHOICES).render("branch", value, attrs={"id": "id_branch", "class": "form-select"})
    assert options(quick) == options(django)
    assert 'name="branch"' in quick and 'id="id_branch"' in quick and 'class="form-select"' in quick
    assert "<b>" not in quick


@pytest.mark.parametrize("value", [None, "", "1"])
def test_model_choices_read_as_rows_render_as_instances_do(office, value):
    from branches.kernel.fields import BranchChoiceField
    from branches.organisation.models import Branch

    office.branch_b.name = '<b>"第二"</b> & co'
    office.branch_b.save()
    value = office.branch_a.pk if value == "1" else value
    rows = BranchChoiceField(queryset=Branch.objects.all())
    instances = forms.ModelChoiceField(queryset=Branch.objects.all(), required=False, empty_label="All branches")
    rows.empty_label = instances.empty_label
    quick, django = rows.widget, instances.widget
    quick.choices, django.choices = rows.choices, instances.choices
    rendered = quick.render("branch", value)
    assert options(rendered) == options(django.render("branch", value))
    assert len(options(rendered)) == 3 and "<b>" not in rendered


def test_the_directory_offers_the_groups_of_the_chosen_branch_only(login, office):
    PartyGroupFactory(branch=office.branch_b, name="乙支部党小组")
    client = login("committee_member")
    offered = lambda query: [str(group) for group in client.get(reverse("branches:person-list"), query).context["filter"].filters["group"].queryset]
    assert offered({}) == []
    assert offered({"branch": office.branch_b.pk}) == ["乙支部党小组"]
    assert offered({"branch": "x"}) == []
    assert "一件事党小组" in [str(group) for group in login("secretary_a").get(reverse("branches:person-list")).context["filter"].filters["group"].queryset]
