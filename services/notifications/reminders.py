"""The reminders of the daily run: dates coming near, and what someone still owes.

Each function finds, for one kind of event, who should be told what on ``today``, as
(recipient id, kind, key, message, url) rows for :func:`actions.send_reminders`; the key names the
event (a measure's deadline, a lecture, a round's phase), so that each person is told once
however often the run goes. Messages are written in the office's language.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from branches.lectures.models import Lecture, LectureAttendance, LectureFeedback
from branches.people.development import MINIMUM_WAITS, years_after, years_before
from branches.people.models import Person, PoliticalStatus
from branches.people.selectors import due_for_next_step_q, manager_user_ids
from branches.ratings.models import Nomination, RatingRound, RoundStatus, Score
from services.notifications import actions
from services.notifications.models import NotificationKind
from services.problems.models import Measure

DEADLINE_NEAR_DAYS = 3  # a measure's owner is told this many days before its deadline
FEEDBACK_DAYS = 7  # an attendee is asked for feedback on lectures of the past week
PROBATION_NOTICE_DAYS = 30  # a probation ending within a month is announced


def send_all(today):
    """Every reminder due on ``today``; returns {kind: how many new notices}."""
    sent = {}
    with translation.override(settings.LANGUAGE_CODE):
        for kind, reminders in REMINDERS:
            sent[kind] = actions.send_reminders(reminders(today))
    return sent


def measure_deadlines(today):
    """To each open measure's owner: its deadline is within three days, and again once it is past."""
    measures = (
        Measure.objects.filter(
            done_on=None,
            deadline__lte=today + datetime.timedelta(days=DEADLINE_NEAR_DAYS),
            owner__is_active=True,
            owner__user__is_active=True,
        )
        .select_related("owner", "problem")
        .order_by("deadline", "pk")
    )
    for measure in measures:
        if measure.deadline < today:
            key, text = f"measure:{measure.pk}:past", gettext("A measure you own is past its deadline (%(date)s): %(measure)s")
        else:
            key, text = f"measure:{measure.pk}:near", gettext("A measure you own is due on %(date)s: %(measure)s")
        message = text % {"date": measure.deadline.isoformat(), "measure": measure.description[:120]}
        yield measure.owner.user_id, NotificationKind.DEADLINE, key, message, measure.problem.get_absolute_url()


def rating_phases(today):
    """A round taking nominations: to the managers of every branch that has nominated nobody yet.
    A round being scored: to every rater who has not scored yet."""
    for rating_round in RatingRound.objects.filter(status=RoundStatus.NOMINATING).order_by("pk"):
        url = reverse("branches:rating-round-detail", args=[rating_round.pk])
        nominated = Nomination.objects.filter(round=rating_round).values("branch")
        branches = Person.objects.exclude(branch_role="").exclude(branch__in=nominated).values("branch")
        message = gettext("Nominations are open for %(round)s: your branch has not nominated anyone yet.") % {
            "round": rating_round.title
        }
        for user_ids in manager_user_ids(branches).values():
            for user_id in user_ids:
                yield user_id, NotificationKind.RATING, f"rating:{rating_round.pk}:nominate", message, url
    for rating_round in RatingRound.objects.filter(status=RoundStatus.SCORING).order_by("pk"):
        url = reverse("branches:rating-score", args=[rating_round.pk])
        message = gettext("Scoring is open for %(round)s: your scores are owed.") % {"round": rating_round.title}
        raters = (
            rating_round.raters.filter(person__is_active=True, person__user__is_active=True)
            .exclude(person__in=Score.objects.filter(nomination__round=rating_round).values("rater"))
            .values_list("person__user_id", flat=True)
        )
        for user_id in raters:
            yield user_id, NotificationKind.RATING, f"rating:{rating_round.pk}:score", message, url


