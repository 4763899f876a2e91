"""Record photos on a phone (375 px): on the page of a record of every kind, and in the strip of
recent photos on each pillar page; every thumbnail loads, nothing scrolls sideways."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from services.records import actions
from tests.factories import (
    PatrolFactory,
    PracticalDeedFactory,
    ResponsibilityZoneFactory,
    ServiceActivityFactory,
    ServiceRecordFactory,
)
from tests.records.helpers import image_upload

pytestmark = pytest.mark.browser

THUMBNAILS_LOADED = """
    return Array.from(document.querySelectorAll(arguments[0])).map(function (img) {
        img.loading = 'eager';
        return img.complete && img.naturalWidth > 0;
    });
"""


def records_with_photos(office):
    """staff_a's records of every kind, approved, three photos each (real files, thumbnails made)."""
    staff = office.people["staff_a"]
    day = timezone.localdate() - datetime.timedelta(days=1)
    zone = ResponsibilityZoneFactory(member=staff)
    records = [
        ServiceRecordFactory(person=staff, date=day),
        PracticalDeedFactory(person=staff, date=day),
        ServiceActivityFactory(person=staff, date=day),
        PatrolFactory(person=staff, zone=zone, date=day, findings="路灯不亮", found_problem=True),
    ]
    for record in records:
        uploads = [image_upload(f"{index}.jpg", "JPEG", size=(1200 - 300 * index, 800)) for index in range(3)]
        actions.attach_photos(record, uploads, by=office.users["staff_a"])
        actions.approve(record, by=office.users["secretary_a"])
    return records


def all_loaded(phone, css):
    phone.wait().until(lambda driver: (loaded := driver.execute_script(THUMBNAILS_LOADED, css)) and all(loaded), f"{css} did not load")


def no_sideways_scrolling(phone):
    width = phone.driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= 375, f"{phone.path} is {width} px wide on a 375 px phone"


def test_photos_show_on_every_kind_of_record_and_on_the_pillars(office, open_browser):
    records = records_with_photos(office)
    phone = open_browser("staff", "phone")
    phone.log_in("staff_a")
    for record in records:
        phone.visit(record.get_absolute_url())
        all_loaded(phone, "img.tb-thumb")
        assert len(phone.driver.find_elements("css selector", "img.tb-thumb")) == 3
        no_sideways_scrolling(phone)
        phone.screenshot(record.slug)
    year = records[0].date.year  # yesterday's
    for name, count in [("pillar-lead", 3), ("pillar-pass-on", 3), ("pillar-dedicate", 6), ("pillar-serve", 6)]:
        phone.visit(f"{reverse(name)}?year={year}")
        all_loaded(phone, ".tb-photo-strip img")
        assert len(phone.driver.find_elements("css selector", ".tb-photo-strip img")) == count
        no_sideways_scrolling(phone)
        phone.screenshot(name)
    strip = phone.find(".tb-photo-strip a")
    phone.follow(strip)
    assert phone.path == records[0].get_absolute_url()  # the serve strip: the service record's photos come first
