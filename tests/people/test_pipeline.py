"""发展党员: the party's minimum intervals, the pipeline page and who is due for the next step."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from branches.people import selectors, stage_dates
from branches.people.actions import record_development_step
from branches.people.development import years_after, years_before
from branches.people.models import DevelopmentStep, Person, PoliticalStatus
from tests.conftest import ROLES, query_count
from tests.factories import DevelopmentStepFactory, PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date
URL = reverse("branches:development-pipeline")
APPLICANT, ACTIVIST, CANDIDATE, PROBATIONARY, FULL = (
    PoliticalStatus.APPLICANT,
    PoliticalStatus.ACTIVIST,
    PoliticalStatus.CANDIDATE,
    PoliticalStatus.PROBATIONARY,
    PoliticalStatus.FULL,
)


def developed(branch, *dates, **fields):
    """A person whose steps from the application on are ``dates``, recorded through the action."""
    person = PersonFactory(branch=branch, political_status=PoliticalStatus.MASSES, **fields)
    for stage, date in enumerate(dates, start=APPLICANT):
        record_development_step(person, stage=stage, date=date, by=None)
    person.refresh_from_db()
    return person


class TestCalendarYears:
    def test_a_year_after_29_february_is_1_march(self):
        assert years_after(D(2020, 2, 29), 1) == D(2021, 3, 1)
        assert years_after(D(2020, 2, 29), 4) == D(2024, 2, 29)
        assert years_after(D(2020, 6, 30), 1) == D(2021, 6, 30)

    def test_years_before_is_the_latest_date_whose_year_has_come(self):
        for today in [D(2021, 2, 28), D(2021, 3, 1), D(2024, 2, 29), D(2021, 7, 1)]:
            cutoff = years_before(today, 1)
            assert years_after(cutoff, 1) <= today
            assert years_after(cutoff + datetime.timedelta(days=1), 1) > today


class TestMinimumIntervals:
    def test_an_activist_becomes_a_candidate_after_a_year_of_training(self, office):
        person = developed(office.branch_a, D(2019, 1, 10), D(2019, 3, 1))
        with pytest.raises(ValidationError) as error:
            record_development_step(person, stage=CANDIDATE, date=D(2020, 2, 29), by=None)
        assert "2020-03-01" in " ".join(error.value.messages)
        person.refresh_from_db()
        assert person.political_status == ACTIVIST
        assert person.development_steps.count() == 2
        record_development_step(person, stage=CANDIDATE, date=D(2020, 3, 1), by=None)

    def test_full_membership_comes_after_a_probationary_year(self, office):
        person = developed(office.branch_a, D(2017, 1, 10), D(2017, 3, 1), D(2018, 6, 1), D(2019, 6, 28))
        with pytest.raises(ValidationError) as error:
            record_development_step(person, stage=FULL, date=D(2020, 6, 27), by=None)
        message = " ".join(error.value.messages)
        assert _("the probationary period lasts one year") in message
        assert "2020-06-28" in message
        person.refresh_from_db()
        assert person.political_status == PROBATIONARY
        assert not person.development_steps.filter(stage=FULL).exists()
        record_development_step(person, stage=FULL, date=D(2020, 6, 28), by=None)
        person.refresh_from_db()
        assert person.political_status == FULL

    def test_stages_without_a_minimum_interval_may_follow_the_next_day(self, office):
        person = developed(office.branch_a, D(2019, 1, 10), D(2019, 1, 11), D(2020, 1, 11), D(2020, 1, 12))
        assert person.political_status == PROBATIONARY

    def test_an_applicant_must_be_eighteen(self, office):
        person = PersonFactory(branch=office.branch_a, political_status=PoliticalStatus.MASSES, birth_date=D(2003, 5, 2), id_number="")
        with pytest.raises(ValidationError) as error:
            record_development_step(person, stage=APPLICANT, date=D(2021, 5, 1), by=None)
        assert "18" in " ".join(error.value.messages)
        assert not DevelopmentStep.objects.filter(person=person).exists()
        record_development_step(person, stage=APPLICANT, date=D(2021, 5, 2), by=None)

    def test_the_model_checks_the_interval_too(self, office):
        person = PersonFactory(branch=office.branch_a, political_status=PROBATIONARY)
        for stage, date in [(APPLICANT, D(2018, 1, 1)), (ACTIVIST, D(2018, 2, 1)), (CANDIDATE, D(2019, 3, 1)), (PROBATIONARY, D(2019, 6, 1))]:
            DevelopmentStepFactory(person=person, stage=stage, date=date)
        with pytest.raises(ValidationError):
            DevelopmentStep(person=person, stage=FULL, date=D(2020, 5, 31)).full_clean()

    def test_the_admin_refuses_a_short_probation(self, client, office):
        person = developed(office.branch_a, D(2017, 1, 10), D(2017, 3, 1), D(2018, 6, 1), D(2019, 6, 28))
        client.force_login(office.users["committee_admin"])
        office.users["committee_admin"].is_superuser = office.users["committee_admin"].is_staff = True
        office.users["committee_admin"].save()
        response = client.post(
            reverse("admin:branches_developmentstep_add"),
            {"person": person.pk, "stage": FULL, "date": "2019-12-01", "note": ""},
        )
        assert response.status_code == 200
        assert _("the probationary period lasts one year") in response.content.decode()
        assert not person.development_steps.filter(stage=FULL).exists()

    def test_the_person_page_tells_the_earliest_date(self, login, office):
        person = developed(office.branch_a, D(2025, 1, 10), D(2025, 3, 1), D(2026, 3, 2), D(2026, 6, 1))
        response = login("secretary_a").get(person.get_absolute_url())
        assert "2027-06-01" in response.content.decode()


class TestPipeline:
    TODAY = D(2021, 7, 1)

    def entries(self, office, **filters):
        people = selectors.pipeline_people(Person.objects.all(), today=self.TODAY, **filters)
        return {entry.person.name: entry for entry in selectors.pipeline_entries(people, today=self.TODAY)}

    @pytest.fixture
    def pipeline(self, office):
        return {
            "applicant": developed(office.branch_a, D(2021, 3, 9), name="applicant"),
            "trained": developed(office.branch_a, D(2019, 1, 10), D(2020, 7, 1), name="trained"),
            "training": developed(office.branch_b, D(2019, 1, 10), D(2020, 7, 2), name="training"),
            "probation_ending": developed(office.branch_a, D(2017, 1, 1), D(2017, 3, 1), D(2018, 6, 1), D(2020, 7, 1), name="probation_ending"),
            "probation_overrun": developed(office.branch_b, D(2015, 1, 1), D(2015, 3, 1), D(2016, 6, 1), D(2019, 6, 30), name="probation_overrun"),
        }

    def test_each_person_has_a_next_step_and_its_earliest_date(self, office, pipeline):
        entries = self.entries(office)
        assert entries["trained"].next_stage == CANDIDATE
        assert entries["trained"].earliest == D(2021, 7, 1)
        assert entries["trained"].is_due
        assert entries["training"].earliest == D(2021, 7, 2)
        assert not entries["training"].is_due
        assert entries["probation_ending"].is_due
        assert not entries["probation_ending"].probation_overrun
        assert entries["probation_overrun"].probation_overrun
        assert entries["applicant"].earliest is None
        assert not entries["applicant"].is_due
        assert entries["applicant"].days_at_stage == (self.TODAY - D(2021, 3, 9)).days
        assert entries["staff_a"].since is None  # probationary, but no step on record
        assert not entries["staff_a"].is_due

    def test_the_due_filter_lists_only_those_whose_wait_is_over(self, office, pipeline):
        assert set(self.entries(office, due_only=True)) == {"trained", "probation_ending", "probation_overrun"}

    def test_the_stage_filter(self, office, pipeline):
        assert set(self.entries(office, stage=ACTIVIST)) == {"trained", "training"}

    def test_the_longest_waiting_come_first_within_a_stage(self, office, pipeline):
        names = list(self.entries(office, stage=PROBATIONARY))
        assert names.index("probation_overrun") < names.index("probation_ending")

    def test_the_funnel_counts_steps_per_year(self, office, pipeline):
        by_year = dict(selectors.development_by_year(None, first_year=2019, last_year=2021))
        assert by_year[2021][APPLICANT] == 1
        assert by_year[2020][ACTIVIST] == 2
        assert by_year[2020][PROBATIONARY] == 1
        assert by_year[2019][APPLICANT] == 2
        assert by_year[2019][PROBATIONARY] == 1
        a_only = dict(selectors.development_by_year([office.branch_a.pk], first_year=2019, last_year=2021))
        assert a_only[2020][ACTIVIST] == 1


class TestStageDates:
    """Person.stage_since (branches.stage_dates), the pipeline's order, follows the steps."""

    def test_every_wait_counts_from_the_stage_just_before(self):
        """What lets the due counts read stage_since instead of the steps."""
        from branches.people.development import MINIMUM_WAITS

        assert all(wait.after == stage - 1 for stage, wait in MINIMUM_WAITS.items())

    def since(self, person):
        return Person.objects.get(pk=person.pk).stage_since

    def test_each_step_recorded_moves_it(self, office):
        person = developed(office.branch_a, D(2019, 1, 10))
        assert self.since(person) == D(2019, 1, 10)
        record_development_step(person, stage=ACTIVIST, date=D(2020, 7, 1), by=None)
        assert self.since(person) == D(2020, 7, 1)

    def test_a_step_corrected_or_deleted(self, office):
        person = developed(office.branch_a, D(2019, 1, 10), D(2020, 7, 1))
        step = person.development_steps.get(stage=ACTIVIST)
        step.date = D(2020, 8, 1)
        step.save()
        assert self.since(person) == D(2020, 8, 1)
        step.delete()
        assert self.since(person) is None

    def test_a_status_changed_by_hand(self, office):
        person = developed(office.branch_a, D(2019, 1, 10), D(2020, 7, 1))
        person.political_status = APPLICANT
        person.save()
        assert self.since(person) == D(2019, 1, 10)

    def test_rebuild_dates_rows_written_in_bulk(self, office):

        person = developed(office.branch_a, D(2019, 1, 10))
        Person.objects.filter(pk=person.pk).update(stage_since=None)
        stage_dates.rebuild()
        assert self.since(person) == D(2019, 1, 10)


