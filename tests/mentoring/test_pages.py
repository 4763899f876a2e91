"""导师帮带 pages: the pairings list, setting up a pair, the session log and the secretary's
evaluations, for every role."""

import datetime

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from branches.mentoring.models import Mentorship, MentorshipSession, MentorshipStatus
from tests.conftest import ROLES, query_count
from tests.factories import MentorshipFactory, PersonFactory, UserFactory
from tests.passing_on_factories import MentorshipSessionFactory, at, shows

pytestmark = pytest.mark.django_db

MANAGERS = {"committee_admin", "secretary_a", "branch_committee_a", "secretary_b"}
SEES_THE_PAIR = {"committee_admin", "committee_member", "secretary_a", "branch_committee_a", "group_leader_a", "staff_a"}
TODAY = datetime.date(2021, 6, 15)


@pytest.fixture
def pairing(office):
    """The group leader mentors staff_a (branch A) in window business, from 2021-01-04."""
    return MentorshipFactory(mentor=office.people["group_leader_a"], mentee=office.people["staff_a"])


@pytest.fixture
def today(clock):
    clock(at(10, day=TODAY))
    return TODAY


def detail(pairing):
    return reverse("branches:mentorship-detail", args=[pairing.pk])


class TestAccess:
    @pytest.mark.parametrize("name", ["mentorship-list", "mentorship-create", "mentorship-detail"])
    def test_it_answers_each_role_as_the_matrix_says(self, client, office, pairing, name):
        url = detail(pairing) if name == "mentorship-detail" else reverse(f"branches:{name}")
        answers = {}
        for role in ROLES:
            client.force_login(office.users[role])
            answers[role] = client.get(url).status_code
        if name == "mentorship-list":
            expected = {role: 200 for role in ROLES}
        elif name == "mentorship-create":
            expected = {role: 200 if role in MANAGERS else 403 for role in ROLES}
        else:
            expected = {role: 200 if role in SEES_THE_PAIR else 404 for role in ROLES}
        assert answers == expected

    def test_it_sends_anonymous_users_to_log_in(self, client, pairing):
        for url in [reverse("branches:mentorship-list"), reverse("branches:mentorship-create"), detail(pairing)]:
            assert client.get(url).url.startswith(reverse("login"))
        for url in [
            reverse("branches:mentorship-session-add", args=[pairing.pk]),
            reverse("branches:mentorship-evaluate", args=[pairing.pk, "midterm"]),
            reverse("branches:mentorship-end", args=[pairing.pk]),
        ]:
            assert client.post(url).url.startswith(reverse("login"))

    def test_the_list_shows_only_the_pairs_one_may_see(self, login, office, pairing):
        other = MentorshipFactory(mentor=PersonFactory(branch=office.branch_b, name="乙导师"), mentee=office.people["staff_b"])
        page = login("secretary_a").get(reverse("branches:mentorship-list")).content.decode()
        assert pairing.get_absolute_url() in page and other.get_absolute_url() not in page
        page = login("staff_b").get(reverse("branches:mentorship-list")).content.decode()
        assert pairing.get_absolute_url() not in page and other.get_absolute_url() in page
        page = login("committee_member").get(reverse("branches:mentorship-list")).content.decode()
        assert pairing.get_absolute_url() in page and other.get_absolute_url() in page

    def test_the_list_shows_kind_focus_progress_and_sessions(self, login, office, pairing, today):
        MentorshipSessionFactory(mentorship=pairing, date=datetime.date(2021, 5, 20))
        MentorshipSessionFactory(mentorship=pairing, date=datetime.date(2021, 3, 1))
        page = login("staff_a").get(reverse("branches:mentorship-list"))
        for text in [pairing.get_kind_display(), _("Window business"), _("Teach (教)"), "2021-05-20", f'style="width: {pairing.progress_percent()}%"']:
            assert text in page.content.decode(), text

    @pytest.mark.parametrize("params", [{"status": "completed"}, {"branch": "x"}, {"kind": "experienced_with_young"}, {"page": "x"}])
    def test_the_list_filters_and_survives_bad_filters(self, login, office, pairing, params):
        page = login("committee_admin").get(reverse("branches:mentorship-list"), params)
        assert page.status_code == 200
        if params.get("status") == "completed" or params.get("kind"):
            assert pairing.get_absolute_url() not in page.content.decode()


