"""The brand page, read by everyone signed in, and its texts kept by the committee office; the
pillar pages count "since the brand began" from the day it sets."""

import datetime

import pytest
from django.urls import reverse

from branches.brand.models import Brand, BrandPractice, Pillar
from branches.brand.selectors import since_the_brand_began
from tests.conftest import ROLES
from torchbearer.pillars import SINCE_THE_START

pytestmark = pytest.mark.django_db

PAGE = reverse("branches:party-brand")
EDIT = reverse("branches:party-brand-edit")


def brand_data(practices=(), **changes):
    data = {
        "name": "火炬手",
        "started_on": "2019-01-01",
        "introduction": "强化党建引领，打造“火炬手”党建品牌。",
        "logo_meaning": "手握火炬，代表党建强力引领。",
        "lead_meaning": "领跑，意党建引领。",
        "pass_on_meaning": "传承，意薪火相传。",
        "dedicate_meaning": "奉献，全心全意为人民服务。",
        "serve_meaning": "服务，是行政服务中心的核心内涵。",
        "practices-TOTAL_FORMS": str(len(practices)),
        "practices-INITIAL_FORMS": "0",
        "practices-MIN_NUM_FORMS": "0",
        "practices-MAX_NUM_FORMS": "1000",
    }
    for index, practice in enumerate(practices):
        data.update({f"practices-{index}-{key}": value for key, value in practice.items()})
    data.update(changes)
    return data


PRACTICE = {"ordering": "1", "pillar": Pillar.LEAD, "title": "党建引领，融合标准规范，提升“组织力”", "text": "培树品牌。"}


@pytest.fixture
def brand(office):
    brand = Brand.objects.create(committee=office.committee, name="火炬手", started_on=datetime.date(2019, 1, 1), lead_meaning="领跑")
    BrandPractice.objects.create(brand=brand, ordering=1, pillar=Pillar.PASS_ON, title="薪火相传", text="政务讲堂")
    return brand


class TestThePage:
    @pytest.mark.parametrize("role", ROLES)
    def test_everyone_signed_in_reads_it(self, login, role, brand):
        response = login(role).get(PAGE)
        assert response.status_code == 200
        assert "薪火相传" in response.content.decode()
        assert (EDIT in response.content.decode()) is (role == "committee_admin")

    def test_it_asks_to_log_in_first(self, client, brand):
        assert client.get(PAGE).status_code == 302

    def test_before_the_brand_is_written_it_says_so(self, login):
        response = login("staff_a").get(PAGE)
        assert response.status_code == 200
        assert response.context["brand"] is None and response.context["pillars"] == []

    def test_its_queries_are_few_however_many_practices(self, login, brand, django_assert_max_num_queries):
        client = login("staff_a")
        BrandPractice.objects.bulk_create(
            BrandPractice(brand=brand, pillar=Pillar.SERVE, title=f"做法{n}", text="…") for n in range(10)
        )
        with django_assert_max_num_queries(12):
            assert client.get(PAGE).status_code == 200


class TestEditing:
    @pytest.mark.parametrize("role", [role for role in ROLES if role != "committee_admin"])
    def test_only_the_committee_administrator_edits_it(self, login, role, brand):
        client = login(role)
        assert client.get(EDIT).status_code == 403
        assert client.post(EDIT, brand_data(name="改名")).status_code == 403
        assert Brand.objects.get().name == "火炬手"

    def test_the_committee_office_writes_the_brand_down_the_first_time(self, login, office):
        response = login("committee_admin").post(EDIT, brand_data([PRACTICE]))
        assert response.status_code == 302, response.context and response.context["form"].errors
        brand = Brand.objects.get()
        assert (brand.committee, brand.name, brand.started_on) == (office.committee, "火炬手", datetime.date(2019, 1, 1))
        assert list(brand.practices.values_list("title", "pillar")) == [(PRACTICE["title"], Pillar.LEAD)]
        assert brand.history.first().history_user == office.users["committee_admin"]

    def test_a_practice_is_changed_and_another_removed(self, login, brand):
        practice = brand.practices.get()
        data = brand_data(
            [{"id": practice.pk, "ordering": "2", "pillar": Pillar.SERVE, "title": "服务至上", "text": "四端协同", "DELETE": ""},
             {**PRACTICE, "id": ""}],
            **{"practices-INITIAL_FORMS": "1"},
        )
        assert login("committee_admin").post(EDIT, data).status_code == 302
        assert sorted(brand.practices.values_list("title", flat=True)) == sorted(["服务至上", PRACTICE["title"]])
        data = brand_data([{"id": practice.pk, **PRACTICE, "title": "服务至上", "DELETE": "on"}], **{"practices-INITIAL_FORMS": "1"})
        assert login("committee_admin").post(EDIT, data).status_code == 302
        assert not BrandPractice.objects.filter(pk=practice.pk).exists()

    @pytest.mark.parametrize(
        "changes",
        [
            {"name": ""},
            {"name": "火" * 41},
            {"started_on": "9999-01-01"},
            {"started_on": "0001-01-01"},
            {"started_on": "明年"},
            {"introduction": "字" * 4001},
            {"practices-0-title": "重" * 101},
            {"practices-0-pillar": "elsewhere"},
            {"practices-0-ordering": "-1"},
            {"practices-TOTAL_FORMS": "99999"},
        ],
    )
    def test_bad_input_is_refused_and_nothing_is_saved(self, login, brand, changes):
        response = login("committee_admin").post(EDIT, brand_data([PRACTICE], **changes))
        assert response.status_code == 200
        brand.refresh_from_db()
        assert (brand.name, brand.started_on, brand.practices.count()) == ("火炬手", datetime.date(2019, 1, 1), 1)

    def test_two_practices_with_one_title_are_refused(self, login, brand):
        response = login("committee_admin").post(EDIT, brand_data([PRACTICE, PRACTICE]))
        assert response.status_code == 200
        assert response.context["practices"].non_form_errors()
        assert brand.practices.count() == 1


class TestSinceTheBrandBegan:
    def test_it_counts_from_the_day_the_committee_office_sets(self, brand):
        assert since_the_brand_began(2021).start == datetime.date(2019, 1, 1)
        brand.started_on = datetime.date(2020, 6, 1)
        brand.save()
        assert since_the_brand_began(2021).start == datetime.date(2020, 6, 1)

    @pytest.mark.parametrize("page", ["pillar-lead", "pillar-pass-on", "pillar-dedicate", "pillar-serve"])
    def test_every_pillar_page_shows_it(self, login, brand, page):
        response = login("staff_a").get(reverse(page), {"year": 2021})
        assert response.status_code == 200
        assert response.context["since_the_start"]["start"] == datetime.date(2019, 1, 1)
        tiles = response.context["since_the_start"]["tiles"]
        assert [tile.key for tile in tiles] == SINCE_THE_START[page.removeprefix("pillar-").replace("-", "_")]
