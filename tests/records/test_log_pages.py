"""Logging a record: the chooser, the form of each kind, photos, and every kind of bad input."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext as _
from PIL import Image

from services.enterprises.models import Enterprise
from services.notifications.models import Notification
from services.records.models import (
    Patrol,
    PracticalDeed,
    ReviewStatus,
    ServiceActivity,
    ServiceRecord,
)
from services.records.photos import RecordPhoto
from tests.factories import (
    EnterpriseFactory,
    PatrolFactory,
    PersonFactory,
    ResponsibilityZoneFactory,
    UserFactory,
    valid_credit_code,
)
from tests.records.helpers import MODELS, YESTERDAY, form_data, image_upload

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def log_url(kind):
    return reverse("services:record-log", args=[kind])


def assert_nothing_saved(kind):
    assert not MODELS[kind].objects.exists()
    assert not Notification.objects.exists()
    assert not RecordPhoto.objects.exists()


class TestChooser:
    def test_it_offers_every_kind(self, login, office):
        page = login("staff_a").get(reverse("services:log-choose")).content.decode()
        for kind in MODELS:
            assert log_url(kind) in page

    def test_it_explains_that_there_is_no_zone_to_patrol(self, login, office):
        page = login("staff_b").get(reverse("services:log-choose")).content.decode()
        assert log_url("patrol") not in page
        assert log_url("service") in page
        assert _("You have no responsibility zone to patrol.") in page

    def test_it_is_in_chinese_by_default(self, login, office):
        page = login("staff_a").get(reverse("services:log-choose")).content.decode()
        assert "登记服务" in page  # "Log an activity"
        assert "Log an activity" not in page

    def test_it_sends_anonymous_users_to_login(self, client, office):
        url = reverse("services:log-choose")
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == f"{reverse('login')}?next={url}"


class TestForms:
    @pytest.mark.parametrize("kind", MODELS)
    def test_it_shows_each_form(self, login, office, kind):
        response = login("staff_a").get(log_url(kind))
        assert response.status_code == 200
        assert 'name="date"' in response.content.decode()

    def test_an_unknown_kind_is_not_found(self, login, office):
        assert login("staff_a").get(log_url("lecture")).status_code == 404

    def test_it_fills_in_today_and_the_staff_members_own_zone(self, login, office):
        page = login("staff_a").get(log_url("patrol")).content.decode()
        assert TODAY.isoformat() in page
        assert "商事登记责任区" in page

    def test_it_offers_only_the_own_branch_as_participants(self, login, office):
        page = login("staff_a").get(log_url("activity")).content.decode()
        assert "secretary_a" in page
        assert "staff_b" not in page

    @pytest.mark.parametrize("kind", MODELS)
    def test_staff_log_each_kind(self, login, office, kind):
        response = login("staff_a").post(log_url(kind), form_data(office, kind))
        assert response.status_code == 302
        assert response.url == reverse("services:my-records")
        record = MODELS[kind].objects.get()
        assert record.branch == office.branch_a
        assert record.person == office.people["staff_a"]
        assert record.history.get().history_user == office.users["staff_a"]
        assert not Notification.objects.filter(recipient=office.users["secretary_b"]).exists()
        if kind == "patrol":  # found nothing: recorded without review, nobody asked to review it
            assert record.status == ReviewStatus.APPROVED and record.reviewed_by is None
            assert not Notification.objects.exists()
            return
        assert record.status == ReviewStatus.SUBMITTED
        notification = Notification.objects.get(recipient=office.users["secretary_a"])
        assert notification.url == record.get_absolute_url()

    def test_a_routine_visit_needs_no_reason_and_says_what_was_done(self, login, office):
        data = form_data(office, "service", reason=None, description="上门帮办营业执照变更")
        assert login("staff_a").post(log_url("service"), data).status_code == 302
        record = ServiceRecord.objects.get()
        assert record.reason == "" and record.description == "上门帮办营业执照变更"
        page = login("secretary_a").get(record.get_absolute_url()).content.decode()
        assert "上门帮办营业执照变更" in page
        assert "<dd class=\"col-7 col-sm-8 text-break\">2</dd>" in page  # 2 hours, not 2.0

    def test_the_service_form_offers_none_of_the_three_reasons(self, login, office):
        page = login("staff_a").get(log_url("service")).content.decode()
        assert _("None of these") in page

    def test_a_patrol_with_a_finding_waits_for_review(self, login, office):
        data = form_data(office, "patrol", found_problem="on", findings="自助机卡纸")
        assert login("staff_a").post(log_url("patrol"), data).status_code == 302
        record = Patrol.objects.get()
        assert record.status == ReviewStatus.SUBMITTED
        assert Notification.objects.get(recipient=office.users["secretary_a"]).url == record.get_absolute_url()

    def test_it_ignores_posted_review_fields_and_someone_elses_name(self, login, office):
        data = form_data(
            office, "service", status="approved", branch=office.branch_b.pk, person=office.people["staff_b"].pk,
            reviewed_by=office.users["secretary_a"].pk,
        )
        assert login("staff_a").post(log_url("service"), data).status_code == 302
        record = ServiceRecord.objects.get()
        assert (record.status, record.branch, record.person) == ("submitted", office.branch_a, office.people["staff_a"])
        assert record.reviewed_by is None

    def test_the_participants_are_kept(self, login, office):
        colleague = office.people["group_leader_a"]
        data = form_data(office, "activity", participants=[office.people["staff_a"].pk, colleague.pk])
        login("staff_a").post(log_url("activity"), data)
        assert set(ServiceActivity.objects.get().participants.all()) == {office.people["staff_a"], colleague}

    def test_the_success_message_follows_to_my_records(self, login, office):
        response = login("staff_a").post(log_url("service"), form_data(office, "service"), follow=True)
        assert _("Logged and sent to your secretary for review. Thank you!") in response.content.decode()
        assert "张大爷" in response.content.decode()


class TestPhotos:
    def test_it_stores_a_photo_with_a_thumbnail(self, login, office, media_root):
        data = form_data(office, "service", photos=[image_upload("a.png"), image_upload("b.jpg", "JPEG")])
        response = login("staff_a").post(log_url("service"), data)
        assert response.status_code == 302
        record = ServiceRecord.objects.get()
        photos = list(record.photos.all())
        assert len(photos) == 2
        for photo in photos:
            assert photo.image.path.startswith(str(media_root))
            with Image.open(photo.thumbnail.path) as thumbnail:
                assert (thumbnail.format, thumbnail.size) == ("JPEG", (480, 300))
            assert photo.uploaded_by == office.users["staff_a"]
        page = login("staff_a").get(record.get_absolute_url()).content.decode()
        assert photos[0].thumbnail.url in page

    def test_it_rejects_a_text_file_named_like_a_photo(self, login, office, media_root):
        fake = SimpleUploadedFile("photo.jpg", b"this is not an image", content_type="image/jpeg")
        response = login("staff_a").post(log_url("service"), form_data(office, "service", photos=[fake]))
        assert response.status_code == 200
        assert "文件不是图片" in response.content.decode()
        assert_nothing_saved("service")

    def test_it_rejects_an_image_above_the_size_limit(self, login, office, media_root, settings):
        big = image_upload(size=(400, 400), image_format="PNG")
        settings.UPLOAD_MAX_IMAGE_BYTES = big.size - 1
        response = login("staff_a").post(log_url("service"), form_data(office, "service", photos=[big]))
        assert response.status_code == 200
        assert "文件过大" in response.content.decode()
        assert_nothing_saved("service")

    def test_it_rejects_more_than_six_photos(self, login, office, media_root):
        photos = [image_upload(f"{index}.png", size=(20, 20)) for index in range(7)]
        response = login("staff_a").post(log_url("deed"), form_data(office, "deed", photos=photos))
        assert response.status_code == 200
        assert _("Attach at most %(limit)s photos.") % {"limit": 6} in response.content.decode()
        assert_nothing_saved("deed")


class TestBadInput:
    @pytest.mark.parametrize(
        "changes",
        [
            {"hours": "-1"},
            {"hours": "0"},
            {"hours": "100"},
            {"hours": "abc"},
            {"hours": None},
            {"date": (TODAY + datetime.timedelta(days=1)).isoformat()},
            {"date": "not-a-date"},
            {"date": None},
            {"kind": None},
            {"kind": "teleportation"},
            {"reason": "whim"},
            {"persons_sent": "0"},
            {"served_name": None},
        ],
        ids=lambda changes: ",".join(f"{key}={value}" for key, value in changes.items()),
    )
    def test_it_rejects_a_bad_service_record_and_saves_nothing(self, login, office, changes):
        response = login("staff_a").post(log_url("service"), form_data(office, "service", **changes))
        assert response.status_code == 200
        assert response.context["form"].errors
        assert_nothing_saved("service")

    @pytest.mark.parametrize(
        "kind, changes",
        [
            ("deed", {"description": None}),
            ("deed", {"beneficiary": None}),
            ("deed", {"date": None}),
            ("activity", {"title": None}),
            ("activity", {"place": None}),
            ("activity", {"kind": None}),
            ("activity", {"people_reached": "-3"}),
            ("patrol", {"findings": None}),
            ("patrol", {"zone": None}),
            ("patrol", {"date": (TODAY + datetime.timedelta(days=3)).isoformat()}),
        ],
    )
    def test_it_rejects_missing_fields_of_every_kind(self, login, office, kind, changes):
        response = login("staff_a").post(log_url(kind), form_data(office, kind, **changes))
        assert response.status_code == 200
        assert response.context["form"].errors
        assert_nothing_saved(kind)

    def test_it_says_in_chinese_that_the_date_is_in_the_future(self, login, office):
        tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
        response = login("staff_a").post(log_url("service"), form_data(office, "service", date=tomorrow))
        assert "日期不能晚于今天" in response.content.decode()

    def test_it_explains_the_hours_limit(self, login, office):
        response = login("staff_a").post(log_url("service"), form_data(office, "service", hours="100"))
        assert "16" in str(response.context["form"].errors["hours"])

    def test_it_rejects_a_credit_code_with_a_wrong_check_character(self, login, office):
        code = valid_credit_code(3)
        wrong = code[:17] + ("0" if code[17] != "0" else "1")
        data = form_data(office, "service", served_name=None, enterprise_code=wrong, enterprise_name="某公司")
        response = login("staff_a").post(log_url("service"), data)
        assert response.status_code == 200
        assert "统一社会信用代码校验位不正确" in response.content.decode()
        assert_nothing_saved("service")
        assert not Enterprise.objects.exists()

    def test_a_wrong_credit_code_is_the_only_error_said(self, login, office):
        """Not also "name the enterprise or the person served": the code was given, and refused."""
        code = valid_credit_code(3)
        wrong = code[:17] + ("0" if code[17] != "0" else "1")
        data = form_data(office, "service", served_name=None, enterprise_code=wrong, enterprise_name="某公司")
        errors = login("staff_a").post(log_url("service"), data).context["form"].errors
        assert list(errors) == ["enterprise_code"]

    def test_it_asks_for_the_name_of_a_new_enterprise(self, login, office):
        data = form_data(office, "service", served_name=None, enterprise_code=valid_credit_code(4))
        response = login("staff_a").post(log_url("service"), data)
        assert response.status_code == 200
        assert "这是新企业，请同时填写企业名称" in response.content.decode()
        assert_nothing_saved("service")
        assert not Enterprise.objects.exists()

    def test_it_asks_who_was_served(self, login, office):
        response = login("staff_a").post(log_url("service"), form_data(office, "service", served_name=None))
        assert "请填写企业信用代码或服务对象姓名" in response.content.decode()
        assert_nothing_saved("service")

    def test_a_deed_for_an_enterprise_needs_its_code(self, login, office):
        data = form_data(office, "deed", beneficiary="enterprise", enterprise_name="某公司")
        response = login("staff_a").post(log_url("deed"), data)
        assert response.status_code == 200
        assert "请填写企业的统一社会信用代码" in response.content.decode()
        assert_nothing_saved("deed")

    @pytest.mark.parametrize(
        "code, name, message",
        [
            (
                "91330213ABC",
                "某公司",
                "A unified social credit code has 18 characters: digits and capital letters other than I, O, S, V and Z.",
            ),
            (valid_credit_code(5), "", "This enterprise is new here: enter its name as well."),
        ],
    )
    def test_a_deed_for_an_enterprise_with_a_bad_code_is_an_error_not_a_crash(self, login, office, code, name, message):
        data = form_data(office, "deed", beneficiary="enterprise", enterprise_code=code, enterprise_name=name)
        response = login("staff_a").post(log_url("deed"), data)
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert list(errors) in (["enterprise_code"], ["enterprise_name"])
        assert any(_(message) in error for error in sum(errors.values(), []))
        assert_nothing_saved("deed")

    def test_participants_come_from_the_own_branch(self, login, office):
        data = form_data(office, "activity", participants=[office.people["staff_b"].pk])
        response = login("staff_a").post(log_url("activity"), data)
        assert response.status_code == 200
        assert response.context["form"].has_error("participants")
        assert_nothing_saved("activity")

    def test_a_patrol_is_of_the_own_zone(self, login, office):
        other_zone = ResponsibilityZoneFactory(member=PersonFactory(branch=office.branch_a))
        response = login("staff_a").post(log_url("patrol"), form_data(office, "patrol", zone=other_zone.pk))
        assert response.status_code == 200
        assert response.context["form"].has_error("zone")
        assert_nothing_saved("patrol")

    def test_a_zone_is_patrolled_once_a_day(self, login, office):
        zone = office.people["staff_a"].responsibility_zones.get()
        PatrolFactory(zone=zone, date=YESTERDAY)
        Notification.objects.all().delete()
        response = login("staff_a").post(log_url("patrol"), form_data(office, "patrol"))
        assert response.status_code == 200
        assert "该责任区当天的巡查已经登记过了" in response.content.decode()
        assert Patrol.objects.count() == 1
        assert not Notification.objects.exists()

    def test_a_staff_member_without_a_zone_is_told_so(self, login, office):
        client = login("staff_b")
        response = client.get(log_url("patrol"))
        assert response.status_code == 302
        assert response.url == reverse("services:log-choose")
        messages = [str(message) for message in client.get(response.url).context["messages"]]
        assert messages == [_("You have no responsibility zone to patrol.")]
        zone = office.people["staff_a"].responsibility_zones.get()
        assert client.post(log_url("patrol"), form_data(office, "patrol", zone=zone.pk)).status_code == 302
        assert not Patrol.objects.exists()


class TestEnterprises:
    def test_a_known_code_reuses_the_enterprise(self, login, office):
        known = EnterpriseFactory(name="宁波老企业有限公司")
        data = form_data(office, "service", served_name=None, enterprise_code=known.credit_code.lower())
        response = login("staff_a").post(log_url("service"), data)
        assert response.status_code == 302
        assert ServiceRecord.objects.get().enterprise == known
        assert Enterprise.objects.count() == 1

    def test_a_new_code_and_name_create_the_enterprise_once(self, login, office):
        code = valid_credit_code(11)
        client = login("staff_a")
        for _round in range(2):
            data = form_data(office, "deed", beneficiary="enterprise", enterprise_code=code, enterprise_name="新企业")
            assert client.post(log_url("deed"), data).status_code == 302
        enterprise = Enterprise.objects.get()
        assert (enterprise.credit_code, enterprise.name) == (code, "新企业")
        assert PracticalDeed.objects.filter(enterprise=enterprise).count() == 2

    def test_a_deed_for_the_masses_drops_an_enterprise_code(self, login, office):
        data = form_data(office, "deed", enterprise_code=valid_credit_code(12), enterprise_name="不相干")
        assert login("staff_a").post(log_url("deed"), data).status_code == 302
        assert PracticalDeed.objects.get().enterprise is None
        assert not Enterprise.objects.exists()


class TestWithoutAPerson:
    @pytest.fixture
    def visitor(self, client, office):
        client.force_login(UserFactory(username="visitor"))
        return client

    def test_the_chooser_explains(self, visitor):
        response = visitor.get(reverse("services:log-choose"))
        assert response.status_code == 200
        assert _("Your login is not linked to a person of the roster.") in response.content.decode()

    @pytest.mark.parametrize("kind", MODELS)
    def test_the_form_explains_and_saves_nothing(self, visitor, office, kind):
        response = visitor.get(log_url(kind))
        assert response.status_code == 200
        assert _("Your login is not linked to a person of the roster.") in response.content.decode()
        response = visitor.post(log_url(kind), form_data(office, kind))
        assert response.status_code == 200
        assert not MODELS[kind].objects.exists()
