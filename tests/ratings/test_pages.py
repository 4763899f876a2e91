"""党员示范岗 pages: rounds, nominating, scoring, deciding and the wall, for every role."""

import datetime

import pytest
from django.urls import reverse

from branches.ratings import actions
from branches.ratings.models import Nomination, RatingRound, RoundStatus, Score
from services.records.models import ReviewStatus
from tests.conftest import ROLES, query_count
from tests.factories import (
    LectureFactory,
    MentorshipFactory,
    PersonFactory,
    PracticalDeedFactory,
    ServiceRecordFactory,
)
from tests.ratings.factories import (
    NominationFactory,
    RatingRoundFactory,
    approved,
    rater_with_login,
    round_with_setup,
    selected_nomination,
)

pytestmark = pytest.mark.django_db

MANAGERS = {"secretary_a", "branch_committee_a", "secretary_b"}
COMMITTEE = {"committee_admin", "committee_member"}


@pytest.fixture
def nominating(office):
    return round_with_setup(office, status=RoundStatus.NOMINATING)


@pytest.fixture
def scoring(office, nominating):
    actions.nominate(nominating, office.people["group_leader_a"], by=office.users["secretary_a"], post="A-01", reason="好")
    actions.nominate(nominating, office.people["secretary_b"], by=office.users["secretary_b"], post="B-01", reason="好")
    return actions.open_scoring(nominating, by=office.users["committee_admin"])


def url(name, *args):
    return reverse(f"branches:{name}", args=args)


def answers(client, office, address, roles=ROLES):
    result = {}
    for role in roles:
        client.force_login(office.users[role])
        result[role] = client.get(address).status_code
    return result


class TestAccess:
    def test_everyone_sees_the_list_and_an_open_round(self, client, office, nominating):
        assert answers(client, office, url("rating-round-list")) == {role: 200 for role in ROLES}
        assert answers(client, office, nominating.get_absolute_url()) == {role: 200 for role in ROLES}
        assert answers(client, office, url("rating-wall")) == {role: 200 for role in ROLES}

    def test_a_draft_is_for_the_committee_office_only(self, client, office):
        draft = round_with_setup(office)
        expected = {role: 200 if role in COMMITTEE else 404 for role in ROLES}
        assert answers(client, office, draft.get_absolute_url()) == expected
        expected = {role: {"committee_admin": 200, "committee_member": 403}.get(role, 404) for role in ROLES}
        assert answers(client, office, url("rating-round-edit", draft.pk)) == expected

    def test_only_the_committee_admin_creates_and_decides(self, client, office, scoring):
        expected = {role: 200 if role == "committee_admin" else 403 for role in ROLES}
        assert answers(client, office, url("rating-round-create")) == expected
        assert answers(client, office, url("rating-decide", scoring.pk)) == expected

    def test_only_branch_managers_open_the_nomination_form(self, client, office, nominating):
        expected = {role: 200 if role in MANAGERS else 403 for role in ROLES}
        assert answers(client, office, url("rating-nominate", nominating.pk)) == expected

    def test_only_raters_open_the_scoring_page(self, client, office, scoring):
        expected = {role: 200 if role in {"rater_a", "rater_b"} else 403 for role in [*ROLES, "rater_a", "rater_b"]}
        assert answers(client, office, url("rating-score", scoring.pk), roles=[*ROLES, "rater_a", "rater_b"]) == expected

    def test_another_branch_cannot_reach_a_nomination(self, login, office, nominating):
        nomination = actions.nominate(nominating, office.people["staff_a"], by=office.users["secretary_a"], post="A-01", reason="好")
        assert login("secretary_b").post(url("rating-nomination-withdraw", nomination.pk)).status_code == 404
        assert login("staff_a").post(url("rating-nomination-withdraw", nomination.pk)).status_code == 403
        assert Nomination.objects.filter(pk=nomination.pk).exists()
        assert login("branch_committee_a").post(url("rating-nomination-withdraw", nomination.pk)).status_code == 302
        assert not Nomination.objects.filter(pk=nomination.pk).exists()

    def test_only_the_committee_admin_moves_a_round(self, login, office):
        draft = round_with_setup(office)
        assert login("committee_member").post(url("rating-round-advance", draft.pk, "open-nominations")).status_code == 403
        assert login("secretary_a").post(url("rating-round-advance", draft.pk, "open-nominations")).status_code == 404
        assert login("committee_admin").post(url("rating-round-advance", draft.pk, "fly")).status_code == 404
        assert RatingRound.objects.get(pk=draft.pk).status == RoundStatus.DRAFT

    def test_it_sends_anonymous_users_to_log_in(self, client, scoring):
        for name, args in [
            ("rating-round-list", []), ("rating-round-create", []), ("rating-round-detail", [scoring.pk]),
            ("rating-round-edit", [scoring.pk]), ("rating-nominate", [scoring.pk]), ("rating-score", [scoring.pk]),
            ("rating-decide", [scoring.pk]), ("rating-wall", []),
        ]:
            assert client.get(url(name, *args)).url.startswith(reverse("login")), name
        assert client.post(url("rating-round-advance", scoring.pk, "publish")).url.startswith(reverse("login"))