class TestCreate:
    url = "/org/mentoring/new/"

    def data(self, office, **changes):
        data = {
            "mentor": office.people["secretary_a"].pk,
            "mentee": office.people["staff_a"].pk,
            "kind": "experienced_with_young",
            "covers_political_thought": "on",
            "teaches_at_window": "on",
            "goals": "理论学习与实践结合",
            "starts_on": "2021-03-01",
            "planned_end": "2021-12-31",
        }
        data.update(changes)
        return {key: value for key, value in data.items() if value is not None}

    def test_the_url_is_right(self):
        assert reverse("branches:mentorship-create") == self.url

    def test_a_secretary_pairs_two_members_of_the_branch(self, login, office):
        response = login("branch_committee_a").post(self.url, self.data(office))
        pairing = Mentorship.objects.get()
        assert response.status_code == 302 and response.url == pairing.get_absolute_url()
        assert (pairing.mentor, pairing.mentee, pairing.status) == (office.people["secretary_a"], office.people["staff_a"], "active")

    def test_a_second_mentor_for_another_focus_is_fine(self, login, office, pairing):
        assert login("secretary_a").post(self.url, self.data(office)).status_code == 302
        assert Mentorship.objects.count() == 2

    @pytest.mark.parametrize(
        "changes, message",
        [
            ({"mentor": "STAFF"}, "Nobody can mentor themselves."),
            ({"planned_end": "2021-02-01"}, "The planned end cannot be before the start."),
            ({"covers_political_thought": None}, "Choose at least one focus area."),
            ({"teaches_at_window": None}, "Choose at least one method: teach at the window or practise in a project."),
            ({"goals": ""}, "This field is required."),
            ({"mentor": "OTHER_BRANCH"}, "Select a valid choice. That choice is not one of the available choices."),
        ],
    )
    def test_it_rejects_bad_input_with_a_clear_message_and_saves_nothing(self, login, office, changes, message):
        people = {"STAFF": office.people["staff_a"].pk, "OTHER_BRANCH": office.people["staff_b"].pk}
        changes = {key: people.get(value, value) for key, value in changes.items()}
        response = login("secretary_a").post(self.url, self.data(office, **changes))
        assert response.status_code == 200
        assert shows(response, _(message))
        assert not Mentorship.objects.exists()

    def test_it_refuses_a_second_active_mentor_for_the_same_focus(self, login, office, pairing):
        data = self.data(office, covers_political_thought=None, covers_window_business="on")
        response = login("secretary_a").post(self.url, data)
        assert response.status_code == 200
        message = _("%(mentee)s already has an active mentor for “%(focus)s”: %(mentor)s.") % {
            "mentee": "staff_a",
            "focus": _("Window business"),
            "mentor": "group_leader_a",
        }
        assert shows(response, message)
        assert not shows(response, _("Choose at least one focus area."))
        assert Mentorship.objects.count() == 1

    def test_an_ended_pairing_frees_the_focus(self, login, office, pairing):
        Mentorship.objects.filter(pk=pairing.pk).update(status=MentorshipStatus.ENDED_EARLY, end_reason="调岗")
        data = self.data(office, covers_political_thought=None, covers_window_business="on")
        assert login("secretary_a").post(self.url, data).status_code == 302

    def test_the_committee_admin_pairs_across_branches(self, login, office):
        data = self.data(office, mentor=office.people["secretary_b"].pk)
        assert login("committee_admin").post(self.url, data).status_code == 302


