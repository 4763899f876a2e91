"""政务讲堂: the lecture calendar, planning a lecture, the lecture page and checking in by code,
and what hangs on the lecture page (register, questions, handouts, feedback). Over 400 lines:
every view here opens one lecture through the same scope and reads best beside the others."""

import datetime
import re
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from branches.kernel import uploads
from branches.kernel.fields import whole_number
from branches.kernel.messages import attempt
from branches.kernel.queries import years_spanned
from branches.kernel.scope import get_object_for_user, scope_for
from branches.kernel.throttle import CHECK_IN
from branches.lectures import actions, qr
from branches.lectures import selectors as passing_on
from branches.lectures.forms import (
    CheckInForm,
    LectureCalendarForm,
    LectureFeedbackForm,
    LectureForm,
    LectureMaterialForm,
    LectureQuestionForm,
    LectureRegisterForm,
)
from branches.lectures.models import (
    Lecture,
    LectureAttendance,
    LectureFeedback,
    LectureMaterial,
    LectureQuestion,
)
from branches.organisation.models import Branch

CHECK_IN_CODE = re.compile(r"[0-9]{6}")

PAGE_SIZE = 30


def _calendar_years(requested=""):
    """Years with lectures, this year and the next, and any plausible year asked for in the URL."""
    years = set(years_spanned(Lecture.objects.all(), "date"))
    this_year = timezone.localdate().year
    years.update({this_year, this_year + 1})
    year = whole_number(requested)
    if year is not None and 2000 <= year <= this_year + 5:
        years.add(year)
    return sorted(years, reverse=True)


def _month_from(request):
    month = whole_number(request.GET.get("month"))
    return month if month is not None and 1 <= month <= 12 else None


