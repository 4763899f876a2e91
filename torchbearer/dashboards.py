"""The landing page after login, shaped by the user's role: the committee office sees every branch
side by side, a branch's managers their branch, a staff member their own year. It composes the
registry's figures (``branches.kernel.figures``) and the features' selectors."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.honours.models import Honour
from branches.kernel import figures
from branches.kernel.forms import QuarterFilterForm
from branches.kernel.periods import Period, quarter_start, years_with_data
from branches.kernel.queries import counts_by_branch
from branches.kernel.scope import Role, scope_for
from branches.lectures.models import Lecture
from branches.mentoring.models import Mentorship
from branches.organisation import selectors as organisation
from branches.organisation.models import Branch, PartyGroup
from branches.people import selectors as people
from branches.people.figures import DEVELOPMENT_STEPS
from branches.people.models import Person
from branches.pledges import selectors as pledges
from services.patrols import selectors as patrols
from services.records import figures as records
from services.records import selectors as record_selectors
from torchbearer.replica import reads_figures
from torchbearer.todo import todo_items

BRANCHES_PER_PAGE = 20
HONOURS_SHOWN = 8
DUTIES_SHOWN = 8  # the coming duties on a member's page; the rota has the rest
MY_FIGURES = ["service_hours", "practical_deeds", "lectures_attended", "lectures_given", "pairings"]


@login_required
@reads_figures
def dashboard(request):
    scope = scope_for(request.user)
    form = QuarterFilterForm(request.GET or None, years=years_with_data())
    chosen = form.selected()
    period = chosen["period"]
    if scope.sees_all:
        context = committee_dashboard(period, page_number=request.GET.get("page"))
        template = "dashboard/committee.html"
    elif scope.role in (Role.SECRETARY, Role.BRANCH_COMMITTEE):
        context = branch_dashboard(scope.person.branch_id, period)
        template = "dashboard/branch.html"
    elif scope.person is not None:
        context = staff_dashboard(scope.person, period)
        template = "dashboard/staff.html"
    else:
        context = {}
        template = "dashboard/no_person.html"
    year, quarter = chosen["year"], chosen["quarter"]
    context["year"] = year
    context["quarter"] = quarter
    context["period_label"] = (
        _("%(year)s, quarter %(quarter)s") % {"year": year, "quarter": quarter}
        if quarter
        else _("the year %(year)s") % {"year": year}
    )
    context["year_form"] = form
    context["todo"] = todo_items(request.user)
    context["led_groups"] = PartyGroup.objects.filter(pk__in=scope.led_group_ids).order_by("name")
    if scope.person is not None and not scope.sees_all:
        context.update(my_duties(scope.person))
    return render(request, template, context)


def committee_dashboard(period, *, page_number=None):
    """Every branch side by side, a page of branches at a time (a province has a thousand), with
    the committee's totals over all of them."""
    branches = Branch.objects.select_related("brand", "committee").order_by("number", "pk")
    page = Paginator(branches, BRANCHES_PER_PAGE).get_page(page_number)
    shown = list(page.object_list)
    coverage = organisation.coverage_summary()
    year = period.start.year
    return {
        "page": page,
        "service_rows": service_by_branch(shown, period),
        "trend": records.monthly_trend(Period.year(year)),
        "figures": organisation.branch_figures(shown, year=year),
        "totals": organisation.organisation_totals(year=year, coverage=coverage),
        "coverage": coverage,
        "development": list(figures.tiles(DEVELOPMENT_STEPS, Period.year(year)).values()),
        "honours": Honour.objects.select_related("committee", "branch", "person").order_by("-year", "title")[:HONOURS_SHOWN],
    }


def branch_dashboard(branch_id, period):
    branch = Branch.objects.select_related("brand", "committee").get(pk=branch_id)
    year = period.start.year
    quiet = list(
        records.members_without_activity(quarter_start(timezone.localdate()), branch=branch)
        .order_by("name")
        .only("pk", "name", "branch_id")
    )
    return {
        "service_rows": service_by_branch([branch], period, quiet={branch.pk: len(quiet)}),
        "trend": records.monthly_trend(Period.year(year), branch=branch),
        "quiet_members": quiet,
        "branch": branch,
        "figures": organisation.branch_figures([branch], year=year)[0],
        "summary": organisation.coverage_summary(branch=branch),
        "coverage": organisation.window_coverage(branch=branch),
        "development": list(figures.tiles(DEVELOPMENT_STEPS, Period.year(year), branch).values()),
        "pipeline": Person.objects.filter(branch=branch_id, political_status__in=people.IN_DEVELOPMENT)
        .select_related("group")
        .order_by("-political_status", "name"),
    }


def staff_dashboard(person, period):
    person = people.person_detail(person.pk, Person.objects.all())
    mine = figures.evaluate_per_person(MY_FIGURES, period, [person.pk])
    return {
        "person": person,
        "pledge": pledges.current_pledge(person, period.start.year),
        "record_counts": record_selectors.my_record_counts(person),
        "my_year": {key: mine[key].get(person.pk, 0) for key in MY_FIGURES},
    }


def my_duties(person):
    """The person's duties on the branch's rota, the coming ones first (a card of their page)."""
    today = timezone.localdate()
    coming, earlier = patrols.my_duties(person, today)
    return {
        "today": today,
        "duties_coming": coming[:DUTIES_SHOWN],
        "duties_more": len(coming) - DUTIES_SHOWN,
        "duties_earlier": earlier,
    }


def service_by_branch(branches, period, *, quiet=None):
    """Each of ``branches`` (a list) at a glance for the period: waiting records, approved service
    hours and deeds (from the registry), lectures, pairs active now, and the members with no
    approved activity in the current quarter (``quiet``, when counted already: ``{branch id: n}``).
    Two queries: the figures from the tallies, and every count at once."""
    ids = [branch.pk for branch in branches]
    by_branch = figures.evaluate_by_branch(["service_hours", "practical_deeds"], period, ids)
    parts = {
        **records.waiting_parts(ids),
        "lectures": (Lecture.objects.filter(date__range=(period.start, period.end), branch__in=ids), "branch"),
        "pairs": (Mentorship.objects.active().filter(mentee__branch__in=ids), "mentee__branch"),
    }
    if quiet is None:
        since = quarter_start(timezone.localdate())
        parts["quiet"] = (records.members_without_activity(since, branch_ids=ids), "branch")
    counts = counts_by_branch(parts)
    waiting = records.total_waiting(counts)
    quiet = counts["quiet"] if quiet is None else quiet
    return [
        {
            "branch": branch,
            "waiting": waiting.get(branch.pk, 0),
            "hours": by_branch["service_hours"].get(branch.pk, 0),
            "deeds": by_branch["practical_deeds"].get(branch.pk, 0),
            "lectures": counts["lectures"].get(branch.pk, 0),
            "pairs": counts["pairs"].get(branch.pk, 0),
            "quiet": quiet.get(branch.pk, 0),
        }
        for branch in branches
    ]