class TestSessions:
    def url(self, pairing):
        return reverse("branches:mentorship-session-add", args=[pairing.pk])

    def data(self, **changes):
        return {"date": "2021-06-10", "method": "teach", "hours": "1.5", "content": "帮办代办流程", **changes}

    @pytest.mark.parametrize("role", ["group_leader_a", "staff_a"])
    def test_the_mentor_or_the_mentee_logs_a_session(self, login, office, pairing, today, role):
        client = login(role)
        assert 'name="content"' in client.get(detail(pairing)).content.decode()
        response = client.post(self.url(pairing), self.data())
        assert response.status_code == 302
        session = MentorshipSession.objects.get()
        assert (session.written_by, session.date, str(session.hours)) == (office.people[role], datetime.date(2021, 6, 10), "1.5")
        assert shows(client.get(detail(pairing)), "帮办代办流程")

    @pytest.mark.parametrize(
        "changes, message",
        [
            ({"date": "2021-06-16"}, "The date cannot be in the future."),
            ({"date": "2020-12-31"}, "The session cannot be before the pairing started."),
            ({"hours": "9"}, "Ensure this value is less than or equal to %(limit_value)s."),
            ({"hours": "0"}, "Ensure this value is greater than or equal to %(limit_value)s."),
            ({"content": ""}, "This field is required."),
            ({"method": "chat"}, "Select a valid choice. %(value)s is not one of the available choices."),
        ],
    )
    def test_it_rejects_bad_input_and_saves_nothing(self, login, office, pairing, today, changes, message):
        response = login("staff_a").post(self.url(pairing), self.data(**changes))
        assert response.status_code == 200
        limit = "8" if changes.get("hours") == "9" else "0.5"
        assert shows(response, _(message) % {"limit_value": limit, "value": "chat"})
        assert not MentorshipSession.objects.exists()

    @pytest.mark.parametrize("role, status", [("secretary_a", 403), ("committee_admin", 403), ("branch_committee_a", 403), ("staff_b", 404)])
    def test_nobody_outside_the_pair_writes_the_log(self, login, office, pairing, today, role, status):
        client = login(role)
        assert 'name="content"' not in client.get(detail(pairing)).content.decode()
        assert client.post(self.url(pairing), self.data()).status_code == status
        assert not MentorshipSession.objects.exists()

    def test_an_ended_pairing_takes_no_more_sessions(self, login, office, pairing, today):
        Mentorship.objects.filter(pk=pairing.pk).update(status=MentorshipStatus.COMPLETED)
        client = login("staff_a")
        assert 'name="content"' not in client.get(detail(pairing)).content.decode()
        response = client.post(self.url(pairing), self.data())
        assert shows(response, _("This pairing has ended; no more sessions can be logged."))
        assert not MentorshipSession.objects.exists()


class TestEvaluation:
    def url(self, pairing, stage):
        return reverse("branches:mentorship-evaluate", args=[pairing.pk, stage])

    def test_the_secretary_writes_the_mid_term_evaluation(self, login, office, pairing):
        client = login("secretary_a")
        assert 'name="midterm-text"' in client.get(detail(pairing)).content.decode()
        response = client.post(self.url(pairing, "midterm"), {"midterm-text": "进步明显", "midterm-rating": "good"})
        assert response.status_code == 302
        pairing.refresh_from_db()
        assert (pairing.midterm_evaluation, pairing.midterm_rating, pairing.status) == ("进步明显", "good", "active")

    def test_the_final_evaluation_completes_the_pairing(self, login, office, pairing):
        MentorshipSessionFactory(mentorship=pairing)
        response = login("secretary_a").post(self.url(pairing, "final"), {"final-text": "圆满完成", "final-rating": "excellent"})
        assert response.status_code == 302
        pairing.refresh_from_db()
        assert (pairing.status, pairing.final_rating, pairing.evaluated_by) == ("completed", "excellent", office.users["secretary_a"])

    def test_a_pairing_without_sessions_cannot_be_completed(self, login, office, pairing):
        response = login("secretary_a").post(self.url(pairing, "final"), {"final-text": "圆满完成", "final-rating": "excellent"})
        assert response.status_code == 200
        assert shows(response, _("A pairing without any logged session cannot be evaluated as completed."))
        pairing.refresh_from_db()
        assert pairing.status == "active" and pairing.final_evaluation == ""

    @pytest.mark.parametrize(
        "data, message",
        [
            ({"midterm-text": "", "midterm-rating": "good"}, "This field is required."),
            ({"midterm-text": "好", "midterm-rating": "superb"}, "Select a valid choice. %(value)s is not one of the available choices."),
        ],
    )
    def test_it_rejects_bad_input_and_saves_nothing(self, login, office, pairing, data, message):
        response = login("secretary_a").post(self.url(pairing, "midterm"), data)
        assert response.status_code == 200
        assert shows(response, _(message) % {"value": "superb"})
        pairing.refresh_from_db()
        assert pairing.midterm_evaluation == ""

    @pytest.mark.parametrize("role, status", [("branch_committee_a", 403), ("group_leader_a", 403), ("staff_a", 403), ("secretary_b", 404)])
    def test_only_the_secretary_evaluates(self, login, office, pairing, role, status):
        client = login(role)
        if status == 403:
            page = client.get(detail(pairing)).content.decode()
            assert 'name="midterm-text"' not in page and 'name="reason"' not in page
        response = client.post(self.url(pairing, "midterm"), {"midterm-text": "好", "midterm-rating": "good"})
        assert response.status_code == status
        if status == 403:
            assert shows(response, _("Only the secretary of the mentee's branch evaluates the pairing."))
        response = client.post(reverse("branches:mentorship-end", args=[pairing.pk]), {"reason": "调岗"})
        assert response.status_code == status
        pairing.refresh_from_db()
        assert (pairing.midterm_evaluation, pairing.status) == ("", "active")

    def test_an_unknown_stage_is_not_found(self, login, office, pairing):
        assert login("secretary_a").post(self.url(pairing, "weekly"), {}).status_code == 404

    def test_the_secretary_ends_a_pairing_early_with_a_reason(self, login, office, pairing):
        client = login("secretary_a")
        url = reverse("branches:mentorship-end", args=[pairing.pk])
        response = client.post(url, {"reason": "  "})
        assert response.status_code == 200
        assert shows(response, _("This field is required."))
        pairing.refresh_from_db()
        assert pairing.status == "active"
        assert client.post(url, {"reason": "导师调任他处"}).status_code == 302
        pairing.refresh_from_db()
        assert (pairing.status, pairing.end_reason) == ("ended_early", "导师调任他处")
        page = client.get(detail(pairing))
        assert shows(page, "导师调任他处") and 'name="reason"' not in page.content.decode()


