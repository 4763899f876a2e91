"""Charts say what they show in words: each is drawn from the table it illustrates, which stays in
the page, and its canvas is named with its title and each series' total and highest point."""

import pytest
from django.urls import reverse
from selenium.webdriver.common.by import By

from services.records.actions import approve
from services.records.models import ServiceKind
from tests.records.helpers import make_record

pytestmark = pytest.mark.browser


def chart_names(browser):
    return [canvas.get_attribute("aria-label") for canvas in browser.driver.find_elements(By.CSS_SELECTOR, "canvas[role=img]")]


def test_the_dedicate_pillar_s_chart_reads_as_words(office, open_browser):
    record = make_record("service", office.people["staff_a"], kind=ServiceKind.EXTENDED_HOURS, hours=3)
    approve(record, by=office.users["secretary_a"])
    desk = open_browser("secretary", "desktop")
    desk.log_in("secretary_a")
    desk.visit(reverse("pillar-dedicate"))
    names = chart_names(desk)
    assert len(names) == 1, names
    assert names[0] == f"各支部的服务时长与办实事数。服务时长（小时）合计 3，{office.branch_a.name}最高（3）；办实事暂无数据", names
    assert desk.driver.find_element(By.CSS_SELECTOR, "table[data-tb-chart]").is_displayed(), "the chart's table is gone"