class TestWholeRoundInTheBrowser:
    def test_the_committee_runs_a_round_and_the_wall_shows_the_result(self, client, office):
        admin = client.force_login(office.users["committee_admin"]) or client
        raters = [
            rater_with_login(office, office.branch_a, "评委甲"),
            rater_with_login(office, office.branch_b, "评委乙"),
            rater_with_login(office, office.branch_b, "评委丙"),
        ]
        response = admin.post(url("rating-round-create"), {
            "title": "2021年度党员示范岗", "starts_on": "2021-01-01", "ends_on": "2021-12-31", "quota_per_branch": "1",
            "description": "", "raters": [p.pk for p in raters],
            "criteria-TOTAL_FORMS": "3", "criteria-INITIAL_FORMS": "0", "criteria-MIN_NUM_FORMS": "0", "criteria-MAX_NUM_FORMS": "1000",
            "criteria-0-name": "服务质量", "criteria-0-weight": "60",
            "criteria-1-name": "业务能力", "criteria-1-weight": "30",
        })
        assert response.status_code == 302, response.context["form"].errors or response.context["formset"].errors
        rating_round = RatingRound.objects.get()
        assert response.url == rating_round.get_absolute_url()
        assert rating_round.raters.count() == 3 and rating_round.created_by == office.users["committee_admin"]
        admin.post(url("rating-round-advance", rating_round.pk, "open-nominations"))
        assert RatingRound.objects.get().status == RoundStatus.DRAFT  # 60 + 30 ≠ 100
        rating_round.criteria.filter(name="业务能力").update(weight=40)
        admin.post(url("rating-round-advance", rating_round.pk, "open-nominations"))
        assert RatingRound.objects.get().status == RoundStatus.NOMINATING

        for role, person in [("secretary_a", office.people["staff_a"]), ("secretary_b", office.people["secretary_b"])]:
            client.force_login(office.users[role])
            client.post(url("rating-nominate", rating_round.pk), {"person": person.pk, "post": "窗口", "reason": "热情"})
        client.force_login(office.users["secretary_a"])
        page = client.post(url("rating-nominate", rating_round.pk), {"person": office.people["group_leader_a"].pk, "post": "窗口", "reason": "热情"})
        assert "quota" in page.content.decode() or "名额" in page.content.decode()
        assert rating_round.nominations.count() == 2

        client.force_login(office.users["committee_admin"])
        client.post(url("rating-round-advance", rating_round.pk, "open-scoring"))
        staff_a = rating_round.nominations.get(person=office.people["staff_a"])
        secretary_b = rating_round.nominations.get(person=office.people["secretary_b"])
        quality, ability = rating_round.criteria.order_by("pk")
        for rater, nomination, values in [(raters[1], staff_a, (90, 90)), (raters[2], staff_a, (80, 70)), (raters[0], secretary_b, (60, 60))]:
            client.force_login(rater.user)
            page = client.get(url("rating-score", rating_round.pk)).content.decode()
            assert nomination.person.name in page
            response = client.post(url("rating-score", rating_round.pk), {
                f"score-{nomination.pk}-{quality.pk}": values[0], f"score-{nomination.pk}-{ability.pk}": values[1],
            })
            assert response.status_code == 302
        # 评委甲 is in branch A: staff_a is not scorable for them.
        client.force_login(raters[0].user)
        response = client.post(url("rating-score", rating_round.pk), {f"score-{staff_a.pk}-{quality.pk}": 100})
        assert not Score.objects.filter(rater=raters[0], nomination=staff_a).exists()

        client.force_login(office.users["committee_admin"])
        client.post(url("rating-round-advance", rating_round.pk, "close-scoring"))
        page = client.get(url("rating-decide", rating_round.pk)).content.decode()
        assert page.index("staff_a") < page.index("secretary_b")  # 83.00 before 60.00
        assert "83.00" in page
        client.post(url("rating-decide", rating_round.pk), {"selected": [staff_a.pk]})
        client.post(url("rating-round-advance", rating_round.pk, "publish"))
        assert RatingRound.objects.get().status == RoundStatus.PUBLISHED

        client.force_login(office.users["staff_b"])
        wall = client.get(url("rating-wall")).content.decode()
        assert "staff_a" in wall and "微笑服务，一次办好" in wall and "A-01" in wall and "2021年度党员示范岗" in wall
        assert "secretary_b" not in wall

    def test_a_published_round_cannot_be_edited_or_moved_in_the_browser(self, login, office):
        rating_round = RatingRoundFactory(status=RoundStatus.PUBLISHED)
        client = login("committee_admin")
        response = client.get(url("rating-round-edit", rating_round.pk))
        assert response.status_code == 302
        for step in ["open-nominations", "open-scoring", "close-scoring", "publish"]:
            client.post(url("rating-round-advance", rating_round.pk, step))
        assert client.post(url("rating-decide", rating_round.pk), {"selected": []}).status_code == 200
        assert RatingRound.objects.get(pk=rating_round.pk).status == RoundStatus.PUBLISHED