class TestPipelinePage:
    EXPECTED = {
        "committee_admin": 200,
        "committee_member": 200,
        "secretary_a": 200,
        "branch_committee_a": 200,
        "group_leader_a": 403,
        "staff_a": 403,
        "secretary_b": 200,
        "staff_b": 403,
    }

    def test_anonymous_users_are_sent_to_log_in(self, client):
        response = client.get(URL)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))

    @pytest.mark.parametrize("role", ROLES)
    def test_the_role_matrix(self, login, office, role):
        assert login(role).get(URL).status_code == self.EXPECTED[role]

    def test_a_secretary_sees_only_the_own_branch(self, login, office):
        developed(office.branch_a, D(2021, 3, 9), name="申请人甲")
        developed(office.branch_b, D(2021, 3, 9), name="申请人乙")
        page = login("secretary_b").get(URL).content.decode()
        assert "申请人乙" in page and "申请人甲" not in page
        page = login("secretary_b").get(URL, {"branch": office.branch_a.pk}).content.decode()
        assert "申请人甲" not in page
        page = login("committee_member").get(URL).content.decode()
        assert "申请人甲" in page and "申请人乙" in page

    @pytest.mark.parametrize(
        "query",
        [{"year": "abc"}, {"stage": "9"}, {"stage": "x"}, {"branch": "zz"}, {"due": "maybe"}, {"page": "-1"}, {"year": "1900", "page": "999"}],
    )
    def test_bad_filters_never_break_the_page(self, login, office, query):
        assert login("committee_admin").get(URL, query).status_code == 200

    def test_the_page_is_paginated(self, login, office):
        for index in range(35):
            developed(office.branch_a, D(2020, 1, 1), name=f"申请人{index}")
        response = login("secretary_a").get(URL)
        assert len(response.context["entries"]) == 30
        assert response.context["page"].paginator.count == 36  # and staff_a, probationary

    def test_the_query_count_stays_flat(self, login, office, django_assert_max_num_queries):
        client = login("committee_admin")

        def grow(count):
            for index in range(count):
                branch = office.branch_a if index % 2 else office.branch_b
                developed(branch, D(2019, 1, 10), D(2020, 3, 1), D(2021, 3, 2))

        grow(2)
        small = query_count(django_assert_max_num_queries, client, URL)
        grow(20)
        assert query_count(django_assert_max_num_queries, client, URL) == small

    def test_the_to_do_list_names_activists_due(self, login, office):
        developed(office.branch_a, D(2019, 1, 10), D(2020, 3, 1))
        todo = login("secretary_a").get(reverse("dashboard")).context["todo"]
        assert any(item.url.endswith(f"?stage={ACTIVIST}&due=on") and item.count == 1 for item in todo)
        assert not any("due=on" in item.url for item in login("secretary_b").get(reverse("dashboard")).context["todo"])

    def test_the_to_do_list_counts_probations_ending_within_30_days(self, login, office):
        import datetime as dt

        from torchbearer.todo import todo_items

        today = D(2021, 7, 1)
        ending = developed(office.branch_a, D(2018, 1, 1), D(2018, 3, 1), D(2019, 6, 1), D(2020, 7, 20))
        developed(office.branch_a, D(2018, 1, 1), D(2018, 3, 1), D(2019, 6, 1), D(2020, 8, 20))  # ends in 50 days
        left = developed(office.branch_a, D(2018, 1, 1), D(2018, 3, 1), D(2019, 6, 1), D(2020, 7, 2))
        Person.objects.filter(pk=left.pk).update(is_active=False)

        def count(role):
            items = todo_items(office.users[role], today=today)
            return sum(item.count for item in items if item.url.endswith(f"?stage={PROBATIONARY}"))

        assert count("secretary_a") == 1 and count("committee_admin") == 1 and count("secretary_b") == 0
        assert ending.stage_since + dt.timedelta(days=365) - today < dt.timedelta(days=30)
