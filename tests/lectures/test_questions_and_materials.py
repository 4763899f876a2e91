"""After a lecture: a question left open is answered (or corrected) by a speaker or an organiser,
and an organiser withdraws a handout, in the app."""

import os

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from branches.lectures.models import LectureMaterial
from tests.conftest import query_count
from tests.factories import LectureFactory
from tests.passing_on_factories import (
    LectureMaterialFactory,
    LectureQuestionFactory,
    pdf_upload,
    shows,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def lecture(office):
    """A lecture of branch A given by the group leader."""
    return LectureFactory(branch=office.branch_a, topic="优化营商环境", speakers=[office.people["group_leader_a"]])


@pytest.fixture
def question(lecture):
    return LectureQuestionFactory(lecture=lecture, question="跨区通办怎么做？", answer="")


def edit(question):
    return reverse("branches:lecture-question-edit", args=[question.lecture_id, question.pk])


def remove(material):
    return reverse("branches:lecture-material-remove", args=[material.lecture_id, material.pk])


class TestAnsweringLater:
    def test_a_speaker_answers_an_open_question_in_their_own_name(self, login, office, lecture, question):
        client = login("group_leader_a")
        assert edit(question) in client.get(lecture.get_absolute_url()).content.decode()
        form = client.get(edit(question)).context["form"]
        assert form["answered_by"].value() == office.people["group_leader_a"].pk
        data = {"question": question.question, "asked_by": "", "answer": "线上收件，就近取证。", "answered_by": office.people["group_leader_a"].pk}
        response = client.post(edit(question), data)
        assert response.status_code == 302 and response.url == f"{lecture.get_absolute_url()}#questions"
        question.refresh_from_db()
        assert (question.answer, question.answered_by) == ("线上收件，就近取证。", office.people["group_leader_a"])

    def test_an_organiser_corrects_a_question(self, login, office, lecture, question):
        response = login("secretary_a").post(edit(question), {"question": "跨区通办怎么办理？", "answer": ""})
        assert response.status_code == 302
        question.refresh_from_db()
        assert question.question == "跨区通办怎么办理？"

    def test_who_answered_stays_offered_once_no_longer_a_speaker(self, login, office, lecture):
        answered = LectureQuestionFactory(lecture=lecture, answered_by=office.people["group_leader_a"])
        lecture.speakers.clear()
        data = {"question": answered.question, "answer": "一天办结。", "answered_by": office.people["group_leader_a"].pk}
        assert login("secretary_a").post(edit(answered), data).status_code == 302

    @pytest.mark.parametrize(
        "data, message",
        [
            ({"question": ""}, "This field is required."),
            ({"question": "问？", "answered_by": "SPEAKER"}, "Write the answer, or leave “answered by” empty."),
            ({"question": "问？", "answer": "答", "answered_by": "STAFF"}, "Select a valid choice. That choice is not one of the available choices."),
            ({"question": "问" * 2001}, None),
            ({"question": "问？", "answer": "答", "answered_by": "99999999999999999999999"}, None),
        ],
    )
    def test_bad_input_is_refused_and_nothing_is_saved(self, login, office, lecture, question, data, message):
        ids = {"SPEAKER": office.people["group_leader_a"].pk, "STAFF": office.people["staff_a"].pk}
        data = {key: ids.get(value, value) for key, value in data.items()}
        response = login("secretary_a").post(edit(question), data)
        assert response.status_code == 200
        if message:
            assert shows(response, _(message))
        question.refresh_from_db()
        assert (question.question, question.answer) == ("跨区通办怎么做？", "")

    @pytest.mark.parametrize("role, status", [("staff_a", 403), ("committee_member", 403), ("secretary_b", 403)])
    def test_others_cannot_answer(self, login, office, lecture, question, role, status):
        client = login(role)
        assert client.get(edit(question)).status_code == status
        assert client.post(edit(question), {"question": "改", "answer": "改"}).status_code == status
        question.refresh_from_db()
        assert question.answer == ""
        assert edit(question) not in client.get(lecture.get_absolute_url()).content.decode()

    def test_a_question_is_reached_through_its_own_lecture_only(self, login, office, lecture):
        elsewhere = LectureQuestionFactory(lecture=LectureFactory(branch=office.branch_a))
        url = reverse("branches:lecture-question-edit", args=[lecture.pk, elsewhere.pk])
        assert login("secretary_a").get(url).status_code == 404


class TestWithdrawingAMaterial:
    def test_an_organiser_removes_a_material_and_its_file(self, login, office, lecture, media_root, django_capture_on_commit_callbacks):
        client = login("secretary_a")
        client.post(reverse("branches:lecture-material-add", args=[lecture.pk]), {"title": "旧讲义", "file": pdf_upload()})
        material = LectureMaterial.objects.get()
        stored = material.file.path
        assert remove(material) in client.get(lecture.get_absolute_url()).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(remove(material))
        assert response.status_code == 302 and response.url == f"{lecture.get_absolute_url()}#materials"
        assert not LectureMaterial.objects.exists()
        assert not os.path.exists(stored)

    @pytest.mark.parametrize("role, status", [("staff_a", 403), ("group_leader_a", 403), ("committee_member", 403), ("secretary_b", 403)])
    def test_others_cannot_remove_one(self, login, office, lecture, media_root, role, status):
        material = LectureMaterialFactory(lecture=lecture)
        client = login(role)
        assert client.post(remove(material)).status_code == status
        assert LectureMaterial.objects.filter(pk=material.pk).exists()
        assert remove(material) not in client.get(lecture.get_absolute_url()).content.decode()

    def test_a_material_is_reached_through_its_own_lecture_only(self, login, office, lecture, media_root):
        material = LectureMaterialFactory(lecture=LectureFactory(branch=office.branch_a))
        url = reverse("branches:lecture-material-remove", args=[lecture.pk, material.pk])
        assert login("secretary_a").post(url).status_code == 404
        assert LectureMaterial.objects.filter(pk=material.pk).exists()

    def test_removing_takes_a_post(self, login, office, lecture, media_root):
        material = LectureMaterialFactory(lecture=lecture)
        assert login("secretary_a").get(remove(material)).status_code == 405


def test_the_lecture_page_keeps_its_query_count_with_more_questions_and_materials(login, office, lecture, media_root, django_assert_max_num_queries):
    client = login("secretary_a")
    LectureQuestionFactory(lecture=lecture)
    LectureMaterialFactory(lecture=lecture)
    small = query_count(django_assert_max_num_queries, client, lecture.get_absolute_url())
    for _index in range(10):
        LectureQuestionFactory(lecture=lecture, answer="")
        LectureMaterialFactory(lecture=lecture)
    assert query_count(django_assert_max_num_queries, client, lecture.get_absolute_url()) == small
