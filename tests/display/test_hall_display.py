"""The hall display: opened by a screen's token without a login, read only, nothing personal,
404 alike for unknown and revoked tokens, cheap (cached, bounded queries)."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from branches.display import actions
from branches.display.models import HallDisplay
from branches.ratings.models import RoundStatus
from services.records.actions import approve
from tests.conftest import figure
from tests.factories import (
    BranchBrandFactory,
    LectureFactory,
    PersonFactory,
    ServicePledgeFactory,
    ServiceRecordFactory,
    WindowFactory,
)
from tests.ratings.factories import (
    NominationFactory,
    RatingRoundFactory,
    selected_nomination,
)
from torchbearer import display as hall

pytestmark = pytest.mark.django_db


@pytest.fixture
def screen(office):
    return actions.issue_display("一楼大厅入口", by=office.users["committee_admin"])


def url(token):
    return reverse("hall-display", args=[token])


def at_window(office, index, branch=None, **fields):
    """A party member in post at a window of their own, with a displayed pledge for this year."""
    branch = branch or (office.branch_a if index % 2 else office.branch_b)
    window = WindowFactory(area=office.window_a.area, covering_branch=branch, code=f"C-{index:03d}", name=f"综合窗口{index}")
    person = PersonFactory(branch=branch, window=window, name=f"窗口党员{index:03d}", **fields)
    ServicePledgeFactory(person=person, text=f"承诺{index:03d}：一次办好")
    return person


def get(client, token):
    cache.delete(hall.CACHE_KEY)
    return client.get(url(token))


class TestTheToken:
    def test_a_screen_in_use_opens_it_without_a_login(self, client, screen):
        response = client.get(url(screen.token))
        assert response.status_code == 200
        assert "微笑服务，一次办好" in response.content.decode()  # staff_a's pledge, at window A-01

    @pytest.mark.parametrize(
        "token",
        ["a" * 32, "x", "a" * 500, "../../etc/passwd", "%00", " " * 40, "ÄÖÜ" * 12],
        ids=["unknown", "short", "very long", "path", "NUL", "spaces", "non-ascii"],
    )
    def test_any_other_address_is_not_found(self, client, screen, token):
        assert client.get(f"/display/{token}/").status_code == 404

    def test_a_revoked_screen_looks_exactly_like_an_unknown_one(self, client, office, screen):
        actions.revoke_display(screen, by=office.users["committee_admin"])
        revoked = client.get(url(screen.token))
        unknown_token = "b" * len(screen.token)
        unknown = client.get(url(unknown_token))
        assert revoked.status_code == unknown.status_code == 404

        def same(response, token):  # but for the address itself and the form key of the language switcher
            page = response.content.decode().replace(token, "TOKEN")
            return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)

        assert same(revoked, screen.token) == same(unknown, unknown_token)

    def test_revoking_takes_effect_at_once_even_with_the_slides_cached(self, client, office, screen):
        assert client.get(url(screen.token)).status_code == 200
        actions.revoke_display(screen, by=office.users["committee_admin"])
        assert client.get(url(screen.token)).status_code == 404

    @pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
    def test_it_is_read_only(self, client, screen, method):
        assert getattr(client, method)(url(screen.token)).status_code == 405

    def test_head_is_answered(self, client, screen):
        assert client.head(url(screen.token)).status_code == 200

    def test_it_notes_when_the_screen_was_last_seen(self, client, screen):
        client.get(url(screen.token))
        screen.refresh_from_db()
        assert timezone.now() - screen.last_seen_at < datetime.timedelta(seconds=5)


class TestWhatItShows:
    def test_it_shows_the_pledges_at_the_windows_with_name_and_window_only(self, client, office, screen):
        people = [at_window(office, index) for index in range(3)]
        page = get(client, screen.token).content.decode()
        for person in people:
            pledge = person.pledges.get()
            assert pledge.text in page and person.name in page and person.window.code in page
            for private in [person.phone, person.id_number, person.birth_date.isoformat(), person.staff_number]:
                assert private not in page

    def test_nothing_personal_of_anyone_shown_reaches_the_page(self, client, office, screen):
        rating_round = RatingRoundFactory(status=RoundStatus.PUBLISHED)
        post = selected_nomination(office, rating_round, at_window(office, 1), post="企业开办综合窗口")
        speaker = at_window(office, 2)
        today = timezone.localdate()
        LectureFactory(date=today, topic="优化营商环境", speakers=[speaker])
        page = get(client, screen.token).content.decode()
        assert post.post in page and speaker.name in page and "优化营商环境" in page
        everyone = [*office.people.values(), post.person, speaker]
        for person in everyone:
            for private in [person.phone, person.id_number]:
                assert private not in page
        assert not re.search(r"1[3-9]\d{9}", page), "a mobile number"
        assert not re.search(r"\d{17}[\dX]", page), "an ID number"

    def test_pledges_not_displayed_or_of_people_away_from_a_window_are_not_shown(self, client, office, screen):
        hidden = at_window(office, 1)
        hidden.pledges.update(displayed=False)
        left = at_window(office, 2, is_active=False)
        closed = at_window(office, 3)
        closed.window.is_active = False
        closed.window.save()
        no_window = PersonFactory(branch=office.branch_a, name="无窗口党员")
        ServicePledgeFactory(person=no_window, text="没有窗口的承诺")
        page = get(client, screen.token).content.decode()
        for person in [hidden, left, closed]:
            assert person.pledges.get().text not in page
        assert "没有窗口的承诺" not in page

    def test_it_shows_last_years_pledges_until_this_years_are_made(self, client, office, screen):
        office.people["staff_a"].pledges.update(year=timezone.localdate().year - 1)
        assert "微笑服务，一次办好" in get(client, screen.token).content.decode()

    def test_it_shows_a_screens_worth_of_pledges_in_slides(self, client, office, screen):
        for index in range(hall.PLEDGES_SHOWN + 5):
            at_window(office, index)
        page = get(client, screen.token).content.decode()
        assert page.count('class="tb-hall-pledge"') == hall.PLEDGES_SHOWN
        assert page.count('data-tb-slide="pledges"') == hall.PLEDGES_SHOWN // hall.PLEDGES_PER_SLIDE

    def test_it_shows_the_demonstration_posts_of_the_last_published_round_only(self, client, office, screen):
        old = RatingRoundFactory(status=RoundStatus.PUBLISHED, starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2020, 12, 31))
        new = RatingRoundFactory(status=RoundStatus.PUBLISHED)
        draft = RatingRoundFactory(status=RoundStatus.DECIDED, starts_on=datetime.date(2022, 1, 1), ends_on=datetime.date(2022, 12, 31))
        selected_nomination(office, old, at_window(office, 1), post="旧一轮的岗位")
        selected_nomination(office, new, at_window(office, 2), post="新一轮的岗位")
        NominationFactory(round=new, person=at_window(office, 3), post="未入选的岗位")
        selected_nomination(office, draft, at_window(office, 4), post="未公布的岗位")
        page = get(client, screen.token).content.decode()
        assert "新一轮的岗位" in page and new.title in page
        for hidden in ["旧一轮的岗位", "未入选的岗位", "未公布的岗位"]:
            assert hidden not in page

    def test_it_shows_the_years_figures_from_the_registry(self, client, office, screen):
        record = ServiceRecordFactory(person=office.people["staff_a"], hours=3, date=timezone.localdate())
        approve(record, by=office.users["secretary_a"])
        response = get(client, screen.token)
        tiles = {tile.key: tile for tile in response.context["figures"]}
        year = timezone.localdate().year
        assert list(tiles) == hall.FIGURES
        assert tiles["service_hours"].value == figure("service_hours", year) == 3
        assert tiles["satisfaction_rate"].shown == "—"

    def test_it_shows_this_months_lectures_and_no_other(self, client, office, screen):
        today = timezone.localdate()
        LectureFactory(date=today, topic="本月讲座", place="三楼会议室", speakers=[office.people["secretary_a"]])
        LectureFactory(date=today.replace(day=1) - datetime.timedelta(days=1), topic="上月讲座")
        page = get(client, screen.token).content.decode()
        assert "本月讲座" in page and "三楼会议室" in page and "secretary_a" in page
        assert "上月讲座" not in page
        assert page.count('data-tb-slide="lecture"') == 1

    def test_without_a_lecture_there_is_no_lecture_slide(self, client, screen):
        assert 'data-tb-slide="lecture"' not in get(client, screen.token).content.decode()

    def test_it_shows_the_branch_brands(self, client, office, screen):
        BranchBrandFactory(branch=office.branch_a, name="红色窗口", slogan="一次办好")
        assert "红色窗口" in get(client, screen.token).content.decode()

    def test_long_texts_are_shown_whole(self, client, office, screen):
        person = at_window(office, 1)
        person.pledges.update(text="长" * 80)
        page = get(client, screen.token).content.decode()
        assert "长" * 80 in page


class TestHowItIsServed:
    def test_it_tells_browsers_and_robots_to_keep_nothing_and_pass_no_address_on(self, client, screen):
        response = client.get(url(screen.token))
        assert "no-store" in response["Cache-Control"]
        assert response["Referrer-Policy"] == "no-referrer"
        assert "noindex" in response["X-Robots-Tag"]
        page = response.content.decode()
        assert '<meta name="robots" content="noindex, nofollow">' in page
        assert '<meta name="referrer" content="no-referrer">' in page

    def test_its_scripts_are_files_of_the_app_not_inline(self, client, screen):
        page = client.get(url(screen.token)).content.decode()
        scripts = re.findall(r"<script[^>]*>", page)
        assert scripts and all('src="/static/' in script for script in scripts)
        assert "hall-display.js" in page
        assert 'data-tb-seconds="15"' in page

    def test_the_seconds_per_slide_come_from_the_settings(self, client, screen, settings):
        settings.HALL_DISPLAY_SECONDS = 4
        assert 'data-tb-seconds="4"' in client.get(url(screen.token)).content.decode()

    def test_it_shows_nothing_of_whoever_is_signed_in_on_the_screen(self, login, screen):
        page = login("secretary_a").get(url(screen.token)).content.decode()
        assert "secretary_a" not in page and "csrfmiddlewaretoken" not in page

    def test_the_slides_are_composed_once_a_minute(self, client, screen, django_assert_max_num_queries):
        client.get(url(screen.token))
        with django_assert_max_num_queries(1):  # the token alone
            assert client.get(url(screen.token)).status_code == 200

    def test_the_query_count_does_not_grow_with_the_data(self, client, office, screen):
        def queries():
            cache.delete(hall.CACHE_KEY)
            HallDisplay.objects.update(last_seen_at=None)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url(screen.token)).status_code == 200
            return len(captured)

        def grow(start, count):
            rating_round = RatingRoundFactory(status=RoundStatus.PUBLISHED, title=f"轮次{start}")
            for index in range(start, start + count):
                person = at_window(office, index)
                selected_nomination(office, rating_round, person, post=f"岗位{index}")
                LectureFactory(date=timezone.localdate(), speakers=[person])
                BranchBrandFactory(branch=PersonFactory().branch, name=f"品牌{index}")

        grow(0, 1)
        small = queries()
        grow(1, 60)
        large = queries()
        assert small == large <= 20
