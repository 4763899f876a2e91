"""党员示范岗评选 actions: the round's state machine, weights, quota, own-branch rules and the
raters' rules, and that nothing changes a published round."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from branches.ratings import actions
from branches.ratings.models import Nomination, RatingRound, RoundStatus, Score
from tests.factories import PersonFactory
from tests.ratings.factories import (
    RatingCriterionFactory,
    rater_with_login,
    round_with_setup,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The refusals are matched by their English source text."""
    with translation.override("en"):
        yield


def nominate(office, rating_round, role_of_nominator, person, **fields):
    fields = {"post": "综合窗口", "reason": "服务热情", **fields}
    return actions.nominate(rating_round, person, by=office.users[role_of_nominator], **fields)


def status_of(rating_round):
    return RatingRound.objects.get(pk=rating_round.pk).status


@pytest.fixture
def admin(office):
    return office.users["committee_admin"]


@pytest.fixture
def nominating(office):
    return round_with_setup(office, status=RoundStatus.NOMINATING)


@pytest.fixture
def scoring(office, nominating, admin):
    """Scoring: group_leader_a (branch A) and a member of branch B are nominated."""
    nominate(office, nominating, "secretary_a", office.people["group_leader_a"])
    nominate(office, nominating, "secretary_b", PersonFactory(branch=office.branch_b, name="乙党员"))
    return actions.open_scoring(nominating, by=admin)


def nomination_of(rating_round, name):
    return Nomination.objects.get(round=rating_round, person__name=name)


def criteria(rating_round):
    return {criterion.name: criterion for criterion in rating_round.criteria.all()}


class TestStateMachine:
    def test_it_runs_a_whole_round_forward(self, office, scoring, admin):
        rater_a, rater_b = office.users["rater_a"], office.users["rater_b"]
        by_name = criteria(scoring)
        leader, other = nomination_of(scoring, "group_leader_a"), nomination_of(scoring, "乙党员")
        actions.score(leader, by_name["服务质量"], by=rater_b, value=90)
        actions.score(leader, by_name["业务能力"], by=rater_b, value=80)
        actions.score(other, by_name["服务质量"], by=rater_a, value=70)
        actions.score(other, by_name["业务能力"], by=rater_a, value=100)
        actions.close_scoring(scoring, by=admin)
        assert status_of(scoring) == RoundStatus.DECIDED
        leader.refresh_from_db()
        other.refresh_from_db()
        assert leader.total == Decimal("86.00")  # 90 × 0.6 + 80 × 0.4
        assert other.total == Decimal("82.00")
        actions.decide(scoring, by=admin, selected_ids=[leader.pk])
        actions.publish(scoring, by=admin)
        assert status_of(scoring) == RoundStatus.PUBLISHED
        assert list(Nomination.objects.selected()) == [leader]

    def test_the_weighted_total_averages_the_raters(self, office, scoring, admin):
        third = rater_with_login(office, office.branch_b, "rater_b2")
        scoring.raters.create(person=third)
        leader = nomination_of(scoring, "group_leader_a")
        by_name = criteria(scoring)
        for user, values in [(office.users["rater_b"], (90, 80)), (third.user, (70, 60))]:
            actions.score(leader, by_name["服务质量"], by=user, value=values[0])
            actions.score(leader, by_name["业务能力"], by=user, value=values[1])
        assert actions.weighted_totals(scoring)[leader.pk] == Decimal("76.00")  # 80 × 0.6 + 70 × 0.4

    def test_a_later_score_replaces_the_earlier_one(self, office, scoring):
        leader = nomination_of(scoring, "group_leader_a")
        criterion = criteria(scoring)["服务质量"]
        actions.score(leader, criterion, by=office.users["rater_b"], value=50)
        actions.score(leader, criterion, by=office.users["rater_b"], value=95)
        assert list(Score.objects.values_list("value", flat=True)) == [95]

    @pytest.mark.parametrize(
        "status, refused",
        [
            (RoundStatus.DRAFT, ["open_scoring", "close_scoring", "publish"]),
            (RoundStatus.NOMINATING, ["open_nominations", "close_scoring", "publish"]),
            (RoundStatus.SCORING, ["open_nominations", "open_scoring", "publish"]),
            (RoundStatus.DECIDED, ["open_nominations", "open_scoring", "close_scoring"]),
        ],
    )
    def test_it_refuses_every_illegal_transition(self, office, admin, status, refused):
        rating_round = round_with_setup(office)
        RatingRound.objects.filter(pk=rating_round.pk).update(status=status)
        for step in refused:
            with pytest.raises(ValidationError) as error:
                getattr(actions, step)(rating_round, by=admin)
            assert error.value.code == "wrong_status", step
            assert status_of(rating_round) == status

    def test_it_publishes_only_after_the_selection_is_confirmed(self, office, admin):
        rating_round = round_with_setup(office)
        RatingRound.objects.filter(pk=rating_round.pk).update(status=RoundStatus.DECIDED)
        with pytest.raises(ValidationError, match="Confirm who is selected"):
            actions.publish(rating_round, by=admin)

    @pytest.mark.parametrize("role", ["committee_member", "secretary_a", "staff_a"])
    def test_only_the_committee_admin_moves_the_round(self, office, role):
        rating_round = round_with_setup(office)
        for step in ["open_nominations", "open_scoring", "close_scoring", "publish"]:
            with pytest.raises(PermissionDenied):
                getattr(actions, step)(rating_round, by=office.users[role])
        with pytest.raises(PermissionDenied):
            actions.decide(rating_round, by=office.users[role], selected_ids=[])
        assert status_of(rating_round) == RoundStatus.DRAFT

    def test_it_opens_scoring_only_with_nominations(self, nominating, admin):
        with pytest.raises(ValidationError, match="Nobody has been nominated"):
            actions.open_scoring(nominating, by=admin)