@login_required
def lecture_list(request):
    """The calendar of a year: twelve months, each with its lectures; a past month without any is flagged."""
    scope = scope_for(request.user)
    form = LectureCalendarForm(request.GET or None, years=_calendar_years(request.GET.get("year", "")))
    chosen = form.selected()
    year, branch = chosen["year"], chosen["branch"]
    month = _month_from(request)
    lectures = Lecture.objects.visible_to(request.user)
    if branch is not None:
        lectures = lectures.filter(branch=branch)
    months = passing_on.lecture_calendar(lectures, year)
    page = None
    if month:
        page = Paginator(passing_on.lectures_of_month(lectures, year, month), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    attended = set()
    if scope.person is not None:
        attended = set(
            LectureAttendance.objects.filter(person=scope.person, lecture__date__year=year).values_list(
                "lecture_id", flat=True
            )
        )
    return render(
        request,
        "lectures/lecture_list.html",
        {
            "filter_form": form,
            "year": year,
            "branch": branch,
            "months": months,
            "month": months[month - 1] if month else None,
            "page": page,
            "attended": attended,
            "can_create": scope.is_manager,
            "can_check_in": scope.person is not None,
        },
    )


@login_required
def lecture_create(request):
    if not scope_for(request.user).is_manager:
        raise PermissionDenied
    form = LectureForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        lecture = attempt(form, lambda: actions.save_lecture(
            form.save(commit=False), speakers=form.cleaned_data["speakers"], by=request.user
        ))
        if lecture is not None:
            messages.success(
                request,
                _("The lecture “%(topic)s” was planned. Its check-in code is %(code)s.")
                % {"topic": lecture.topic, "code": lecture.check_in_code},
            )
            return redirect(lecture)
    return render(request, "lectures/lecture_form.html", {"form": form, "lecture": None})


@login_required
def lecture_edit(request, pk):
    lecture = get_object_for_user(Lecture, request.user, manage=True, pk=pk)
    form = LectureForm(request.POST or None, instance=lecture, user=request.user)
    if request.method == "POST" and form.is_valid() and attempt(form, lambda: actions.save_lecture(
        form.save(commit=False), speakers=form.cleaned_data["speakers"], by=request.user
    )):
        messages.success(request, _("The changes to the lecture were saved."))
        return redirect(lecture)
    return render(request, "lectures/lecture_form.html", {"form": form, "lecture": lecture})


def _register_branch(request, lecture, scope):
    """Whose people the organiser ticks: the organising branch, or one chosen from a list."""
    branches = Branch.objects.order_by("number")
    if not scope.manages_all:
        branches = branches.filter(pk__in=scope.managed_branch_ids)
    branches = list(branches)
    chosen = request.GET.get("register_branch", "")
    for branch in branches:
        if chosen == str(branch.pk):
            return branch, branches
    default = lecture.branch_id or (scope.person.branch_id if scope.person else None)
    for branch in branches:
        if branch.pk == default:
            return branch, branches
    return (branches[0] if branches else None), branches


def _render_detail(request, lecture, *, forms=None):
    """The lecture page; ``forms`` holds a bound form that failed, to show again with its errors."""
    forms = forms or {}
    scope = scope_for(request.user)
    person = scope.person
    lecture = passing_on.lecture_detail(lecture.pk)
    may_run = actions.may_run_lecture(request.user, lecture)
    speakers = list(lecture.speakers.all())
    is_speaker = person is not None and any(speaker.pk == person.pk for speaker in speakers)
    attendances = list(lecture.attendances.all())
    on_register = person is not None and any(item.person_id == person.pk for item in attendances)
    has_scored = on_register and LectureFeedback.objects.filter(lecture=lecture, person=person).exists()
    now = timezone.now()
    check_in_opens, check_in_closes = lecture.check_in_window()
    context = {
        "lecture": lecture,
        "speakers": speakers,
        "attendances": attendances,
        "feedback": passing_on.lecture_feedback(lecture),
        "may_run": may_run,
        "is_speaker": is_speaker,
        "on_register": on_register,
        "has_scored": has_scored,
        "check_in_open": lecture.is_check_in_open(now),
        "check_in_opens": check_in_opens,
        "check_in_closes": check_in_closes,
        "check_in_upcoming": now < check_in_opens,
    }
    if may_run:
        branch, branches = _register_branch(request, lecture, scope)
        register_form = forms.get("register") or LectureRegisterForm(lecture=lecture, branch=branch)
        context["register_branch"] = register_form.branch
        context["register_branches"] = branches
        context["register_form"] = register_form
        context["material_form"] = forms.get("material") or LectureMaterialForm(lecture=lecture)
    if may_run or is_speaker:
        context["question_form"] = forms.get("question") or LectureQuestionForm(
            lecture=lecture, initial={"answered_by": person.pk if is_speaker else None}
        )
    if "check_in" in forms or (person is not None and not on_register and context["check_in_open"]):
        context["check_in_form"] = forms.get("check_in") or CheckInForm()
    if (on_register and not has_scored) or "feedback" in forms:
        context["feedback_form"] = forms.get("feedback") or LectureFeedbackForm()
    return render(request, "lectures/lecture_detail.html", context)


@login_required
def lecture_detail(request, pk):
    lecture = get_object_for_user(Lecture, request.user, pk=pk)
    return _render_detail(request, lecture)


@login_required
def lecture_projector(request, pk):
    """The check-in code and its QR code, full screen, for the projector in the lecture room."""
    lecture = get_object_for_user(Lecture.objects.select_related("branch"), request.user, manage=True, pk=pk)
    opens, closes = lecture.check_in_window()
    link = qr.check_in_link(request, lecture)
    return render(
        request,
        "lectures/lecture_projector.html",
        {
            "lecture": lecture,
            "check_in_opens": opens,
            "check_in_closes": closes,
            "link": link,
            "qr_svg": qr.check_in_svg(link),
        },
    )


@login_required
def lecture_check_in_link(request, code):
    """Where the QR code leads (/c/<code>): the check-in page with the code filled in."""
    target = reverse("branches:lecture-check-in")
    if CHECK_IN_CODE.fullmatch(code):
        target += "?" + urlencode({"code": code})
    return redirect(target)


@login_required
@require_POST
def lecture_register(request, pk):
    lecture = get_object_for_user(Lecture, request.user, manage=True, pk=pk)
    branch_id = whole_number(request.POST.get("branch", "") or lecture.branch_id)
    if branch_id is None:
        raise Http404
    branch = get_object_or_404(Branch, pk=branch_id)
    scope = scope_for(request.user)
    if not scope.can_manage_branch(branch.pk):
        raise PermissionDenied
    form = LectureRegisterForm(request.POST, lecture=lecture, branch=branch)
    if not form.is_valid():
        return _render_detail(request, lecture, forms={"register": form})
    added = actions.register_attendance(lecture, form.cleaned_data["people"], by=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)s person was added to the register.",
            "%(count)s people were added to the register.",
            added,
        )
        % {"count": added},
    )
    return redirect(lecture)


@login_required
@require_POST
def lecture_question_add(request, pk):
    lecture = get_object_for_user(Lecture, request.user, pk=pk)
    if not actions.may_record_questions(request.user, lecture):
        raise PermissionDenied(_("Only the organisers and the speakers record questions and answers."))
    form = LectureQuestionForm(request.POST, lecture=lecture)
    if not (form.is_valid() and attempt(form, lambda: actions.save_question(form.save(commit=False), by=request.user))):
        return _render_detail(request, lecture, forms={"question": form})
    messages.success(request, _("The question was recorded."))
    return redirect(f"{lecture.get_absolute_url()}#questions")


@login_required
def lecture_question_edit(request, pk, question_pk):
    """A question answered after the lecture, or corrected, by an organiser or a speaker."""
    lecture = get_object_for_user(Lecture, request.user, pk=pk)
    question = get_object_or_404(LectureQuestion.objects.select_related("answered_by"), lecture=lecture, pk=question_pk)
    if not actions.may_record_questions(request.user, lecture):
        raise PermissionDenied(_("Only the organisers and the speakers record questions and answers."))
    person = scope_for(request.user).person
    initial = {}
    if not question.answered_by_id and person is not None and lecture.speakers.filter(pk=person.pk).exists():
        initial["answered_by"] = person.pk  # a speaker answering a question answers it themself
    form = LectureQuestionForm(request.POST or None, instance=question, lecture=lecture, initial=initial)
    if request.method == "POST" and form.is_valid() and attempt(
        form, lambda: actions.save_question(form.save(commit=False), by=request.user)
    ):
        messages.success(request, _("The question and its answer were saved."))
        return redirect(f"{lecture.get_absolute_url()}#questions")
    return render(request, "lectures/question_form.html", {"form": form, "lecture": lecture, "question": question})