class TestScoringPage:
    def test_it_shows_the_evidence_of_the_period_from_approved_records_only(self, login, office, scoring):
        leader = office.people["group_leader_a"]
        for day, status in [(datetime.date(2021, 3, 1), ReviewStatus.APPROVED), (datetime.date(2021, 4, 1), ReviewStatus.APPROVED),
                            (datetime.date(2021, 5, 1), ReviewStatus.SUBMITTED), (datetime.date(2020, 5, 1), ReviewStatus.APPROVED)]:
            if status == ReviewStatus.APPROVED:
                approved(ServiceRecordFactory, person=leader, date=day, hours=3)
            else:
                ServiceRecordFactory(person=leader, date=day, hours=3, status=status)
        approved(PracticalDeedFactory, person=leader, date=datetime.date(2021, 6, 1))
        LectureFactory(speakers=[leader], date=datetime.date(2021, 3, 18))
        MentorshipFactory(mentor=leader, mentee=office.people["staff_a"])
        client = login("rater_b")
        client.cookies["django_language"] = "en"  # the evidence is matched by its English wording
        page = client.get(url("rating-score", scoring.pk)).content.decode()
        assert "group_leader_a" in page
        for text in ["6 h of service in 2 records", "1 practical deed", "1 lecture given", "mentoring 1 member"]:
            assert text in page, text

    def test_a_rater_never_sees_the_own_branch_as_scorable(self, login, office, scoring):
        page = login("rater_a").get(url("rating-score", scoring.pk)).content.decode()
        own = Nomination.objects.get(person=office.people["group_leader_a"])
        assert f"score-{own.pk}-" not in page
        other = Nomination.objects.get(person=office.people["secretary_b"])
        assert f"score-{other.pk}-" in page

    def test_a_bad_score_is_refused_and_nothing_is_saved(self, login, office, scoring):
        other = Nomination.objects.get(person=office.people["secretary_b"])
        first, second = scoring.criteria.all()
        response = login("rater_a").post(url("rating-score", scoring.pk), {f"score-{other.pk}-{first.pk}": "80", f"score-{other.pk}-{second.pk}": "180"})
        assert response.status_code == 200 and "0 至 100" in response.content.decode()
        assert not Score.objects.exists()


    @pytest.mark.parametrize("selected", [["abc"], [""], ["1.5"], ["9" * 30]])
    def test_a_forged_selection_is_refused_and_nothing_changes(self, login, office, scoring, selected):
        actions.close_scoring(scoring, by=office.users["committee_admin"])
        response = login("committee_admin").post(url("rating-decide", scoring.pk), {"selected": selected})
        assert response.status_code == 200
        assert not Nomination.objects.filter(selected=True).exists()
        assert RatingRound.objects.get(pk=scoring.pk).decided_at is None

    def test_the_selection_is_kept_in_the_history(self, login, office, scoring):
        admin = office.users["committee_admin"]
        actions.close_scoring(scoring, by=admin)
        chosen = Nomination.objects.get(person=office.people["group_leader_a"])
        login("committee_admin").post(url("rating-decide", scoring.pk), {"selected": [chosen.pk]})
        latest = chosen.history.latest()
        assert latest.selected and latest.history_user == admin


