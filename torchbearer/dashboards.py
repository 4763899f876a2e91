"""What each role's dashboard shows, built on the apps' selectors."""

from branches import selectors
from branches.models import Branch, DevelopmentStep, Honour, Person, PoliticalStatus
from services import selectors as service_selectors


def committee_dashboard(*, year):
    branches = Branch.objects.all()
    figures = selectors.branch_figures(branches, year=year)
    return {
        "figures": figures,
        "totals": _totals(figures),
        "coverage": selectors.window_coverage(),
        "development": selectors.development_counts(None, year=year),
        "stages": DevelopmentStep.STAGES,
        "honours": Honour.objects.select_related("committee", "branch", "person").order_by("-year", "title")[:8],
    }


def branch_dashboard(branch_id, *, year):
    branch = Branch.objects.get(pk=branch_id)
    figures = selectors.branch_figures(Branch.objects.filter(pk=branch_id), year=year)[0]
    return {
        "branch": branch,
        "figures": figures,
        "coverage": selectors.window_coverage(branch=branch),
        "development": selectors.development_counts([branch_id], year=year),
        "stages": DevelopmentStep.STAGES,
        "pipeline": Person.objects.filter(branch=branch_id, political_status__in=[
            PoliticalStatus.APPLICANT,
            PoliticalStatus.ACTIVIST,
            PoliticalStatus.CANDIDATE,
            PoliticalStatus.PROBATIONARY,
        ])
        .select_related("group")
        .order_by("-political_status", "name"),
    }


def staff_dashboard(person, *, year):
    person = selectors.person_detail(person.pk, Person.objects.all())
    return {
        "person": person,
        "pledge": selectors.current_pledge(person, year),
        "record_counts": service_selectors.my_record_counts(person),
    }


def _totals(figures):
    fields = [
        "people",
        "party_members",
        "probationary",
        "in_development",
        "groups",
        "windows",
        "windows_in_zones",
        "pledges",
    ]
    return {name: sum(getattr(item, name) for item in figures) for name in fields}
