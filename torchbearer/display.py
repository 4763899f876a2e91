"""The hall display (大厅显示屏): a read-only, full-screen page for the hall's screens, opened
without a login by the address of a screen the committee office issued (branches.display).

It composes what the hall may read on a wall: the pledges at the windows, the demonstration
posts of the last published round, the year's figures from the registry, this month's lecture and
the branches' brands, one slide at a time (static/js/hall-display.js; without JavaScript every
slide shows, one under the other). Nothing personal: of a person, only the name the hall reads
at their window beside the pledge, the post or the lecture.

Every screen of the hall reloads the page every few minutes, so the slides are composed once a
minute at most (Django's cache, keyed by nothing personal) and each request costs the token's
look-up and, once a minute, the write of when the screen was last seen.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models import BooleanField, Case, Max, Value, When
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from branches.brand.models import Brand
from branches.display import actions, selectors
from branches.kernel import figures
from branches.kernel.figures import Tile
from branches.kernel.periods import Period
from branches.lectures.models import Lecture
from branches.pledges.models import BranchBrand, ServicePledge
from branches.ratings.models import Nomination, RatingRound

#: The registry's figures of the year the display shows (branches.kernel.figures).
FIGURES = [
    "service_hours", "door_to_door_enterprises", "practical_deeds", "themed_party_days", "people_reached",
    "satisfaction_rate",
]
PLEDGES_PER_SLIDE = 6
PLEDGES_SHOWN = 36  # a few minutes of slides; the next minute's composition shows the next ones
POSTS_PER_SLIDE = 6
POSTS_SHOWN = 36
BRANDS_PER_SLIDE = 6
BRANDS_SHOWN = 24
LECTURES_SHOWN = 3
CACHE_KEY = "torchbearer:hall-display"
CACHE_SECONDS = 60
#: The page reloads itself, after a full round of slides, once this much time has passed.
RELOAD_SECONDS = 300


def seconds_per_slide():
    """How long each slide shows: settings.HALL_DISPLAY_SECONDS (15 s unless set), a second at least."""
    return max(1, int(settings.HALL_DISPLAY_SECONDS))


@require_safe
@never_cache
def hall_display(request, token):
    """The display of the screen whose address this is; 404 for any other address, a revoked
    screen's included (the same page: nothing says whether the token ever existed)."""
    display = selectors.display_for_token(token)
    if display is None:
        raise Http404
    actions.record_seen(display)
    slides = cache.get(CACHE_KEY)
    if slides is None:
        slides = compose()
        cache.set(CACHE_KEY, slides, CACHE_SECONDS)
    # Rendered without the request: no context processor runs, so nothing of whoever is signed in
    # on the screen's browser reaches the page (and no query is made for them).
    html = render_to_string(
        "display/hall.html",
        {
            **slides,
            "figures": _tiles(slides["figures"]),
            "pledge_slides": _pages(slides["pledges"], PLEDGES_PER_SLIDE),
            "post_slides": _pages(slides["posts"], POSTS_PER_SLIDE),
            "brand_slides": _pages(slides["brands"], BRANDS_PER_SLIDE),
            "seconds": seconds_per_slide(),
            "reload_seconds": RELOAD_SECONDS,
            "now": timezone.localtime(),
        },
    )
    response = HttpResponse(html)
    # The token is the screen's key: no link or resource the page loads is told the address.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def compose(today=None):
    """Everything the slides show, as plain values (cached as they are): a fixed number of
    queries whatever the number of pledges, posts, lectures and brands."""
    today = today or timezone.localdate()
    return {
        "brand_name": Brand.objects.order_by("pk").values_list("name", flat=True).first() or "",
        **_pledges(today),
        **_posts(),
        "year": today.year,
        "figures": figures.evaluate(FIGURES, Period.year(today.year)),
        "lectures": _lectures(today),
        "brands": list(
            BranchBrand.objects.order_by("branch__number", "pk").values("name", "slogan", "branch__name")[:BRANDS_SHOWN]
        ),
    }


def _pledges(today):
    """The pledges displayed at the windows, of the latest year that has any (up to this one): of
    members in post at a window in service. Three queries; ``PLEDGES_SHOWN`` of them, the next
    ones each minute, so that every pledge of a large hall comes round."""
    shown = ServicePledge.objects.filter(
        displayed=True, person__is_active=True, person__window__isnull=False, person__window__is_active=True
    )
    year = shown.filter(year__lte=today.year).aggregate(latest=Max("year"))["latest"]
    if year is None:
        return {"pledge_year": None, "pledges": []}
    shown = shown.filter(year=year)
    total = shown.count()
    # the next screenful each minute; the last one of the round ends with the last pledge
    start = (int(timezone.now().timestamp()) // CACHE_SECONDS * PLEDGES_SHOWN) % total if total > PLEDGES_SHOWN else 0
    start = max(0, min(start, total - PLEDGES_SHOWN))
    rows = shown.order_by("person__window__code", "person__name", "pk").values(
        "text", "person__name", "person__window__code", "person__window__name"
    )
    return {"pledge_year": year, "pledges": list(rows[start:start + PLEDGES_SHOWN])}


def _posts():
    """The members selected as demonstration posts in the last published round: two queries."""
    rating_round = RatingRound.objects.published().order_by("-starts_on", "-pk").values("pk", "title").first()
    if rating_round is None:
        return {"round_title": "", "posts": []}
    posts = (
        Nomination.objects.selected().filter(round=rating_round["pk"])
        .order_by("branch__number", "person__name", "pk")
        .values("post", "person__name", "branch__name", "window__code")[:POSTS_SHOWN]
    )
    return {"round_title": rating_round["title"], "posts": list(posts)}


def _lectures(today):
    """This month's lectures, those still to come first, with their speakers' names: two queries."""
    past = Case(When(date__lt=today, then=Value(True)), default=Value(False), output_field=BooleanField())
    lectures = list(
        Lecture.objects.in_month(today.year, today.month)
        .annotate(past=past)
        .order_by("past", "date", "starts_at", "pk")
        .values("pk", "topic", "date", "starts_at", "ends_at", "place", "branch__name", "past")[:LECTURES_SHOWN]
    )
    speakers = {}
    if lectures:
        through = Lecture.speakers.through.objects.filter(lecture__in=[lecture["pk"] for lecture in lectures])
        for lecture_id, name in through.order_by("person__name", "pk").values_list("lecture", "person__name"):
            speakers.setdefault(lecture_id, []).append(name)
    return [{**lecture, "speakers": speakers.get(lecture["pk"], [])} for lecture in lectures]


def _tiles(values):
    """The figures as tiles (label and unit in the page's language), without their links: the
    lists behind them are for those signed in."""
    return [
        Tile(key, figures.get(key).label, figures.get(key).unit, values[key], "")
        for key in FIGURES
    ]


def _pages(items, size):
    return [items[start:start + size] for start in range(0, len(items), size)]
