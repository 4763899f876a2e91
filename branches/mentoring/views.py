"""导师帮带: mentor pairings, their session log and the secretary's evaluations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.kernel.messages import attempt
from branches.kernel.scope import get_object_for_user, scope_for
from branches.mentoring import actions
from branches.mentoring import selectors as passing_on
from branches.mentoring.filters import MentorshipFilter
from branches.mentoring.forms import (
    MentoringSessionForm,
    MentorshipEndForm,
    MentorshipEvaluationForm,
    MentorshipForm,
)
from branches.mentoring.models import Mentorship, MentorshipStatus

PAGE_SIZE = 30
SESSIONS_PER_PAGE = 20
STAGES = ("midterm", "final")


@login_required
def mentorship_list(request):
    pairs = passing_on.mentorships_for_list(Mentorship.objects.visible_to(request.user))
    pair_filter = MentorshipFilter(request.GET, queryset=pairs, user=request.user)
    page = Paginator(pair_filter.qs.order_by("status", "-starts_on", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "mentoring/mentorship_list.html",
        {"filter": pair_filter, "page": page, "can_create": scope_for(request.user).is_manager},
    )


@login_required
def mentorship_create(request):
    if not scope_for(request.user).is_manager:
        raise PermissionDenied
    form = MentorshipForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        pairing = attempt(form, lambda: actions.pair(form.save(commit=False)))
        if pairing is not None:
            messages.success(
                request,
                _("%(mentor)s now mentors %(mentee)s.")
                % {"mentor": pairing.mentor.name, "mentee": pairing.mentee.name},
            )
            return redirect(pairing)
    return render(request, "mentoring/mentorship_form.html", {"form": form})


def _in_pair(user, mentorship):
    person_id = scope_for(user).person_id
    return person_id is not None and person_id in (mentorship.mentor_id, mentorship.mentee_id)


def _render_detail(request, mentorship, *, forms=None):
    forms = forms or {}
    mentorship = passing_on.mentorship_detail(mentorship.pk)
    sessions = mentorship.sessions.select_related("written_by").order_by("-date", "-pk")
    page = Paginator(sessions, SESSIONS_PER_PAGE).get_page(request.GET.get("page"))
    is_active = mentorship.status == MentorshipStatus.ACTIVE
    context = {
        "pairing": mentorship,
        "page": page,
        "is_active": is_active,
        "in_pair": _in_pair(request.user, mentorship),
        "may_evaluate": actions.may_evaluate(request.user, mentorship),
    }
    if "session" in forms or (is_active and context["in_pair"]):
        context["session_form"] = forms.get("session") or MentoringSessionForm(mentorship=mentorship)
    if forms.keys() & {"midterm", "final", "end"} or (is_active and context["may_evaluate"]):
        context["midterm_form"] = forms.get("midterm") or MentorshipEvaluationForm(
            prefix="midterm",
            initial={"text": mentorship.midterm_evaluation, "rating": mentorship.midterm_rating},
        )
        context["final_form"] = forms.get("final") or MentorshipEvaluationForm(prefix="final")
        context["end_form"] = forms.get("end") or MentorshipEndForm()
    return render(request, "mentoring/mentorship_detail.html", context)


@login_required
def mentorship_detail(request, pk):
    mentorship = get_object_for_user(Mentorship, request.user, pk=pk)
    return _render_detail(request, mentorship)


@login_required
@require_POST
def mentorship_session_add(request, pk):
    mentorship = get_object_for_user(Mentorship, request.user, pk=pk)
    if not _in_pair(request.user, mentorship):
        raise PermissionDenied(_("Only the mentor and the mentee write the session log."))
    form = MentoringSessionForm(request.POST, mentorship=mentorship)
    if form.is_valid():
        attempt(form, lambda: actions.record_mentoring_session(mentorship, by=request.user, **form.cleaned_data))
    if not form.is_valid():
        return _render_detail(request, mentorship, forms={"session": form})
    messages.success(request, _("The session was added to the log."))
    return redirect(mentorship)


@login_required
@require_POST
def mentorship_evaluate(request, pk, stage):
    if stage not in STAGES:
        raise Http404
    mentorship = get_object_for_user(Mentorship.objects.select_related("mentee"), request.user, pk=pk)
    if not actions.may_evaluate(request.user, mentorship):
        raise PermissionDenied(_("Only the secretary of the mentee's branch evaluates the pairing."))
    form = MentorshipEvaluationForm(request.POST, prefix=stage)
    if form.is_valid():
        attempt(form, lambda: actions.evaluate_mentorship(
            mentorship, by=request.user, stage=stage, text=form.cleaned_data["text"], rating=form.cleaned_data["rating"]
        ))
    if not form.is_valid():
        return _render_detail(request, mentorship, forms={stage: form})
    if stage == "final":
        messages.success(request, _("The final evaluation was saved; the pairing is completed."))
    else:
        messages.success(request, _("The mid-term evaluation was saved."))
    return redirect(mentorship)


@login_required
@require_POST
def mentorship_end(request, pk):
    mentorship = get_object_for_user(Mentorship.objects.select_related("mentee"), request.user, pk=pk)
    if not actions.may_evaluate(request.user, mentorship):
        raise PermissionDenied(_("Only the secretary of the mentee's branch evaluates the pairing."))
    form = MentorshipEndForm(request.POST)
    if form.is_valid():
        attempt(form, lambda: actions.end_mentorship_early(mentorship, by=request.user, reason=form.cleaned_data["reason"]))
    if not form.is_valid():
        return _render_detail(request, mentorship, forms={"end": form})
    messages.success(request, _("The pairing was ended early."))
    return redirect(mentorship)
