"""Honours won by the committee, its branches and its people, newest first."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from branches.honours.forms import HonourFilterForm
from branches.honours.models import Honour
from branches.kernel.periods import years_with_data

HONOURS_PER_PAGE = 30


@login_required
def honour_list(request):
    """Honours won by the committee, its branches and its people, newest first."""
    form = HonourFilterForm(request.GET, years=years_with_data())
    chosen = form.selected()
    honours = Honour.objects.visible_to(request.user).select_related("committee", "branch", "person")
    if chosen["year"] is not None:
        honours = honours.filter(year=chosen["year"])
    if chosen["level"]:
        honours = honours.filter(level=chosen["level"])
    page = Paginator(honours.order_by("-year", "title", "pk"), HONOURS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "honours/honour_list.html", {"form": form, "page": page})
