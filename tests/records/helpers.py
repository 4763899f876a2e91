"""Fixtures of the record pages: uploads go to a temporary folder, photos are made in memory,
form data and records of every kind are made by one helper each."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from services.records.models import (
    Patrol,
    PracticalDeed,
    ServiceActivity,
    ServiceRecord,
)
from tests.factories import (
    PatrolFactory,
    PersonFactory,
    PracticalDeedFactory,
    ResponsibilityZoneFactory,
    ServiceActivityFactory,
    ServiceRecordFactory,
)

KIND_SLUGS = ["service", "deed", "activity", "patrol"]
MODELS = {"service": ServiceRecord, "deed": PracticalDeed, "activity": ServiceActivity, "patrol": Patrol}
FACTORIES = {
    "service": ServiceRecordFactory,
    "deed": PracticalDeedFactory,
    "activity": ServiceActivityFactory,
    "patrol": PatrolFactory,
}
YESTERDAY = datetime.date.today() - datetime.timedelta(days=1)


def image_upload(name="photo.png", image_format="PNG", size=(640, 400)):
    """A real, small image file as a browser would upload it."""
    output = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(output, format=image_format)
    content_type = "image/png" if image_format == "PNG" else "image/jpeg"
    return SimpleUploadedFile(name, output.getvalue(), content_type=content_type)


def form_data(office, slug, **changes):
    """The least staff_a fills in for each kind (a change of None leaves the field out)."""
    staff = office.people["staff_a"]
    data = {
        "service": {
            "kind": "door_to_door",
            "date": YESTERDAY.isoformat(),
            "hours": "2",
            "persons_sent": "1",
            "reason": "special_group",
            "served_name": "张大爷",
        },
        "deed": {"beneficiary": "masses", "date": YESTERDAY.isoformat(), "description": "帮助老人办理社保卡"},
        "activity": {
            "kind": "into_communities",
            "date": YESTERDAY.isoformat(),
            "title": "政务服务进社区",
            "place": "锦屏街道",
            "participants": [staff.pk],
            "people_reached": "40",
            "enterprises_reached": "0",
        },
        "patrol": {
            "date": YESTERDAY.isoformat(),
            "zone": staff.responsibility_zones.get().pk,
            "findings": "正常",
        },
    }[slug]
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def make_record(slug, person, **fields):
    """A waiting record of this kind for ``person`` (a patrol of their zone, made when missing)."""
    if slug == "patrol":
        zone = fields.pop("zone", None) or person.responsibility_zones.first()
        if zone is None:
            zone = ResponsibilityZoneFactory(member=person)
        return PatrolFactory(zone=zone, **fields)
    record = FACTORIES[slug](person=person, **fields)
    if slug == "activity":
        record.participants.set([person])
    return record


def add_records(office, count):
    """``count`` records of every kind in each branch: staff_a's own, and new people's."""
    start = Patrol.objects.filter(person=office.people["staff_a"]).count() + 1  # one patrol a day
    for index in range(count):
        date = YESTERDAY - datetime.timedelta(days=start + index)
        for branch in (office.branch_a, office.branch_b):
            person = PersonFactory(branch=branch)
            for slug in KIND_SLUGS:
                make_record(slug, person, date=date)
        for slug in KIND_SLUGS:
            make_record(slug, office.people["staff_a"], date=date)


def photographed(record, count=1, *, approve_by=None):
    """The record with ``count`` photo rows (no file behind them: pages only build their URLs),
    approved by ``approve_by`` when given."""
    from services.records import actions
    from services.records.photos import RecordPhoto

    for index in range(count):
        RecordPhoto.objects.create(
            record=record,
            image=f"records/{record.slug}-{record.pk}-{index}.jpg",
            thumbnail=f"records/thumbnails/{record.slug}-{record.pk}-{index}.jpg",
        )
    if approve_by is not None:
        actions.approve(record, by=approve_by)
    return record
