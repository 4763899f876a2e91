"""The demo office lives up to today: every year since the document's has its activity in every
pillar, satisfaction has its ups and downs, records carry photos, and the brand is written down."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from PIL import Image

from branches.brand.models import Brand, Pillar
from branches.brand.selectors import since_the_brand_began
from branches.demo.brand import INTRODUCTION, LOGO_MEANING, PRACTICES
from branches.demo.office import LATER_HONOURS, later_honours
from branches.demo.seed import DEMO_PASSWORD
from branches.honours.models import Honour
from branches.kernel import figures, uploads
from branches.mentoring.models import Mentorship
from branches.people.models import BranchRole
from branches.ratings.demo import title_for
from branches.ratings.models import RatingRound, RoundStatus
from services.demo.records import LATER_YEARS, later_figures
from services.demo.serve import (
    LATER_CLASSES_PER_YEAR,
    LATER_JOINT_ITEMS,
    LATER_JOINT_ITEMS_PER_YEAR,
    LATER_PROBLEM_CLASSES,
    satisfaction_target,
)
from services.records.models import RECORD_MODELS, ReviewStatus
from services.records.photos import THUMBNAIL_SIZE, RecordPhoto
from services.satisfaction import figures as satisfaction_figures
from services.studios.models import Case, StudioMilestone
from tests.conftest import figure

pytestmark = pytest.mark.django_db

# What each pillar page shows of a year, one figure or more of each of its parts.
PILLAR_FIGURES = {
    "lead": ["pledges_made", "demonstration_posts_selected"],
    "pass_on": ["lectures_held", "lecture_attendances", "mentoring_sessions", "active_mentorships"],
    "dedicate": ["deeds_for_masses", "deeds_for_enterprises", "themed_party_days", "service_hours"],
    "serve": [
        "extended_service_hours", "door_to_door_visits", "door_to_door_enterprises", "appointments",
        "satisfaction_rate", "investment_projects", "problems_resolved",
    ],
}
# By April every kind of this year's activity has begun (lectures, projects, a problem verified).
ALIVE_FROM_MONTH = 4


def later_years():
    today = timezone.localdate()
    last = today.year if today.month >= ALIVE_FROM_MONTH else today.year - 1
    return range(2022, last + 1)


def test_every_year_since_the_documents_has_activity_in_every_pillar():
    for year in later_years():
        for pillar, keys in PILLAR_FIGURES.items():
            for key in keys:
                assert figure(key, year), (pillar, key, year)


def test_the_later_years_go_through_every_feature():
    for year in later_years():
        assert RatingRound.objects.get(title=title_for(year)).status == RoundStatus.PUBLISHED
        assert Mentorship.objects.filter(starts_on__year=year).exists(), year
        assert Case.objects.filter(opened_on__year=year).exists(), year
        assert figure("problems_verified", year), year
        listed = year - 2022 < len(LATER_PROBLEM_CLASSES) // LATER_CLASSES_PER_YEAR
        assert not listed or figure("problem_classes", year) > figure("problem_classes", year - 1), year
        listed = year - 2022 < len(LATER_JOINT_ITEMS) // LATER_JOINT_ITEMS_PER_YEAR
        assert not listed or figure("joint_items", year) > figure("joint_items", year - 1), year
    today = timezone.localdate()
    assert StudioMilestone.objects.filter(date__year__gte=2022).exists()
    assert Honour.objects.filter(year__gte=2022).exists()
    assert not StudioMilestone.objects.filter(date__gt=today).exists()
    for model in RECORD_MODELS:
        assert not model.objects.filter(date__gt=today).exists(), model


def test_this_years_records_leave_work_for_the_reviewers_and_the_past_is_approved():
    today = timezone.localdate()
    long_ago = today - datetime.timedelta(days=60)
    for model in RECORD_MODELS:
        assert not model.objects.filter(date__lt=long_ago).exclude(status=ReviewStatus.APPROVED).exists(), model
    waiting = sum(model.objects.filter(status=ReviewStatus.SUBMITTED).count() for model in RECORD_MODELS)
    assert waiting >= 10


def test_the_later_years_figures_vary_from_year_to_year():
    figures_of_years = [later_figures(year) for year in range(2022, 2031)]
    assert len(set(figures_of_years)) == len(figures_of_years)
    assert all(later_figures(year) == values for year, values in LATER_YEARS.items())
    hours = [figure("extended_service_hours", year) for year in range(2019, 2026)]
    assert len(set(hours)) == len(hours)


def test_satisfaction_is_the_documents_until_2021_then_differs_by_year():
    for year in (2019, 2020, 2021):
        assert satisfaction_figures.satisfaction(year)["rate"] == Decimal("99.87"), year
    later = {satisfaction_figures.satisfaction(year)["rate"] for year in range(2022, timezone.localdate().year)}
    assert len(later) >= 2 and later - {Decimal("99.87")}, later
    assert all(Decimal("99.80") <= satisfaction_target(year) < Decimal("99.96") for year in range(2019, 2101))


def test_satisfaction_differs_between_windows_and_channels():
    year = timezone.localdate().year - 1
    rows = satisfaction_figures.with_window_names(satisfaction_figures.satisfaction_by_window(year))
    windows = [row["rate"] for row in rows]
    assert len(windows) >= 30
    assert max(windows) - min(windows) >= Decimal("0.2"), (min(windows), max(windows))
    assert windows == sorted(windows)  # the page's "lowest windows" come first
    channels = {row["channel"]: row["rate"] for row in satisfaction_figures.satisfaction_by_channel(year)}
    assert len(channels) == 4 and len(set(channels.values())) >= 3, channels
    assert (min(channels, key=channels.get), max(channels, key=channels.get)) == ("self_service", "hall")


def test_records_carry_photos_stored_through_the_upload_policy():
    photos = list(RecordPhoto.objects.select_related("content_type"))
    assert 40 <= len(photos) <= 20 * (timezone.localdate().year - 2021)  # each year's share is small
    years = set()
    for photo in photos:
        assert photo.image.name.startswith("records/") and photo.image.name.endswith(".jpg")
        with photo.image.open("rb") as stored:
            assert uploads.detect(stored) == uploads.JPEG
            stored.seek(0)
            with Image.open(stored) as image:
                assert image.size == (800, 600)
        with photo.thumbnail.open("rb") as stored, Image.open(stored) as thumbnail:
            assert thumbnail.width <= THUMBNAIL_SIZE[0] and thumbnail.height <= THUMBNAIL_SIZE[1]
        assert photo.image.size < 150_000
        assert photo.uploaded_by_id is not None
        record = photo.record
        assert record is not None
        years.add(record.date.year)
    assert {2022, timezone.localdate().year - 1} <= years
    kinds = {photo.content_type.model for photo in photos}
    assert kinds == {"serviceactivity", "practicaldeed", "servicerecord", "patrol"}


def test_the_brand_is_the_documents():
    brand = Brand.objects.get()
    assert brand.name == "火炬手"
    assert brand.started_on == datetime.date(2019, 1, 1)
    assert brand.introduction == INTRODUCTION and "三融合三提升" in brand.introduction
    assert brand.logo_meaning == LOGO_MEANING
    assert [meaning[:2] for _pillar, meaning in brand.pillar_meanings()] == ["领跑", "传承", "奉献", "服务"]
    practices = list(brand.practices.all())
    assert [(p.pillar, p.title, p.text) for p in practices] == [tuple(practice) for practice in PRACTICES]
    assert [p.pillar for p in practices] == [Pillar.LEAD, Pillar.PASS_ON, Pillar.SERVE]
    assert "18类问题" in practices[0].text and "王晓晓注册官工作室" in practices[1].text
    assert "99.87%" in practices[2].text
    with brand.logo.open("rb") as stored:
        assert uploads.detect(stored) == uploads.PNG
    assert brand.history.filter(history_user__username="admin").exists()


def test_72_posts_were_selected_from_the_brands_start_to_2021():
    selected = figures.evaluate(["demonstration_posts_selected"], since_the_brand_began(2021))
    assert selected["demonstration_posts_selected"] == 72


def test_the_years_after_the_listed_ones_still_have_honours():
    last = LATER_HONOURS[-1][0]
    assert later_honours(last + 1) and later_honours(last + 7)
    assert {honour[0] for honour in later_honours(last + 3)} == {last + 3}
    assert later_honours(2019) == []


def test_a_reviewer_sees_the_photos_of_a_waiting_record(client):
    photo = next(
        photo for photo in RecordPhoto.objects.order_by("-pk") if photo.record.status == ReviewStatus.SUBMITTED
    )
    record = photo.record
    secretary = record.branch.members.select_related("user").get(branch_role=BranchRole.SECRETARY)
    assert client.login(username=secretary.user.username, password=DEMO_PASSWORD)
    page = client.get(record.get_absolute_url())
    assert page.status_code == 200
    assert photo.thumbnail.url in page.content.decode()
    thumbnail = client.get(photo.thumbnail.url)
    assert thumbnail.status_code == 200 and thumbnail["Content-Type"] == "image/jpeg"