class TestOpeningNominations:
    @pytest.mark.parametrize("weights", [[60, 30], [60, 50], [100, 10]])
    def test_it_refuses_weights_that_do_not_add_up_to_100(self, office, admin, weights):
        rating_round = round_with_setup(office)
        rating_round.criteria.all().delete()
        for index, weight in enumerate(weights):
            RatingCriterionFactory(round=rating_round, name=f"c{index}", weight=weight)
        with pytest.raises(ValidationError) as error:
            actions.open_nominations(rating_round, by=admin)
        assert error.value.code == "weights_not_100"
        assert status_of(rating_round) == RoundStatus.DRAFT

    def test_it_needs_a_criterion_and_a_rater(self, office, admin):
        rating_round = round_with_setup(office)
        rating_round.raters.all().delete()
        with pytest.raises(ValidationError, match="rater"):
            actions.open_nominations(rating_round, by=admin)
        rating_round.criteria.all().delete()
        with pytest.raises(ValidationError, match="criterion"):
            actions.open_nominations(rating_round, by=admin)


class TestNominating:
    def test_a_secretary_nominates_a_member_of_the_own_branch(self, office, nominating):
        nomination = nominate(office, nominating, "secretary_a", office.people["staff_a"])
        assert nomination.branch == office.branch_a
        assert nomination.window == office.window_a
        assert nomination.nominated_by == office.users["secretary_a"]

    def test_the_branch_committee_may_nominate_too(self, office, nominating):
        assert nominate(office, nominating, "branch_committee_a", office.people["staff_a"])

    @pytest.mark.parametrize("role", ["secretary_b", "committee_admin", "committee_member", "group_leader_a", "staff_a"])
    def test_nobody_nominates_outside_the_own_branch(self, office, nominating, role):
        with pytest.raises(PermissionDenied):
            nominate(office, nominating, role, office.people["group_leader_a"])
        assert not nominating.nominations.exists()

    def test_it_refuses_nominations_beyond_the_quota(self, office, nominating):
        nominate(office, nominating, "secretary_a", office.people["staff_a"])
        nominate(office, nominating, "secretary_a", office.people["group_leader_a"])
        with pytest.raises(ValidationError) as error:
            nominate(office, nominating, "branch_committee_a", office.people["secretary_a"])
        assert error.value.code == "quota_used"
        # The other branch's quota is its own.
        assert nominate(office, nominating, "secretary_b", office.people["secretary_b"])

    def test_it_refuses_a_second_nomination_and_non_members(self, office, nominating):
        nominate(office, nominating, "secretary_a", office.people["staff_a"])
        with pytest.raises(ValidationError, match="already nominated"):
            nominate(office, nominating, "branch_committee_a", office.people["staff_a"])
        with pytest.raises(ValidationError, match="Only party members"):
            nominate(office, nominating, "secretary_b", office.people["staff_b"])

    def test_it_nominates_only_while_nominations_are_open(self, office, admin):
        draft = round_with_setup(office)
        with pytest.raises(ValidationError, match="not possible now"):
            nominate(office, draft, "secretary_a", office.people["staff_a"])

    def test_a_branch_withdraws_its_own_nomination_only(self, office, nominating):
        nomination = nominate(office, nominating, "secretary_a", office.people["staff_a"])
        with pytest.raises(PermissionDenied):
            actions.withdraw_nomination(nomination, by=office.users["secretary_b"])
        actions.withdraw_nomination(nomination, by=office.users["branch_committee_a"])
        assert not nominating.nominations.exists()


