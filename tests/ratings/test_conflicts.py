"""Conflicts of interest when scoring (branches.actions.scoring_conflicts): a rater never scores
themself, a nominee of their own branch, their mentor or mentee, a colleague at their window; the
score page says who is withheld and why, and says "saved" only when a score was saved."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _

from branches.ratings import actions
from branches.ratings.models import RoundStatus, Score
from tests.factories import MentorshipFactory, PersonFactory, WindowFactory
from tests.ratings.factories import rater_with_login, round_with_setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def scoring(office):
    """A scoring round whose rater (of branch B) faces four nominees of branch A: one unrelated,
    their mentor, their mentee, and a colleague at their window."""
    rater = rater_with_login(office, office.branch_b, "rater")
    window = WindowFactory(area=office.window_a.area)
    rater.window = window
    rater.save()
    rating_round = round_with_setup(office, raters=[rater], status=RoundStatus.NOMINATING, quota=5)
    branch_a = office.branch_a
    nominees = {
        "unrelated": PersonFactory(branch=branch_a, name="无关的人"),
        "mentor": PersonFactory(branch=branch_a, name="导师"),
        "mentee": PersonFactory(branch=branch_a, name="徒弟"),
        "colleague": PersonFactory(branch=branch_a, name="同窗口", window=window),
    }
    MentorshipFactory(mentor=nominees["mentor"], mentee=rater, starts_on=datetime.date(2020, 9, 1))
    MentorshipFactory(mentor=rater, mentee=nominees["mentee"])
    nominations = {
        key: actions.nominate(rating_round, person, by=office.users["secretary_a"], post="窗口", reason="好")
        for key, person in nominees.items()
    }
    actions.open_scoring(rating_round, by=office.users["committee_admin"])
    rating_round.refresh_from_db()
    return rating_round, rater, nominations


def test_the_rule_names_each_conflict(office, scoring):
    rating_round, rater, nominations = scoring
    conflicts = actions.scoring_conflicts(rater, list(rating_round.nominations.select_related("person")), rating_round)
    assert conflicts == {
        nominations["mentor"].pk: _("your mentor"),
        nominations["mentee"].pk: _("your mentee"),
        nominations["colleague"].pk: _("a colleague at your window"),
    }


@pytest.mark.parametrize("whom", ["mentor", "mentee", "colleague"])
def test_a_conflicted_score_is_refused(office, scoring, whom):
    """The probe's case: a mentor raised a mentee's total from 86 to 93."""
    rating_round, rater, nominations = scoring
    criterion = rating_round.criteria.first()
    with pytest.raises(PermissionDenied):
        actions.score(nominations[whom], criterion, by=office.users["rater"], value=100)
    assert not Score.objects.exists()
    actions.score(nominations["unrelated"], criterion, by=office.users["rater"], value=90)


def test_a_pairing_that_ended_before_the_rounds_years_is_no_conflict(office, scoring):
    rating_round, rater, nominations = scoring
    rater.mentorships_received.update(status="completed", ended_on=datetime.date(2019, 12, 31))
    conflicts = actions.scoring_conflicts(rater, list(rating_round.nominations.select_related("person")), rating_round)
    assert nominations["mentor"].pk not in conflicts


def test_the_score_page_says_who_is_withheld_and_why(login, office, scoring):
    rating_round, _rater, nominations = scoring
    response = login("rater").get(reverse("branches:rating-score", args=[rating_round.pk]))
    shown = [nomination.pk for nomination in response.context["nominations"]]
    assert shown == [nominations["unrelated"].pk]
    page = response.content.decode()
    for whom, reason in [("导师", _("your mentor")), ("徒弟", _("your mentee")), ("同窗口", _("a colleague at your window"))]:
        assert f"{whom}（" in page and reason in page


def test_a_forged_post_for_a_withheld_nominee_saves_nothing(login, office, scoring):
    rating_round, _rater, nominations = scoring
    criterion = rating_round.criteria.first()
    mentee = nominations["mentee"]
    response = login("rater").post(
        reverse("branches:rating-score", args=[rating_round.pk]),
        {"shown": [mentee.pk], f"score-{mentee.pk}-{criterion.pk}": "100"},
        follow=True,
    )
    assert not Score.objects.exists()
    assert _("Your scores were saved.") not in response.content.decode()


def test_nothing_entered_is_never_called_saved(login, office, scoring):
    rating_round, _rater, nominations = scoring
    response = login("rater").post(
        reverse("branches:rating-score", args=[rating_round.pk]), {"shown": [nominations["unrelated"].pk]}, follow=True
    )
    page = response.content.decode()
    assert _("Your scores were saved.") not in page
    assert _("Nothing was saved: enter a score from 0 to 100 first.") in page
