"""The template filter the pages write dates with shows what Django's ``date`` filter showed."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.template.defaultfilters import date as date_filter

from torchbearer.templatetags.tb import strftime

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    "value, ours, django",
    [
        (datetime.date(2021, 3, 8), "%Y-%m-%d", "Y-m-d"),
        (datetime.date(2021, 3, 8), "%m-%d", "m-d"),
        (datetime.time(9, 5), "%H:%M", "H:i"),
        (datetime.datetime(2021, 3, 8, 23, 59, tzinfo=SHANGHAI), "%Y-%m-%d %H:%M", "Y-m-d H:i"),
        (None, "%Y-%m-%d", "Y-m-d"),
        ("", "%Y-%m-%d", "Y-m-d"),
    ],
)
def test_strftime_writes_what_the_date_filter_wrote(value, ours, django):
    assert strftime(value, ours) == date_filter(value, django)


def test_strftime_writes_a_moment_in_the_time_zone_of_the_hall():
    """17:30 in UTC is 01:30 the next day in Shanghai: the template converts it first, as for ``date``."""
    moment = datetime.datetime(2021, 3, 8, 17, 30, tzinfo=datetime.UTC)
    rendered = Template('{% load tb %}{{ moment|strftime:"%Y-%m-%d %H:%M" }} {{ moment|date:"Y-m-d H:i" }}').render(
        Context({"moment": moment})
    )
    assert rendered == "2021-03-09 01:30 2021-03-09 01:30"


def test_strftime_writes_nothing_for_what_is_not_a_date():
    assert strftime("not a date", "%Y-%m-%d") == ""
    assert Template('{% load tb %}[{{ missing|strftime:"%Y-%m-%d"|default:"—" }}]').render(Context()) == "[—]"