class TestScoring:
    def test_a_rater_never_scores_the_own_branch(self, office, scoring):
        leader = nomination_of(scoring, "group_leader_a")
        with pytest.raises(PermissionDenied, match="own branch"):
            actions.score(leader, criteria(scoring)["服务质量"], by=office.users["rater_a"], value=90)
        assert not Score.objects.exists()

    def test_a_rater_never_scores_themself(self, office, admin):
        rater = rater_with_login(office, office.branch_a, "rater_self")
        rating_round = round_with_setup(office, raters=[rater], status=RoundStatus.NOMINATING)
        actions.nominate(rating_round, rater, by=office.users["secretary_a"], post="A-01", reason="好")
        actions.open_scoring(rating_round, by=admin)
        with pytest.raises(PermissionDenied, match="own nomination"):
            actions.score(nomination_of(rating_round, "rater_self"), criteria(rating_round)["服务质量"], by=rater.user, value=90)

    @pytest.mark.parametrize("role", ["committee_admin", "committee_member", "secretary_b", "staff_b"])
    def test_only_appointed_raters_score(self, office, scoring, role):
        with pytest.raises(PermissionDenied, match="appointed raters"):
            actions.score(nomination_of(scoring, "group_leader_a"), criteria(scoring)["服务质量"], by=office.users[role], value=90)

    @pytest.mark.parametrize("value", [-1, 101, "many"])
    def test_a_score_lies_between_0_and_100(self, office, scoring, value):
        with pytest.raises(ValidationError):
            actions.score(nomination_of(scoring, "group_leader_a"), criteria(scoring)["服务质量"], by=office.users["rater_b"], value=value)

    def test_it_scores_only_while_scoring_is_open(self, office, scoring, admin):
        leader = nomination_of(scoring, "group_leader_a")
        actions.close_scoring(scoring, by=admin)
        with pytest.raises(ValidationError, match="not possible now"):
            actions.score(leader, criteria(scoring)["服务质量"], by=office.users["rater_b"], value=90)

    def test_a_criterion_of_another_round_is_refused(self, office, scoring):
        other = round_with_setup(office, raters=[PersonFactory(branch=office.branch_b)])
        with pytest.raises(ValidationError, match="belong to this round"):
            actions.score(nomination_of(scoring, "group_leader_a"), other.criteria.first(), by=office.users["rater_b"], value=90)


class TestPublishedRound:
    @pytest.fixture
    def published(self, office, scoring, admin):
        leader = nomination_of(scoring, "group_leader_a")
        actions.score(leader, criteria(scoring)["服务质量"], by=office.users["rater_b"], value=90)
        actions.close_scoring(scoring, by=admin)
        actions.decide(scoring, by=admin, selected_ids=[leader.pk])
        return actions.publish(scoring, by=admin)

    def test_nothing_changes_a_published_round(self, office, published, admin):
        leader = nomination_of(published, "group_leader_a")
        attempts = [
            lambda: actions.open_nominations(published, by=admin),
            lambda: actions.open_scoring(published, by=admin),
            lambda: actions.close_scoring(published, by=admin),
            lambda: actions.decide(published, by=admin, selected_ids=[]),
            lambda: actions.publish(published, by=admin),
            lambda: nominate(office, published, "secretary_a", office.people["staff_a"]),
            lambda: actions.withdraw_nomination(leader, by=office.users["secretary_a"]),
            lambda: actions.score(leader, criteria(published)["服务质量"], by=office.users["rater_b"], value=1),
            lambda: actions.check_round_editable(published),
        ]
        for attempt in attempts:
            with pytest.raises(ValidationError) as error:
                attempt()
            assert error.value.code == "published"
        leader.refresh_from_db()
        assert leader.selected and leader.total == Decimal("54.00")
        assert list(Score.objects.values_list("value", flat=True)) == [90]

    def test_the_selection_may_be_confirmed_again_until_published(self, office, scoring, admin):
        leader, other = nomination_of(scoring, "group_leader_a"), nomination_of(scoring, "乙党员")
        actions.close_scoring(scoring, by=admin)
        actions.decide(scoring, by=admin, selected_ids=[leader.pk])
        actions.decide(scoring, by=admin, selected_ids=[other.pk])
        assert list(scoring.nominations.filter(selected=True)) == [other]
        with pytest.raises(ValidationError, match="this round's nominees"):
            actions.decide(scoring, by=admin, selected_ids=[other.pk + 1000])
