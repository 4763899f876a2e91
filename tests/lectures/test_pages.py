"""政务讲堂 pages: the calendar, planning, the lecture page, checking in, the register, Q&A,
materials and feedback, for every role."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.lectures.models import (
    CheckInMethod,
    Lecture,
    LectureAttendance,
    LectureFeedback,
    LectureMaterial,
    LectureQuestion,
)
from branches.lectures.selectors import lecture_calendar
from tests.conftest import ROLES, figure_shown, query_count
from tests.factories import LectureFactory, PersonFactory, UserFactory
from tests.passing_on_factories import (
    LECTURE_DAY,
    LectureAttendanceFactory,
    LectureFeedbackFactory,
    LectureMaterialFactory,
    LectureQuestionFactory,
    at,
    docx_upload,
    pdf_upload,
    shows,
)

pytestmark = pytest.mark.django_db

MANAGERS = {"committee_admin", "secretary_a", "branch_committee_a", "secretary_b"}
MANAGERS_OF_A = {"committee_admin", "secretary_a", "branch_committee_a"}


@pytest.fixture
def lecture(office):
    """A lecture of branch A on 2021-03-18, 16:30–17:30, given by the group leader."""
    return LectureFactory(branch=office.branch_a, topic="优化营商环境", speakers=[office.people["group_leader_a"]])


def urls(lecture):
    return {
        "lecture-list": reverse("branches:lecture-list"),
        "lecture-create": reverse("branches:lecture-create"),
        "lecture-check-in": reverse("branches:lecture-check-in"),
        "lecture-detail": reverse("branches:lecture-detail", args=[lecture.pk]),
        "lecture-edit": reverse("branches:lecture-edit", args=[lecture.pk]),
        "lecture-projector": reverse("branches:lecture-projector", args=[lecture.pk]),
    }


def post_urls(lecture):
    return [
        reverse(f"branches:{name}", args=[lecture.pk])
        for name in [
            "lecture-register",
            "lecture-question-add",
            "lecture-material-add",
            "lecture-attend",
            "lecture-feedback",
        ]
    ]


def expected_status(name, role):
    if name in {"lecture-list", "lecture-check-in", "lecture-detail"}:
        return 200
    if name == "lecture-create":
        return 200 if role in MANAGERS else 403
    if name in {"lecture-edit", "lecture-projector"}:
        return 200 if role in MANAGERS_OF_A else 403
    raise AssertionError(name)


class TestAccess:
    @pytest.mark.parametrize(
        "name", ["lecture-list", "lecture-create", "lecture-check-in", "lecture-detail", "lecture-edit", "lecture-projector"]
    )
    def test_it_answers_each_role_as_the_matrix_says(self, client, office, lecture, name):
        url = urls(lecture)[name]
        answers = {}
        for role in ROLES:
            client.force_login(office.users[role])
            answers[role] = client.get(url).status_code
        assert answers == {role: expected_status(name, role) for role in ROLES}

    def test_it_sends_anonymous_users_to_log_in(self, client, lecture):
        for url in urls(lecture).values():
            response = client.get(url)
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("login")), url
        for url in post_urls(lecture):
            response = client.post(url)
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("login")), url

    def test_it_hides_lectures_from_a_login_without_a_person(self, client, lecture):
        client.force_login(UserFactory(username="lonely"))
        assert client.get(urls(lecture)["lecture-detail"]).status_code == 404
        assert client.get(urls(lecture)["lecture-list"]).status_code == 200
        assert lecture.topic not in client.get(urls(lecture)["lecture-list"]).content.decode()

    def test_only_the_committee_admin_runs_a_committee_lecture(self, client, office):
        committee_lecture = LectureFactory(branch=None)
        url = reverse("branches:lecture-edit", args=[committee_lecture.pk])
        client.force_login(office.users["committee_admin"])
        assert client.get(url).status_code == 200
        client.force_login(office.users["secretary_a"])
        assert client.get(url).status_code == 403

    @pytest.mark.parametrize("role", ["staff_a", "secretary_b", "committee_member"])
    def test_it_refuses_organiser_posts_from_others(self, login, office, lecture, media_root, role):
        client = login(role)
        people = {"branch": office.branch_a.pk, "people": [office.people["staff_a"].pk]}
        assert client.post(reverse("branches:lecture-register", args=[lecture.pk]), people).status_code == 403
        material = {"title": "讲义", "file": pdf_upload()}
        assert client.post(reverse("branches:lecture-material-add", args=[lecture.pk]), material).status_code == 403
        question = {"question": "怎么办？", "answer": "这样办。"}
        assert client.post(reverse("branches:lecture-question-add", args=[lecture.pk]), question).status_code == 403
        assert not LectureAttendance.objects.exists()
        assert not LectureMaterial.objects.exists()
        assert not LectureQuestion.objects.exists()

    def test_a_manager_cannot_tick_people_of_a_branch_they_do_not_run(self, login, office, lecture):
        data = {"branch": office.branch_b.pk, "people": [office.people["staff_b"].pk]}
        assert login("secretary_a").post(reverse("branches:lecture-register", args=[lecture.pk]), data).status_code == 403
        assert not LectureAttendance.objects.exists()


class TestCalendar:
    def test_it_flags_past_months_without_a_lecture(self, login, office, clock):
        clock(at(10, day=datetime.date(2021, 5, 10)))
        LectureFactory(date=datetime.date(2021, 1, 21), topic="一月讲堂")
        LectureFactory(date=datetime.date(2021, 3, 18), topic="三月讲堂")
        page = login("staff_a").get(reverse("branches:lecture-list"), {"year": 2021})
        assert page.status_code == 200
        # February and April have passed without a lecture; May is under way; June on lie ahead.
        assert page.content.decode().count(_("No lecture this month")) == 2
        assert shows(page, "一月讲堂") and shows(page, "三月讲堂")

    def test_a_year_gone_by_without_lectures_is_all_flagged(self, login, office):
        page = login("staff_a").get(reverse("branches:lecture-list"), {"year": 2015})
        assert page.content.decode().count(_("No lecture this month")) == 12

    def test_it_filters_by_organiser(self, login, office, lecture):
        LectureFactory(branch=office.branch_b, topic="第二支部讲堂")
        page = login("staff_a").get(reverse("branches:lecture-list"), {"year": 2021, "branch": office.branch_b.pk})
        assert shows(page, "第二支部讲堂")
        assert not shows(page, lecture.topic)

    def test_a_busy_month_shows_the_first_lectures_and_lists_the_rest_by_page(self, login, office):
        for day in range(1, 29):
            LectureFactory(date=datetime.date(2021, 3, day), topic=f"三月第{day:02d}讲")
        client = login("staff_a")
        page = client.get(reverse("branches:lecture-list"), {"year": 2021}).content.decode()
        assert "三月第01讲" in page and "三月第06讲" in page
        assert "三月第07讲" not in page
        month = client.get(reverse("branches:lecture-list"), {"year": 2021, "month": 3}).content.decode()
        assert "三月第28讲" in month

    def test_a_line_names_its_speakers_in_name_order_and_its_organiser(self, login, office):
        speakers = [PersonFactory(branch=office.branch_a, name=name) for name in ["B李四", "A王五"]]
        LectureFactory(date=datetime.date(2021, 4, 8), topic="四月讲堂", branch=office.branch_b, speakers=speakers)
        for url_params in [{"year": 2021}, {"year": 2021, "month": 4}]:
            page = login("staff_a").get(reverse("branches:lecture-list"), url_params).content.decode()
            assert "四月讲堂" in page
            assert f"{office.branch_b.name} · A王五、B李四" in " ".join(page.split())

    def test_a_line_shows_the_date_time_link_theme_and_the_committee_as_organiser(self, login, office):
        lecture = LectureFactory(
            date=datetime.date(2021, 4, 8), starts_at=datetime.time(9, 5), topic="<委员会>讲堂", branch=None, speakers=[]
        )
        page = login("staff_a").get(reverse("branches:lecture-list"), {"year": 2021, "month": 4}).content.decode()
        text = " ".join(page.split())
        assert '<div class="fw-semibold">04-08</div><div class="small text-body-secondary">09:05</div>' in text
        assert f'href="{lecture.get_absolute_url()}">&lt;委员会&gt;讲堂</a><div' in text
        assert f"{lecture.get_theme_display()} · {_('Party committee')}</div>" in text
        assert _("Attended") not in text

    def test_each_month_shows_its_first_lectures_in_date_order(self, office):
        dates = [datetime.date(2021, month, day) for month in (2, 3) for day in (20, 3, 11, 7, 25, 1, 14, 9)]
        for date in dates:
            LectureFactory(date=date, topic=f"讲堂{date:%m%d}")
        months = lecture_calendar(Lecture.objects.all(), 2021, today=datetime.date(2021, 12, 31))
        for month in months[1:3]:
            shown = [lecture.date for lecture in month.lectures]
            assert shown == sorted(date for date in dates if date.month == month.number)[:6]
            assert month.count == 8 and month.more == 2
        assert all(not month.lectures for month in months[3:])

    def test_it_marks_lectures_i_attended(self, login, office, lecture):
        LectureAttendanceFactory(lecture=lecture, person=office.people["staff_a"])
        assert login("staff_a").get(reverse("branches:lecture-list"), {"year": 2021}).content.decode().count(
            _("Attended")
        ) >= 1

    @pytest.mark.parametrize("params", [{"year": "abc"}, {"year": "1800"}, {"branch": "x"}, {"month": "13"}, {"month": "3", "page": "99"}])
    def test_it_survives_bad_parameters(self, login, office, params):
        assert login("staff_a").get(reverse("branches:lecture-list"), params).status_code == 200


class TestPlanning:
    def data(self, office, **changes):
        data = {
            "topic": "一件事集成改革",
            "theme": "service_reform",
            "date": "2021-04-15",
            "starts_at": "16:30",
            "ends_at": "17:30",
            "place": "三楼会议室",
            "branch": office.branch_a.pk,
            "speakers": [office.people["staff_a"].pk],
            "summary": "",
        }
        data.update(changes)
        return data

    def test_a_secretary_plans_a_lecture_of_their_branch(self, login, office):
        response = login("secretary_a").post(reverse("branches:lecture-create"), self.data(office))
        lecture = Lecture.objects.get()
        assert response.status_code == 302 and response.url == lecture.get_absolute_url()
        assert lecture.branch == office.branch_a
        assert lecture.created_by == office.users["secretary_a"]
        assert list(lecture.speakers.all()) == [office.people["staff_a"]]
        assert len(lecture.check_in_code) == 6

    def test_the_committee_admin_plans_a_committee_lecture(self, login, office):
        response = login("committee_admin").post(reverse("branches:lecture-create"), self.data(office, branch=""))
        assert response.status_code == 302
        assert Lecture.objects.get().branch is None

    @pytest.mark.parametrize(
        "changes, message",
        [
            ({"ends_at": "16:00"}, "The lecture must end after it starts."),
            ({"topic": ""}, "This field is required."),
            ({"branch": ""}, "This field is required."),
            ({"date": "2021-02-30"}, "Enter a valid date."),
            ({"theme": "gossip"}, "Select a valid choice. %(value)s is not one of the available choices."),
        ],
    )
    def test_it_rejects_bad_input_and_saves_nothing(self, login, office, changes, message):
        response = login("secretary_a").post(reverse("branches:lecture-create"), self.data(office, **changes))
        assert response.status_code == 200
        assert shows(response, _(message) % {"value": "gossip"})
        assert not Lecture.objects.exists()

    def test_a_secretary_cannot_plan_for_another_branch(self, login, office):
        response = login("secretary_a").post(reverse("branches:lecture-create"), self.data(office, branch=office.branch_b.pk))
        assert response.status_code == 200
        assert not Lecture.objects.exists()

    def test_it_offers_only_visible_people_as_speakers(self, login, office):
        response = login("secretary_a").post(
            reverse("branches:lecture-create"), self.data(office, speakers=[office.people["staff_b"].pk])
        )
        assert response.status_code == 200
        assert not Lecture.objects.exists()

    def test_an_organiser_edits_the_lecture(self, login, office, lecture):
        data = self.data(office, topic="新的题目", date="2021-03-18")
        response = login("branch_committee_a").post(reverse("branches:lecture-edit", args=[lecture.pk]), data)
        assert response.status_code == 302
        lecture.refresh_from_db()
        assert lecture.topic == "新的题目"


class TestLecturePage:
    def test_it_shows_the_lecture(self, login, office, lecture, media_root):
        LectureQuestionFactory(lecture=lecture, question="企业开办要几天？", answer="一天办结。")
        LectureMaterialFactory(lecture=lecture, title="讲义一")
        LectureAttendanceFactory(lecture=lecture, person=office.people["staff_a"])
        LectureFeedbackFactory(lecture=lecture, person=office.people["staff_a"], score=5)
        LectureAttendanceFactory(lecture=lecture, person=office.people["staff_b"])
        LectureFeedbackFactory(lecture=lecture, person=office.people["staff_b"], score=4)
        page = login("staff_b").get(lecture.get_absolute_url())
        for text in ["优化营商环境", "group_leader_a", "企业开办要几天？", "一天办结。", "讲义一", "staff_a", "4.5"]:
            assert shows(page, text), text

    def test_the_code_is_shown_to_the_organisers_only(self, login, office, lecture, clock):
        clock(at(16, 45))
        assert shows(login("secretary_a").get(lecture.get_absolute_url()), lecture.check_in_code)
        page = login("staff_a").get(lecture.get_absolute_url())
        assert not shows(page, lecture.check_in_code)
        assert 'name="code"' in page.content.decode()

    def test_the_check_in_form_is_offered_only_while_check_in_is_open(self, login, office, lecture, clock):
        clock(at(12))
        page = login("staff_a").get(lecture.get_absolute_url()).content.decode()
        assert 'name="code"' not in page
        clock(at(16, 10))
        assert 'name="code"' in login("staff_a").get(lecture.get_absolute_url()).content.decode()

    def test_the_projector_shows_the_code(self, login, office, lecture):
        assert shows(login("secretary_a").get(reverse("branches:lecture-projector", args=[lecture.pk])), lecture.check_in_code)

    def test_the_projector_is_full_screen_with_a_qr_code_of_the_short_link(self, login, office, lecture):
        page = login("secretary_a").get(reverse("branches:lecture-projector", args=[lecture.pk])).content.decode()
        assert "<svg" in page and 'aria-label="' + _("QR code for checking in") + '"' in page
        assert f"http://testserver/c/{lecture.check_in_code}" in page
        assert 'class="navbar' not in page and "tb-footer" not in page

    def test_the_qr_code_reads_as_the_short_link(self, rf, lecture):
        import segno

        from branches.lectures import qr

        link = qr.check_in_link(rf.get("/"), lecture)
        assert link == f"http://testserver/c/{lecture.check_in_code}"
        assert qr.check_in_svg(link) == segno.make(link, error="m").svg_inline(scale=12, border=2, dark="#000", light="#fff", omitsize=True)


class TestQrLink:
    """The QR code opens /c/<code>: the check-in page with the code filled in, nothing checked in yet."""

    def test_the_short_link_fills_in_the_code(self, login, office, lecture, clock):
        clock(at(16, 45))
        client = login("staff_b")
        response = client.get(f"/c/{lecture.check_in_code}", follow=True)
        assert response.redirect_chain[-1][0] == reverse("branches:lecture-check-in") + f"?code={lecture.check_in_code}"
        assert f'value="{lecture.check_in_code}"' in response.content.decode()
        assert not LectureAttendance.objects.exists()
        client.post(reverse("branches:lecture-check-in"), {"code": lecture.check_in_code})
        assert LectureAttendance.objects.get().person == office.people["staff_b"]

    @pytest.mark.parametrize("code", ["12345", "1234567", "abcdef", "<script>", "%00"])
    def test_a_malformed_code_fills_in_nothing(self, login, office, code):
        response = login("staff_b").get(f"/c/{code}", follow=True)
        assert response.status_code == 200
        assert response.redirect_chain[-1][0] == reverse("branches:lecture-check-in")

    def test_anonymous_users_log_in_first_and_come_back(self, client, office, lecture):
        response = client.get(f"/c/{lecture.check_in_code}")
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def no_lecture_open():
    """What a code that opens no check-in is told, whether no lecture has it or its check-in is closed."""
    from branches.lectures import actions

    return actions.no_lecture_open().messages[0]


class TestCheckIn:
    """Attendees type the code shown in the room; only during the lecture, give or take half an hour."""

    def post(self, client, code):
        return client.post(reverse("branches:lecture-check-in"), {"code": code})

    def test_an_attendee_checks_in_with_the_code(self, login, office, lecture, clock):
        clock(at(16, 45))
        response = self.post(login("staff_b"), lecture.check_in_code)
        assert response.status_code == 302 and response.url == lecture.get_absolute_url()
        attendance = LectureAttendance.objects.get()
        assert attendance.person == office.people["staff_b"]
        assert attendance.method == CheckInMethod.CODE

    def test_it_rejects_a_wrong_code(self, login, office, lecture, clock):
        clock(at(16, 45))
        wrong = f"{(int(lecture.check_in_code) + 1) % 1_000_000:06d}"
        response = self.post(login("staff_a"), wrong)
        assert response.status_code == 200
        assert shows(response, no_lecture_open())
        assert not LectureAttendance.objects.exists()

    @pytest.mark.parametrize("moment", [at(15, 50), at(18, 5), at(16, 45, day=LECTURE_DAY + datetime.timedelta(days=1))])
    def test_it_rejects_a_code_outside_the_lecture(self, login, office, lecture, clock, moment):
        clock(moment)
        response = self.post(login("staff_a"), lecture.check_in_code)
        assert response.status_code == 200
        assert shows(response, no_lecture_open())
        assert not LectureAttendance.objects.exists()

    @pytest.mark.parametrize("code", ["12345", "abcdef", "", "1234567"])
    def test_it_rejects_what_is_not_a_code(self, login, office, lecture, clock, code):
        clock(at(16, 45))
        response = self.post(login("staff_a"), code)
        assert response.status_code == 200
        assert not LectureAttendance.objects.exists()

    def test_checking_in_twice_keeps_one_entry(self, login, office, lecture, clock):
        clock(at(16, 45))
        client = login("staff_a")
        self.post(client, lecture.check_in_code)
        response = client.post(reverse("branches:lecture-attend", args=[lecture.pk]), {"code": lecture.check_in_code})
        assert response.status_code == 200
        assert shows(response, _("You are already on the register."))
        assert LectureAttendance.objects.count() == 1

    def test_a_double_tap_that_races_past_the_check_is_told_not_crashed(self, login, office, lecture, clock, monkeypatch):
        from django.db import IntegrityError

        def racing(*args, **kwargs):  # the other tap's row was written between the check and the insert
            raise IntegrityError("UNIQUE constraint failed")

        monkeypatch.setattr(LectureAttendance.objects, "create", racing)
        clock(at(16, 45))
        response = self.post(login("staff_a"), lecture.check_in_code)
        assert response.status_code == 200
        assert shows(response, _("You are already on the register."))

    def test_the_lecture_page_checks_the_code_too(self, login, office, lecture, clock):
        clock(at(16, 45))
        client = login("staff_a")
        url = reverse("branches:lecture-attend", args=[lecture.pk])
        wrong = f"{(int(lecture.check_in_code) + 1) % 1_000_000:06d}"
        response = client.post(url, {"code": wrong})
        assert shows(response, no_lecture_open())
        assert not LectureAttendance.objects.exists()
        clock(at(18, 1))
        response = client.post(url, {"code": lecture.check_in_code})
        assert shows(response, no_lecture_open())
        assert not LectureAttendance.objects.exists()
        clock(at(17, 59))
        assert client.post(url, {"code": lecture.check_in_code}).status_code == 302
        assert LectureAttendance.objects.get().person == office.people["staff_a"]

    def test_a_login_without_a_person_is_told_why(self, client, lecture):
        client.force_login(UserFactory(username="lonely"))
        response = client.post(reverse("branches:lecture-check-in"), {"code": lecture.check_in_code})
        assert shows(response, _("Your login is not linked to a person of the roster. The committee office can link it in data administration."))
        assert not LectureAttendance.objects.exists()


class TestRegister:
    def test_the_organiser_ticks_the_people_present(self, login, office, lecture):
        LectureAttendanceFactory(lecture=lecture, person=office.people["secretary_a"], method=CheckInMethod.CODE)
        people = [office.people["staff_a"].pk, office.people["group_leader_a"].pk]
        client = login("secretary_a")
        page = client.get(lecture.get_absolute_url()).content.decode()
        assert f'name="people" value="{office.people["staff_a"].pk}"' in page
        assert f'name="people" value="{office.people["secretary_a"].pk}"' not in page  # already there
        response = client.post(reverse("branches:lecture-register", args=[lecture.pk]), {"branch": office.branch_a.pk, "people": people})
        assert response.status_code == 302
        registered = LectureAttendance.objects.filter(method=CheckInMethod.REGISTER)
        assert sorted(registered.values_list("person", flat=True)) == sorted(people)

    def test_it_rejects_people_of_another_branch_and_an_empty_list(self, login, office, lecture):
        url = reverse("branches:lecture-register", args=[lecture.pk])
        client = login("committee_admin")
        response = client.post(url, {"branch": office.branch_a.pk, "people": [office.people["staff_b"].pk]})
        assert response.status_code == 200
        response = client.post(url, {"branch": office.branch_a.pk})
        assert response.status_code == 200
        assert shows(response, _("This field is required."))
        assert not LectureAttendance.objects.exists()

    def test_the_committee_admin_picks_the_branch_whose_people_to_tick(self, login, office, lecture):
        page = login("committee_admin").get(lecture.get_absolute_url(), {"register_branch": office.branch_b.pk})
        assert f'name="people" value="{office.people["staff_b"].pk}"' in page.content.decode()


class TestQuestions:
    def url(self, lecture):
        return reverse("branches:lecture-question-add", args=[lecture.pk])

    def test_a_speaker_records_a_question_and_the_answer(self, login, office, lecture):
        speaker = office.people["group_leader_a"]
        data = {"question": "跨区通办怎么做？", "asked_by": "A-01窗口", "answer": "线上收件，就近取证。", "answered_by": speaker.pk}
        response = login("group_leader_a").post(self.url(lecture), data)
        assert response.status_code == 302
        item = LectureQuestion.objects.get()
        assert (item.lecture, item.answered_by, item.asked_by) == (lecture, speaker, "A-01窗口")

    def test_the_organiser_records_an_open_question(self, login, office, lecture):
        assert login("secretary_a").post(self.url(lecture), {"question": "还有什么问题？"}).status_code == 302
        assert LectureQuestion.objects.get().answer == ""

    @pytest.mark.parametrize(
        "data, message",
        [
            ({"question": ""}, "This field is required."),
            ({"question": "问？", "answered_by": "PERSON"}, "Write the answer, or leave “answered by” empty."),
            ({"question": "问？", "answer": "答", "answered_by": "STAFF"}, "Select a valid choice. That choice is not one of the available choices."),
        ],
    )
    def test_it_rejects_bad_input_and_saves_nothing(self, login, office, lecture, data, message):
        data = {key: {"PERSON": office.people["group_leader_a"].pk, "STAFF": office.people["staff_a"].pk}.get(value, value) for key, value in data.items()}
        response = login("secretary_a").post(self.url(lecture), data)
        assert response.status_code == 200
        assert shows(response, _(message))
        assert not LectureQuestion.objects.exists()


class TestMaterials:
    def url(self, lecture):
        return reverse("branches:lecture-material-add", args=[lecture.pk])

    @pytest.mark.parametrize("upload", [pdf_upload, docx_upload])
    def test_the_organiser_uploads_a_material_that_attendees_download(self, login, office, lecture, media_root, upload):
        response = login("secretary_a").post(self.url(lecture), {"title": "改革讲义", "file": upload()})
        assert response.status_code == 302
        material = LectureMaterial.objects.get()
        assert material.uploaded_by == office.users["secretary_a"]
        download = login("staff_b").get(reverse("branches:lecture-material-download", args=[lecture.pk, material.pk]))
        assert download.status_code == 200
        assert "attachment" in download["Content-Disposition"]
        assert b"".join(download.streaming_content)[:4] in (b"%PDF", b"PK\x03\x04")

    def test_it_rejects_a_text_file_named_pdf(self, login, office, lecture, media_root):
        from django.core.files.uploadedfile import SimpleUploadedFile

        fake = SimpleUploadedFile("讲义.pdf", b"just some text, not a PDF", content_type="application/pdf")
        response = login("secretary_a").post(self.url(lecture), {"title": "讲义", "file": fake})
        assert response.status_code == 200
        assert shows(response, _("Upload a PDF, Word, Excel or PowerPoint file or an image."))
        assert not LectureMaterial.objects.exists()

    def test_it_rejects_a_file_over_the_limit(self, login, office, lecture, media_root, settings):
        settings.UPLOAD_MAX_DOCUMENT_BYTES = 1024
        response = login("secretary_a").post(self.url(lecture), {"title": "讲义", "file": pdf_upload(size=2048)})
        assert response.status_code == 200
        assert shows(response, _("The file is too large (%(size)s); the limit is %(limit)s.") % {"size": "2.0\xa0KB", "limit": "1.0\xa0KB"})
        assert not LectureMaterial.objects.exists()

    def test_it_rejects_other_kinds_of_files(self, login, office, lecture, media_root):
        from django.core.files.uploadedfile import SimpleUploadedFile

        script = SimpleUploadedFile("run.exe", b"MZ\x90\x00")
        response = login("secretary_a").post(self.url(lecture), {"title": "讲义", "file": script})
        assert shows(response, _("Upload a PDF, Word, Excel or PowerPoint file or an image."))
        assert not LectureMaterial.objects.exists()

    def test_a_material_is_reached_through_its_own_lecture_only(self, login, office, lecture, media_root):
        material = LectureMaterialFactory(lecture=LectureFactory())
        url = reverse("branches:lecture-material-download", args=[lecture.pk, material.pk])
        assert login("staff_a").get(url).status_code == 404


class TestFeedback:
    def url(self, lecture):
        return reverse("branches:lecture-feedback", args=[lecture.pk])

    def test_an_attendee_scores_the_lecture_once(self, login, office, lecture):
        LectureAttendanceFactory(lecture=lecture, person=office.people["staff_a"])
        client = login("staff_a")
        assert 'name="score"' in client.get(lecture.get_absolute_url()).content.decode()
        response = client.post(self.url(lecture), {"score": 4, "remark": "很实用"})
        assert response.status_code == 302
        feedback = LectureFeedback.objects.get()
        assert (feedback.person, feedback.score, feedback.remark) == (office.people["staff_a"], 4, "很实用")
        assert 'name="score"' not in client.get(lecture.get_absolute_url()).content.decode()
        response = client.post(self.url(lecture), {"score": 2})
        assert response.status_code == 200
        assert shows(response, _("You have already scored this lecture."))
        assert LectureFeedback.objects.get().score == 4

    def test_it_refuses_feedback_from_a_non_attendee(self, login, office, lecture):
        response = login("staff_a").post(self.url(lecture), {"score": 5})
        assert response.status_code == 200
        assert shows(response, _("Only attendees can score a lecture."))
        assert not LectureFeedback.objects.exists()

    @pytest.mark.parametrize("score", ["0", "6", "", "x"])
    def test_it_rejects_a_score_outside_one_to_five(self, login, office, lecture, score):
        LectureAttendanceFactory(lecture=lecture, person=office.people["staff_a"])
        response = login("staff_a").post(self.url(lecture), {"score": score})
        assert response.status_code == 200
        assert 'is-invalid' in response.content.decode() or 'invalid-feedback' in response.content.decode()
        assert not LectureFeedback.objects.exists()


class TestPersonPage:
    def test_it_counts_lectures_given_and_attended(self, login, office, lecture):
        LectureAttendanceFactory(lecture=lecture, person=office.people["staff_a"])
        LectureAttendanceFactory(lecture=LectureFactory(), person=office.people["staff_a"])
        LectureFactory(speakers=[office.people["staff_a"]])
        page = login("secretary_a").get(reverse("branches:person-detail", args=[office.people["staff_a"].pk]))
        assert shows(page, _("Lectures given")) and shows(page, _("Lectures attended"))
        content = page.content.decode()
        assert figure_shown(content, _("Lectures given")) == "1"
        assert figure_shown(content, _("Lectures attended")) == "2"


def grow_lectures(office, count):
    """``count`` more lectures in 2021, each with speakers, attendees, questions and feedback."""
    for index in range(count):
        lecture = LectureFactory(
            branch=office.branch_a if index % 2 else None,
            date=datetime.date(2021, 1 + index % 12, 1 + index % 28),
            speakers=[PersonFactory(branch=office.branch_a)],
        )
        LectureAttendanceFactory(lecture=lecture, person=office.people["staff_a"])
        LectureQuestionFactory(lecture=lecture)


def grow_one_lecture(office, lecture, count):
    for _index in range(count):
        person = PersonFactory(branch=office.branch_a)
        LectureAttendanceFactory(lecture=lecture, person=person)
        LectureFeedbackFactory(lecture=lecture, person=person)
        LectureQuestionFactory(lecture=lecture, answered_by=office.people["group_leader_a"])
        LectureMaterialFactory(lecture=lecture)
        lecture.speakers.add(PersonFactory(branch=office.branch_b))


@pytest.mark.parametrize("role", ["committee_admin", "secretary_a", "staff_a"])
def test_the_calendar_query_count_does_not_grow_with_the_data(login, office, role, django_assert_max_num_queries):
    client = login(role)
    url = f"{reverse('branches:lecture-list')}?year=2021"
    grow_lectures(office, 3)
    small = query_count(django_assert_max_num_queries, client, url)
    grow_lectures(office, 30)
    assert query_count(django_assert_max_num_queries, client, url) == small
    month_url = f"{url}&month=2"
    small = query_count(django_assert_max_num_queries, client, month_url)
    grow_lectures(office, 24)
    assert query_count(django_assert_max_num_queries, client, month_url) == small


@pytest.mark.parametrize("role", ["secretary_a", "staff_a", "group_leader_a"])
def test_the_lecture_page_query_count_does_not_grow_with_the_data(login, office, lecture, role, media_root, django_assert_max_num_queries):
    LectureAttendanceFactory(lecture=lecture, person=office.people["staff_a"])
    client = login(role)
    url = lecture.get_absolute_url()
    grow_one_lecture(office, lecture, 3)
    small = query_count(django_assert_max_num_queries, client, url)
    grow_one_lecture(office, lecture, 30)
    assert query_count(django_assert_max_num_queries, client, url) == small


@pytest.mark.parametrize("query", ["", "?month=3", "?branch=0"])
def test_the_calendar_year_select_shows_the_year_shown(login, office, query):
    """Without a year asked for, the calendar shows this year; its select must say so, not offer
    next year (its first option) as the year chosen."""
    this_year = timezone.localdate().year
    response = login("staff_a").get(reverse("branches:lecture-list") + query)
    assert response.context["year"] == this_year
    page = response.content.decode()
    assert f'<option value="{this_year}" selected>' in page
    assert f'<option value="{this_year + 1}" selected>' not in page


class TestCheckInGuessing:
    """Six digits can be guessed: wrong codes are slowed down per user and per address, and the
    answer never says whether a code exists."""

    def post(self, client, code, address="10.0.0.7"):
        return client.post(reverse("branches:lecture-check-in"), {"code": code}, REMOTE_ADDR=address)

    def wrong(self, lecture):
        return f"{(int(lecture.check_in_code) + 1) % 1_000_000:06d}"

    def test_a_wrong_code_and_a_closed_check_in_get_the_same_answer(self, login, office, lecture, clock):
        client = login("staff_a")
        clock(at(16, 45))
        wrong = self.post(client, self.wrong(lecture)).context["form"].errors
        clock(at(18, 5))
        closed = self.post(client, lecture.check_in_code).context["form"].errors
        assert wrong == closed

    def test_ten_wrong_codes_stop_the_user_for_a_while(self, login, office, lecture, clock):
        clock(at(16, 45))
        client = login("staff_a")
        for _attempt in range(10):
            self.post(client, self.wrong(lecture), address=f"10.0.1.{_attempt}")
        response = self.post(client, lecture.check_in_code, address="10.0.2.1")
        assert shows(response, _("Too many codes were tried; wait ten minutes, then try again."))
        assert not LectureAttendance.objects.exists()

    def test_ten_wrong_codes_from_one_address_stop_that_address(self, login, office, lecture, clock, client):
        clock(at(16, 45))
        for role in ["staff_a", "staff_b", "group_leader_a", "secretary_b", "branch_committee_a"]:
            client = login(role)
            self.post(client, self.wrong(lecture))
            self.post(client, self.wrong(lecture))
        response = self.post(login("secretary_a"), lecture.check_in_code)
        assert shows(response, _("Too many codes were tried; wait ten minutes, then try again."))
        assert self.post(login("secretary_a"), lecture.check_in_code, address="10.0.0.8").status_code == 302

    def test_the_lecture_page_counts_wrong_codes_too(self, login, office, lecture, clock):
        clock(at(16, 45))
        client = login("staff_a")
        url = reverse("branches:lecture-attend", args=[lecture.pk])
        for _attempt in range(10):
            client.post(url, {"code": self.wrong(lecture)})
        response = client.post(url, {"code": lecture.check_in_code})
        assert shows(response, _("Too many codes were tried; wait ten minutes, then try again."))
        assert not LectureAttendance.objects.exists()
