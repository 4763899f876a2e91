"""The brand report's named examples (二、主要做法): what the seed names beside its figures — the
branches' brands, a studio's dated firsts, the problem classes adopted, the best-rated
demonstration posts, the mentor pairs — drawn from what the app holds.

Each list is one query, whatever the data: its first rows, and in each row the number of all of
them (``COUNT(*) OVER ()``), so the page can say "and 8 more". A branch's report names its own
examples only, where the data has a branch: the brand of the branch, its leader's studio, the
classes its own problems were verified under, its nominees, its members' pairs.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Window
from django.utils.translation import gettext as _

from branches.mentoring.models import Mentorship
from branches.pledges.models import BranchBrand
from branches.ratings.models import Nomination
from services.problems.models import Problem, ProblemClass, ProblemStatus
from services.studios.models import StudioMilestone

SHOWN = 10  # the examples a list names; the others are counted


@dataclass(frozen=True)
class Example:
    name: str
    detail: str = ""


@dataclass(frozen=True)
class Examples:
    """A list of named examples: its title, the first :data:`SHOWN` and how many there are."""

    title: str
    items: list = field(default_factory=list)
    total: int = 0

    @property
    def more(self):
        return self.total - len(self.items)


def _first(queryset, user):
    """The first :data:`SHOWN` rows the user may see, each with the number of all of them."""
    if user is not None and hasattr(queryset, "visible_to"):
        queryset = queryset.visible_to(user)
    return list(queryset.annotate(all_of_them=Window(Count("pk")))[:SHOWN])


def _examples(title, rows, item):
    return Examples(title, [item(row) for row in rows], rows[0].all_of_them if rows else 0)


def branch_brands(period, *, branch=None, user=None):
    """一支部一品牌: every branch's brand (a brand has no date: those of today)."""
    brands = BranchBrand.objects.select_related("branch").order_by("branch__number", "pk")
    if branch is not None:
        brands = brands.filter(branch=branch)
    return _examples(
        _("The branches' brands"), _first(brands, user),
        lambda brand: Example(brand.name, " · ".join(part for part in [brand.branch.name, brand.slogan] if part)),
    )


def studio_firsts(period, *, branch=None, user=None):
    """The studios' dated firsts of the period, in date order."""
    firsts = StudioMilestone.objects.select_related("studio").filter(date__range=(period.start, period.end)).order_by("date", "pk")
    if branch is not None:
        firsts = firsts.filter(studio__leader__branch=branch)
    return _examples(
        _("The studios' firsts"), _first(firsts, user),
        lambda first: Example(first.title, f"{first.date.isoformat()} · {first.studio.name}"),
    )


def problem_classes(period, *, branch=None, user=None):
    """The problem classes adopted in the period (从一件小事解决一类难题); for a branch, those its
    own problems were verified under, as its figure counts them."""
    classes = ProblemClass.objects.filter(adopted_on__range=(period.start, period.end)).order_by("adopted_on", "pk")
    if branch is not None:
        classes = classes.filter(
            Exists(Problem.objects.filter(problem_class=OuterRef("pk"), branch=branch, status=ProblemStatus.VERIFIED))
        )
    return _examples(
        _("Problem classes adopted"), _first(classes, user),
        lambda adopted: Example(adopted.name, adopted.adopted_on.isoformat()),
    )


def best_rated_posts(period, *, branch=None, user=None):
    """The demonstration posts selected in the period's published rounds, best rated first."""
    posts = (
        Nomination.objects.selected()
        .filter(round__ends_on__range=(period.start, period.end))
        .select_related("person", "branch", "round")
        .order_by(F("total").desc(nulls_last=True), "-round__ends_on", "branch__number", "pk")
    )
    if branch is not None:
        posts = posts.filter(branch=branch)
    return _examples(
        _("Best-rated demonstration posts"), _first(posts, user),
        lambda post: Example(
            post.person.name,
            " · ".join(str(part) for part in [post.branch.name, post.post, post.round.ends_on.year, post.total] if part not in (None, "")),
        ),
    )


def mentor_pairs(period, *, branch=None, user=None):
    """The mentor pairs that ran in the period, those that began first first."""
    pairs = (
        Mentorship.objects.active_between(period.start, period.end)
        # the names of the ten shown, read after the window has counted them all: joined to every
        # pair of a province's year, the people made this list 15 ms
        .prefetch_related("mentor", "mentee")
        .order_by("starts_on", "pk")
    )
    if branch is not None:
        pairs = pairs.filter(mentee__branch=branch)
    return _examples(
        _("Mentor pairs"), _first(pairs, user),
        lambda pair: Example(
            _("%(mentor)s with %(mentee)s") % {"mentor": pair.mentor.name, "mentee": pair.mentee.name},
            f"{pair.get_kind_display()} · {pair.starts_on.isoformat()}",
        ),
    )
