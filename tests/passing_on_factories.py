"""Helpers of the 传承 page tests: more factories, a frozen clock, uploads and message checks."""

import datetime
import io
import zipfile

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

from branches.lectures.models import (
    CheckInMethod,
    LectureAttendance,
    LectureFeedback,
    LectureMaterial,
    LectureQuestion,
)
from branches.mentoring.models import MentorshipSession, SessionMethod
from services.studios.models import StudioMilestone
from tests.factories import LectureFactory, PersonFactory

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
#: The default lecture of LectureFactory: 2021-03-18, 16:30–17:30 (check-in 16:00–18:00).
LECTURE_DAY = datetime.date(2021, 3, 18)


def at(hour, minute=0, day=LECTURE_DAY):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHANGHAI)


def shows(response, message):
    """The page says ``message`` (as the template escapes it)."""
    return escape(str(message)) in response.content.decode()


def pdf_upload(name="讲义.pdf", size=None):
    content = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    if size:
        content += b"0" * (size - len(content))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx_upload(name="讲稿.docx"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return SimpleUploadedFile(name, buffer.getvalue())


class LectureAttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LectureAttendance

    lecture = factory.SubFactory(LectureFactory)
    person = factory.SubFactory(PersonFactory)
    method = CheckInMethod.REGISTER


class LectureQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LectureQuestion

    lecture = factory.SubFactory(LectureFactory)
    question = factory.Sequence(lambda n: f"问题{n}：一件事怎么办？")
    answer = "线上一次办结。"


class LectureMaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LectureMaterial

    lecture = factory.SubFactory(LectureFactory)
    title = factory.Sequence(lambda n: f"讲义{n}")
    file = factory.django.FileField(filename="slides.pdf", data=b"%PDF-1.4 test")


class LectureFeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LectureFeedback

    lecture = factory.SubFactory(LectureFactory)
    person = factory.SubFactory(PersonFactory)
    score = 4


class MentorshipSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorshipSession

    date = datetime.date(2021, 2, 1)
    method = SessionMethod.TEACH
    content = "窗口业务带教"
    hours = 2
    written_by = factory.LazyAttribute(lambda o: o.mentorship.mentor)


class StudioMilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudioMilestone

    date = datetime.date(2020, 6, 1)
    title = factory.Sequence(lambda n: f"全市首张{n}")