class TestPersonPage:
    def test_it_lists_the_active_pairings_one_may_see(self, login, office, pairing):
        url = reverse("branches:person-detail", args=[office.people["staff_a"].pk])
        assert pairing.get_absolute_url() in login("secretary_a").get(url).content.decode()
        assert pairing.get_absolute_url() in login("staff_a").get(reverse("branches:my-page")).content.decode()
        assert pairing.get_absolute_url() in login("group_leader_a").get(reverse("branches:my-page")).content.decode()
        # Another member of the branch sees the person, not their pairing.
        client = login("group_leader_a")
        other = MentorshipFactory(mentor=office.people["secretary_a"], mentee=office.people["branch_committee_a"])
        page = client.get(reverse("branches:person-detail", args=[office.people["branch_committee_a"].pk]))
        assert other.get_absolute_url() not in page.content.decode()


def grow_pairs(office, count):
    for index in range(count):
        branch = office.branch_a if index % 2 else office.branch_b
        pairing = MentorshipFactory(
            mentor=office.people["staff_a"] if index % 2 else PersonFactory(branch=branch),
            mentee=PersonFactory(branch=branch),
        )
        MentorshipSessionFactory(mentorship=pairing)
        MentorshipSessionFactory(mentorship=pairing, written_by=pairing.mentee)


@pytest.mark.parametrize("role", ["committee_admin", "secretary_a", "staff_a"])
def test_the_list_query_count_does_not_grow_with_the_data(login, office, role, django_assert_max_num_queries):
    client = login(role)
    url = reverse("branches:mentorship-list")
    grow_pairs(office, 3)
    small = query_count(django_assert_max_num_queries, client, url)
    grow_pairs(office, 30)
    assert query_count(django_assert_max_num_queries, client, url) == small


@pytest.mark.parametrize("role", ["secretary_a", "staff_a", "committee_member"])
def test_the_detail_query_count_does_not_grow_with_the_data(login, office, pairing, role, django_assert_max_num_queries):
    client = login(role)
    url = detail(pairing)
    MentorshipSessionFactory.create_batch(3, mentorship=pairing)
    small = query_count(django_assert_max_num_queries, client, url)
    MentorshipSessionFactory.create_batch(30, mentorship=pairing)
    assert query_count(django_assert_max_num_queries, client, url) == small


def test_a_login_without_a_person_sees_no_pairs(client, pairing):
    client.force_login(UserFactory(username="lonely"))
    assert client.get(detail(pairing)).status_code == 404
    assert pairing.get_absolute_url() not in client.get(reverse("branches:mentorship-list")).content.decode()


def test_a_session_uses_one_of_the_pairings_own_methods(office):
    from branches.mentoring.forms import MentoringSessionForm

    pairing = MentorshipFactory(
        mentor=office.people["secretary_a"], mentee=office.people["staff_a"], practises_in_project=False
    )
    form = MentoringSessionForm(
        {"date": "2021-02-01", "method": "practise", "hours": "1", "content": "项目实践"}, mentorship=pairing
    )
    assert not form.is_valid()
    assert "method" in form.errors
    assert [value for value, _label in form.fields["method"].choices] == ["teach"]
