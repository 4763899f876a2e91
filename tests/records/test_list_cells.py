"""How a record list writes its cells (services.kinds.Column.text): as the template filters did."""

import datetime
from decimal import Decimal

import pytest
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import truncatechars
from hypothesis import given
from hypothesis import strategies as st

from services.records.kinds import Column
from torchbearer.templatetags.tb import dash


@pytest.mark.parametrize("value", [None, "", 0, Decimal("2.5"), 17, "帮" * 61, "帮" * 60, "<b>粗</b>", "e\u0301" * 61])
def test_a_cell_shows_what_dash_and_truncatechars_showed(value):
    assert Column("label", lambda record: value).text(object()) == str(truncatechars(dash(value), 60))


def test_a_date_cell_is_written_year_month_day():
    day = datetime.date(2021, 3, 8)
    assert Column("date", lambda record: day).text(object()) == date_filter(day, "Y-m-d") == "2021-03-08"


@given(st.text(max_size=90))
def test_any_text_is_cut_where_truncatechars_cuts_it(value):
    """The cell skips Truncator for short text; whatever the text, the result is the same."""
    assert Column("label", lambda record: value).text(object()) == str(truncatechars(dash(value), 60))