class TestQueryCounts:
    def grow(self, office, rating_round, count, *, published=False):
        for index in range(count):
            branch = office.branch_a if index % 2 else office.branch_b
            person = PersonFactory(branch=branch)
            nomination = NominationFactory(round=rating_round, person=person, selected=published, total=80)
            approved(ServiceRecordFactory, person=person, date=datetime.date(2021, 3, 1))
            approved(PracticalDeedFactory, person=person, date=datetime.date(2021, 3, 1))
            for criterion in rating_round.criteria.all():
                Score.objects.create(nomination=nomination, rater=office.people["rater_a"], criterion=criterion, value=70)

    def counts(self, client, office, rating_round, address, role, django_assert_max_num_queries):
        client.force_login(office.users[role])
        self.grow(office, rating_round, 2, published=rating_round.is_published)
        small = query_count(django_assert_max_num_queries, client, address)
        self.grow(office, rating_round, 20, published=rating_round.is_published)
        return small, query_count(django_assert_max_num_queries, client, address)

    def test_the_round_detail_stays_flat(self, client, office, scoring, django_assert_max_num_queries):
        small, large = self.counts(client, office, scoring, scoring.get_absolute_url(), "committee_admin", django_assert_max_num_queries)
        assert small == large

    def test_the_scoring_page_stays_flat(self, client, office, scoring, django_assert_max_num_queries):
        small, large = self.counts(client, office, scoring, url("rating-score", scoring.pk), "rater_b", django_assert_max_num_queries)
        assert small == large

    def test_the_decide_page_stays_flat(self, client, office, scoring, django_assert_max_num_queries):
        small, large = self.counts(client, office, scoring, url("rating-decide", scoring.pk), "committee_admin", django_assert_max_num_queries)
        assert small == large

    def test_the_wall_stays_flat(self, client, office, django_assert_max_num_queries):
        rating_round = round_with_setup(office)
        RatingRound.objects.filter(pk=rating_round.pk).update(status=RoundStatus.PUBLISHED)
        rating_round.refresh_from_db()
        selected_nomination(office, rating_round, office.people["staff_a"])
        small, large = self.counts(client, office, rating_round, url("rating-wall"), "staff_b", django_assert_max_num_queries)
        assert small == large