def lectures(today):
    """The day before a lecture, to its audience (the organising branch, or everyone for the
    committee's own); in the week after, to each attendee who has given no feedback."""
    tomorrow = today + datetime.timedelta(days=1)
    users = get_user_model().objects.filter(is_active=True, person__is_active=True)
    for lecture in Lecture.objects.filter(date=tomorrow).order_by("pk"):
        audience = users if lecture.branch_id is None else users.filter(person__branch=lecture.branch_id)
        message = gettext("Tomorrow at %(time)s: lecture “%(topic)s”, %(place)s.") % {
            "time": lecture.starts_at.strftime("%H:%M"), "topic": lecture.topic, "place": lecture.place,
        }
        for user_id in audience.order_by("pk").values_list("pk", flat=True):
            yield user_id, NotificationKind.LECTURE, f"lecture:{lecture.pk}:tomorrow", message, lecture.get_absolute_url()
    owed = (
        LectureAttendance.objects.filter(
            lecture__date__range=(today - datetime.timedelta(days=FEEDBACK_DAYS), today - datetime.timedelta(days=1)),
            person__user__is_active=True,
        )
        .exclude(Exists(LectureFeedback.objects.filter(lecture=OuterRef("lecture"), person=OuterRef("person"))))
        .select_related("lecture", "person")
        .order_by("lecture", "person")
    )
    for attendance in owed:
        lecture = attendance.lecture
        message = gettext("You attended “%(topic)s”: how was it? Your feedback is owed.") % {"topic": lecture.topic}
        url = reverse("branches:lecture-feedback", args=[lecture.pk])
        yield attendance.person.user_id, NotificationKind.LECTURE, f"lecture:{lecture.pk}:feedback", message, url


def development_steps(today):
    """Once a month, to each branch's managers: how many of its people have waited long enough
    for their next development step (an activist's year of observation)."""
    activists_due = due_for_next_step_q(today) & Q(political_status__lt=PoliticalStatus.PROBATIONARY)
    counts = dict(
        Person.objects.filter(activists_due, is_active=True)
        .values_list("branch")
        .annotate(n=Count("*"))
        .order_by()
    )
    url = reverse("branches:development-pipeline") + "?due=on"
    key = f"development:{today:%Y-%m}"
    for branch_id, user_ids in manager_user_ids(list(counts)).items():
        count = counts[branch_id]
        message = ngettext(
            "%(count)d person of your branch is due for the next development step.",
            "%(count)d people of your branch are due for the next development step.",
            count,
        ) % {"count": count}
        for user_id in user_ids:
            yield user_id, NotificationKind.DEVELOPMENT, key, message, url


def probations(today):
    """A probationary member's year ends within a month: to them and to their branch's managers,
    who prepare the vote on full membership."""
    wait = MINIMUM_WAITS[PoliticalStatus.FULL]
    ending = Person.objects.filter(
        is_active=True,
        political_status=PoliticalStatus.PROBATIONARY,
        stage_since__gt=years_before(today, wait.years),
        stage_since__lte=years_before(today + datetime.timedelta(days=PROBATION_NOTICE_DAYS), wait.years),
    ).order_by("pk")
    ending = list(ending)
    managers = manager_user_ids({person.branch_id for person in ending})
    for person in ending:
        ends_on = years_after(person.stage_since, wait.years)
        key = f"probation:{person.pk}:{ends_on.isoformat()}"
        to_managers = gettext("The probation of %(name)s ends on %(date)s: prepare the vote on full membership.") % {
            "name": person.name, "date": ends_on.isoformat(),
        }
        for user_id in managers.get(person.branch_id, []):
            if user_id != person.user_id:
                yield user_id, NotificationKind.PROBATION, key, to_managers, person.get_absolute_url()
        if person.user_id is not None:
            to_person = gettext("Your probation ends on %(date)s.") % {"date": ends_on.isoformat()}
            yield person.user_id, NotificationKind.PROBATION, key, to_person, reverse("branches:my-page")


REMINDERS = [
    (NotificationKind.DEADLINE, measure_deadlines),
    (NotificationKind.RATING, rating_phases),
    (NotificationKind.LECTURE, lectures),
    (NotificationKind.DEVELOPMENT, development_steps),
    (NotificationKind.PROBATION, probations),
]
