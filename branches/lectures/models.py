"""政务讲堂: the monthly lecture where members go up to the podium, answer questions, learn together."""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.kernel.audit import audit
from branches.kernel.paths import object_path
from branches.kernel.scope import ScopedQuerySet
from branches.kernel.uploads import StoredFileField

CHECK_IN_MARGIN = datetime.timedelta(minutes=30)


def new_check_in_code():
    return f"{secrets.randbelow(1_000_000):06d}"


class LectureTheme(models.TextChoices):
    SERVICE_REFORM = "service_reform", _("Service reform")
    BUSINESS_ENVIRONMENT = "business_environment", _("Business environment")
    WINDOW_SKILLS = "window_skills", _("Window skills")
    POLITICAL_THEORY = "political_theory", _("Political theory")
    OTHER = "other", _("Other")


class LectureQuerySet(ScopedQuerySet):
    """Every member of the hall may see every lecture; the organising branch's managers run it.

    A lecture without a branch is the committee's own, run by the committee administrator.
    """

    def visible_q(self, scope):
        return Q() if scope.person_id is not None else Q(pk__in=[])

    def manageable_q(self, scope):
        return Q(branch__in=scope.managed_branch_ids)

    def in_year(self, year):
        return self.filter(date__year=year)

    def in_month(self, year, month):
        """A range of dates, which the date index serves (``date__month`` is tested on each row)."""
        first = datetime.date(year, month, 1)
        return self.filter(date__gte=first, date__lt=(first + datetime.timedelta(days=31)).replace(day=1))


class Lecture(models.Model):
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"), default=datetime.time(16, 30))
    ends_at = models.TimeField(_("ends at"), default=datetime.time(17, 30))
    topic = models.CharField(_("topic"), max_length=120)
    theme = models.CharField(_("theme"), max_length=24, choices=LectureTheme.choices)
    place = models.CharField(_("place"), max_length=100, blank=True, default="政务服务中心三楼会议室")
    branch = models.ForeignKey(
        "Branch",
        verbose_name=_("organising branch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lectures",
        help_text=_("Leave empty for a lecture of the whole party committee."),
    )
    speakers = models.ManyToManyField(
        "Person", verbose_name=_("speakers"), related_name="lectures_given", blank=True
    )
    summary = models.TextField(_("summary"), blank=True, max_length=4000)
    check_in_code = models.CharField(
        _("check-in code"), max_length=6, default=new_check_in_code, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Kept by branches.lectures.counts from the register and the scores, for the year's figures.
    attendance_count = models.PositiveIntegerField(_("attendances"), default=0, db_default=0, editable=False)
    feedback_count = models.PositiveIntegerField(_("scores"), default=0, db_default=0, editable=False)
    feedback_total = models.PositiveIntegerField(_("sum of the scores"), default=0, db_default=0, editable=False)

    objects = LectureQuerySet.as_manager()

    class Meta:
        verbose_name = _("lecture")
        verbose_name_plural = _("lectures")
        ordering = ["-date", "-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="lecture_ends_after_start",
                violation_error_message=_("The lecture must end after it starts."),
            ),
        ]
        indexes = [
            models.Index(fields=["date"], name="lecture_date_idx"),
            models.Index(fields=["branch", "date"], name="lecture_branch_date_idx"),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.topic}"

    def get_absolute_url(self):
        return object_path("branches:lecture-detail", self.pk)

    def check_in_window(self):
        """When attendees may check in with the code: the lecture, give or take half an hour."""
        zone = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.date, self.starts_at, tzinfo=zone) - CHECK_IN_MARGIN
        end = datetime.datetime.combine(self.date, self.ends_at, tzinfo=zone) + CHECK_IN_MARGIN
        return start, end

    def is_check_in_open(self, at=None):
        start, end = self.check_in_window()
        return start <= (at or timezone.now()) <= end

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The lecture must end after it starts.")})


class CheckInMethod(models.TextChoices):
    REGISTER = "register", _("Entered by the organiser")
    CODE = "code", _("Checked in with the code")


class LectureAttendance(models.Model):
    lecture = models.ForeignKey(
        Lecture, verbose_name=_("lecture"), on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        "Person", verbose_name=_("attendee"), on_delete=models.CASCADE, related_name="lecture_attendances"
    )
    method = models.CharField(_("how"), max_length=12, choices=CheckInMethod.choices)
    checked_in_at = models.DateTimeField(_("checked in at"), default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance register")
        ordering = ["checked_in_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["lecture", "person"],
                name="attend_a_lecture_once",
                violation_error_message=_("This person is already on the register."),
            ),
        ]

    def __str__(self):
        return f"{self.person} @ {self.lecture}"


class LectureQuestion(models.Model):
    """答疑惑: a question raised at the lecture and the answer given."""

    lecture = models.ForeignKey(
        Lecture, verbose_name=_("lecture"), on_delete=models.CASCADE, related_name="questions"
    )
    question = models.TextField(_("question"), max_length=2000)
    asked_by = models.CharField(_("asked by"), max_length=60, blank=True)
    answer = models.TextField(_("answer"), max_length=4000, blank=True)
    answered_by = models.ForeignKey(
        "Person",
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lecture_answers",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("question and answer")
        verbose_name_plural = _("questions and answers")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.question[:40]


class LectureMaterial(models.Model):
    lecture = models.ForeignKey(
        Lecture, verbose_name=_("lecture"), on_delete=models.CASCADE, related_name="materials"
    )
    title = models.CharField(_("title"), max_length=120)
    file = StoredFileField(_("file"), folder="lectures", accepts="documents")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("lecture material")
        verbose_name_plural = _("lecture materials")
        ordering = ["pk"]

    def __str__(self):
        return self.title


class LectureFeedback(models.Model):
    """An attendee's score of the lecture (1 to 5) and an optional remark."""

    lecture = models.ForeignKey(
        Lecture, verbose_name=_("lecture"), on_delete=models.CASCADE, related_name="feedback"
    )
    person = models.ForeignKey(
        "Person", verbose_name=_("attendee"), on_delete=models.CASCADE, related_name="lecture_feedback"
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    remark = models.CharField(_("remark"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("lecture feedback")
        verbose_name_plural = _("lecture feedback")
        constraints = [
            models.UniqueConstraint(
                fields=["lecture", "person"],
                name="one_feedback_per_attendee",
                violation_error_message=_("You have already scored this lecture."),
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5),
                name="feedback_score_1_to_5",
                violation_error_message=_("The score is from 1 to 5."),
            ),
        ]

    def __str__(self):
        return f"{self.lecture}: {self.score}"


audit([Lecture, LectureAttendance, LectureFeedback], m2m_fields={Lecture: ["speakers"]})