class TestToDo:
    def test_a_secretary_is_reminded_of_an_open_round_until_the_quota_is_used(self, login, office, nominating):
        def reminders(role):
            return [item.count for item in login(role).get(reverse("dashboard")).context["todo"] if item.icon == "bi-award"]

        assert reminders("secretary_a") == [1]
        actions.nominate(nominating, office.people["staff_a"], by=office.users["secretary_a"], post="A-01", reason="好")
        actions.nominate(nominating, office.people["group_leader_a"], by=office.users["secretary_a"], post="A-01", reason="好")
        assert reminders("secretary_a") == []
        assert reminders("secretary_b") == [1]
        assert reminders("staff_a") == []

    def test_a_rater_is_reminded_while_scoring_is_open(self, client, office, scoring):
        client.force_login(office.users["rater_a"])
        todo = client.get(reverse("dashboard")).context["todo"]
        assert [(item.count, item.url) for item in todo if item.icon == "bi-award"] == [(1, reverse("branches:rating-round-list"))]


class TestLargeRounds:
    """A province's round holds thousands of nominations: its pages go a page at a time."""

    @pytest.fixture
    def large(self, office, scoring):
        for index in range(55):
            NominationFactory(round=scoring, person=PersonFactory(branch=office.branch_b), post="窗口")
        return scoring

    def test_the_round_page_is_paginated(self, login, office, large):
        response = login("committee_admin").get(url("rating-round-detail", large.pk))
        assert len(response.context["page"].object_list) == 50
        assert response.context["page"].paginator.count == 57

    def test_the_rater_sees_the_unscored_first_and_saves_the_page_shown(self, client, office, large):
        client.force_login(office.users["rater_a"])
        criteria = list(large.criteria.all())
        first_page = client.get(url("rating-score", large.pk)).context["nominations"]
        assert len(first_page) == 50
        done = first_page[0]
        data = {"shown": [done.pk], **{f"score-{done.pk}-{criterion.pk}": "80" for criterion in criteria}}
        assert client.post(url("rating-score", large.pk), data).status_code == 302
        assert Score.objects.filter(nomination=done).count() == len(criteria)
        after = [nomination.pk for nomination in client.get(url("rating-score", large.pk)).context["nominations"]]
        assert done.pk not in after
        last_page = client.get(url("rating-score", large.pk), {"page": 2}).context["nominations"]
        assert last_page[-1].pk == done.pk

    def test_confirming_a_page_leaves_the_other_pages_alone(self, login, office, large):
        admin = office.users["committee_admin"]
        actions.close_scoring(large, by=admin)
        everyone = list(Nomination.objects.filter(round=large).ranked())
        actions.decide(large, by=admin, selected_ids=[everyone[-1].pk])
        client = login("committee_admin")
        page = client.get(url("rating-decide", large.pk)).context["page"]
        shown = [nomination.pk for nomination in page]
        assert everyone[-1].pk not in shown
        response = client.post(url("rating-decide", large.pk), {"shown": shown, "selected": shown[:2]})
        assert response.status_code == 302
        assert set(Nomination.objects.filter(selected=True).values_list("pk", flat=True)) == {*shown[:2], everyone[-1].pk}

    def test_the_committee_selects_the_top_of_the_ranking_at_once(self, login, office, large):
        admin = office.users["committee_admin"]
        actions.close_scoring(large, by=admin)
        response = login("committee_admin").post(url("rating-decide", large.pk), {"top": "3"})
        assert response.status_code == 302
        top = list(Nomination.objects.filter(round=large).ranked().values_list("pk", flat=True)[:3])
        assert set(Nomination.objects.filter(selected=True).values_list("pk", flat=True)) == set(top)
        for bad in ["0", "x", "", "-2"]:
            response = login("committee_admin").post(url("rating-decide", large.pk), {"top": bad})
            assert response.status_code == 200 and response.context["errors"]
