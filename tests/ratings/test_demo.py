"""The demo 党员示范岗 rounds: 2019–2021, published, 72 selected in all."""

import pytest

from branches.ratings.demo import build_rating_rounds
from branches.ratings.models import Nomination, RatingRound, RoundStatus, Score
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_it_publishes_three_rounds_with_72_selected(office):
    for index in range(24):
        PersonFactory(branch=office.branch_a if index % 2 else office.branch_b)
    rounds = build_rating_rounds()
    assert [r.title for r in rounds] == ["2019年度党员示范岗评选", "2020年度党员示范岗评选", "2021年度党员示范岗评选"]
    assert set(RatingRound.objects.values_list("status", flat=True)) == {RoundStatus.PUBLISHED}
    assert Nomination.objects.selected().count() == 72
    assert all(Nomination.objects.selected().filter(round=r).count() == 24 for r in rounds)
    assert Score.objects.exists()
    for score in Score.objects.select_related("nomination", "rater"):
        assert score.rater.branch_id != score.nomination.branch_id
    build_rating_rounds()
    assert Nomination.objects.selected().count() == 72