@login_required
@require_POST
def lecture_material_add(request, pk):
    lecture = get_object_for_user(Lecture, request.user, manage=True, pk=pk)
    form = LectureMaterialForm(request.POST, request.FILES, lecture=lecture)
    if not (form.is_valid() and attempt(form, lambda: actions.add_material(form.save(commit=False), by=request.user))):
        return _render_detail(request, lecture, forms={"material": form})
    messages.success(request, _("The material “%(title)s” was uploaded.") % {"title": form.instance.title})
    return redirect(f"{lecture.get_absolute_url()}#materials")


@login_required
@require_POST
def lecture_material_remove(request, pk, material_pk):
    lecture = get_object_for_user(Lecture, request.user, manage=True, pk=pk)
    material = get_object_or_404(LectureMaterial, lecture=lecture, pk=material_pk)
    actions.remove_material(material, by=request.user)
    messages.success(request, _("The material “%(title)s” was removed.") % {"title": material.title})
    return redirect(f"{lecture.get_absolute_url()}#materials")


@login_required
def lecture_material_download(request, pk, material_pk):
    lecture = get_object_for_user(Lecture, request.user, pk=pk)
    material = get_object_or_404(LectureMaterial, lecture=lecture, pk=material_pk)
    try:
        return uploads.file_response(material.file, filename=material.title)
    except FileNotFoundError:
        raise Http404 from None


@login_required
@require_POST
def lecture_attend(request, pk):
    """An attendee checks in from the lecture page with the code shown in the room."""
    lecture = get_object_for_user(Lecture, request.user, pk=pk)
    person = scope_for(request.user).person
    if person is None:
        raise PermissionDenied(_("Your login is not linked to a person of the roster."))
    form = CheckInForm(request.POST)
    if form.is_valid() and not _throttled(request, form):
        try:
            actions.check_in(lecture, person, code=form.cleaned_data["code"])
        except ValidationError as error:
            _failed_check_in(request, error)
            form.add_error("code", error)
    if not form.is_valid():
        return _render_detail(request, lecture, forms={"check_in": form})
    messages.success(request, _("You are checked in. Welcome!"))
    return redirect(lecture)


@login_required
@require_POST
def lecture_feedback(request, pk):
    lecture = get_object_for_user(Lecture, request.user, pk=pk)
    person = scope_for(request.user).person
    if person is None:
        raise PermissionDenied(_("Your login is not linked to a person of the roster."))
    form = LectureFeedbackForm(request.POST)
    if form.is_valid():
        attempt(form, lambda: actions.give_feedback(
            lecture, person, score=form.cleaned_data["score"], remark=form.cleaned_data["remark"]
        ))
    if not form.is_valid():
        return _render_detail(request, lecture, forms={"feedback": form})
    messages.success(request, _("Thank you for your feedback."))
    return redirect(lecture)


@login_required
def lecture_check_in(request):
    """The phone page: type the code shown in the room; it finds today's lecture with that code."""
    person = scope_for(request.user).person
    if person is None:
        return render(request, "people/my_page_missing.html")
    code = request.GET.get("code", "")
    form = CheckInForm(request.POST or None, initial={"code": code} if CHECK_IN_CODE.fullmatch(code) else None)
    if request.method == "POST" and form.is_valid() and not _throttled(request, form):
        lecture = _lecture_for_code(request.user, form.cleaned_data["code"])
        if lecture is None:
            CHECK_IN.failed(request)
            form.add_error("code", actions.no_lecture_open())
        else:
            try:
                actions.check_in(lecture, person, code=form.cleaned_data["code"])
            except ValidationError as error:
                _failed_check_in(request, error)
                form.add_error("code", error)
            else:
                messages.success(
                    request, _("You are checked in to “%(topic)s”. Welcome!") % {"topic": lecture.topic}
                )
                return redirect(lecture)
    return render(request, "lectures/lecture_check_in.html", {"form": form})


def _throttled(request, form):
    """Whether the user (or their address) tried too many wrong codes lately; the form says so."""
    if CHECK_IN.blocked(request):
        form.add_error("code", _("Too many codes were tried; wait ten minutes, then try again."))
        return True
    return False


def _failed_check_in(request, error):
    if error.code in ("wrong_code", "check_in_closed"):
        CHECK_IN.failed(request)


def _lecture_for_code(user, code):
    """The lecture around today with this code, preferring one whose check-in is open now."""
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    candidates = list(
        Lecture.objects.visible_to(user)
        .filter(check_in_code=code, date__range=(today - day, today + day))
        .order_by("date", "starts_at")
    )
    now = timezone.now()
    for lecture in candidates:
        if lecture.is_check_in_open(now):
            return lecture
    for lecture in candidates:
        if lecture.date == today:
            return lecture
    return candidates[0] if candidates else None
