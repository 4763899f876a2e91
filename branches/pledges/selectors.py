"""The queries behind the pledge board and a person's current pledge."""

from django.db.models import Count

from branches.kernel.queries import CountedPaginator
from branches.organisation.models import Branch


def current_pledge(person, year):
    for pledge in person.pledges.all():
        if pledge.year == year:
            return pledge
    return None


PLEDGE_ORDER = ("person__branch__number", "person__branch", "person__window__code", "person__name", "pk")


def pledge_board_page(pledges, *, page_number, per_page):
    """A page of ``pledges`` (scoped and filtered) in the board's order, branch by branch.

    Sorting a province's 18,000 pledges of a year, joined with their people, branches and
    windows, only to show 24 costs more than the page can spare (docs/PERFORMANCE.md). The
    pledges are counted per branch instead (which gives the total); the branches whose pledges
    fall on the page are worked out from those counts, and only their pledges are sorted. Three
    queries: the counts are grouped by branch alone and put in the branches' order afterwards,
    as sorting the 18,000 joined rows by branch number to group them added to the counting's cost.
    """
    n_of_branch = dict(pledges.order_by().values_list("person__branch").annotate(n=Count("*")))
    in_order = Branch.objects.order_by("number", "pk").values_list("pk", flat=True)
    counts = [(branch_id, n_of_branch[branch_id]) for branch_id in in_order if branch_id in n_of_branch]
    paginator = CountedPaginator([], per_page, count=sum(n_of_branch.values()))
    page = paginator.page(paginator.get_page(page_number).number)
    start, end = (page.number - 1) * per_page, page.number * per_page
    shown, skipped, seen = [], None, 0
    for branch_id, n in counts:
        if seen + n > start and seen < end:
            shown.append(branch_id)
            skipped = start - seen if skipped is None else skipped
        seen += n
    rows = pledges.filter(person__branch__in=shown).order_by(*PLEDGE_ORDER) if shown else pledges.none()
    page.object_list = list(rows[skipped or 0 : (skipped or 0) + per_page])
    return page
