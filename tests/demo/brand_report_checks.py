"""The demo's brand report for 2019–2021 reproduces the seed document: its sections in order
(一、品牌介绍, 二、主要做法, 三、创建成效), the figures of its results and of its practices, and the
examples it names — the branches' brands, the studio's firsts, the problem classes, the
demonstration posts, the mentor pairs."""

import io
import time
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _
from docx import Document

from branches.brand.models import Brand, Pillar
from torchbearer.reports import word
from torchbearer.reports.brand_report import PILLAR_KEYS, compose
from torchbearer.reports.report import period_report

pytestmark = pytest.mark.django_db

SPAN = {"from": 2019, "to": 2021}
#: 三、创建成效 and 二、主要做法 (三), 2019–2021 (the demo's figures over the three years).
SEED_TOTALS = {
    "deeds_for_masses": 351,  # 为群众办实事351件
    "deeds_for_enterprises": 213,  # 为企业解难题213件
    "demonstration_posts_selected": 72,  # 评选出72名“党员示范岗”
    "applications_submitted": 13,  # 13名同志向党组织递交入党申请书
    "new_activists": 4,  # 4名同志发展为入党积极分子
    "new_party_members": 8,  # 8名同志发展为党员
    "satisfaction_rate": Decimal("99.87"),  # 满意率连续三年达99.87%
    "joint_items": 42,  # 首创42项多部门联办事项
    "joint_items_average_speedup": Decimal("29.00"),  # 办事平均提速29%
    "investment_projects_average_speedup": Decimal("50.00"),  # 审批平均提速50%
    "problem_classes": 18,  # 解决……等18类问题
}
#: 2021年，开展了218小时的延时服务、为37家企业提供113人次上门服务; 99.87 % each year.
SEED_2021 = {
    "extended_service_hours": Decimal("218"),
    "door_to_door_enterprises": 37,
    "door_to_door_person_times": 113,
}


@pytest.fixture
def admin():
    return get_user_model().objects.get(username="admin")


@pytest.fixture
def report(admin):
    return compose(period_report(2019, 2021, extra=PILLAR_KEYS), user=admin)


def row(brand_report, key):
    return next(row for row in brand_report.table.rows if row.key == key)


def named(brand_report, title):
    return next(found for section in brand_report.pillars for found in section.examples if found.title == title)


class TestTheResults:
    """三、创建成效: the results table of 2019–2021, each year beside the total."""

    def test_the_table_sets_each_year_beside_the_total(self, report):
        assert report.table.headings == ["2019—2021", "2019", "2020", "2021"]

    @pytest.mark.parametrize(("key", "seed"), SEED_TOTALS.items())
    def test_each_total_is_the_seeds(self, report, key, seed):
        assert row(report, key).values[0] == seed

    @pytest.mark.parametrize(("key", "seed"), SEED_2021.items())
    def test_2021_is_the_seeds(self, report, key, seed):
        assert row(report, key).values[3] == seed

    def test_the_satisfaction_rate_is_the_seeds_each_year(self, report):
        assert row(report, "satisfaction_rate").values == [Decimal("99.87")] * 4

    def test_the_three_years_honours_are_the_seeds(self, report):
        five_stars = [honour for honour in report.honours if "五星级基层党组织" in honour]
        assert [honour[:4] for honour in five_stars] == ["2019", "2020", "2021"]

    def test_the_command_gives_the_same_totals(self, capsys):
        import json

        from django.core.management import call_command

        call_command("annual_report", "--from", "2019", "--to", "2021", "--format", "json")
        printed = json.loads(capsys.readouterr().out)
        for key, seed in SEED_TOTALS.items():
            assert printed[key] == (float(seed) if isinstance(seed, Decimal) else seed), key
        assert printed["years"]["2021"]["door_to_door_person_times"] == 113


class TestThePractices:
    """二、主要做法: each pillar's figures and the examples the seed names."""

    def test_the_dedicate_pillar_counts_the_seeds_deeds(self, report):
        dedicate = next(section for section in report.pillars if section.pillar == Pillar.DEDICATE)
        assert [figure.value for figure in dedicate.figures[:2]] == [351, 213]

    def test_it_names_the_branches_brands(self, report):
        brands = [item.name for item in named(report, _("The branches' brands")).items]
        assert {"政务服务议事厅", "创业晓管家", "红色聚能环"} <= set(brands)

    def test_it_names_the_studios_firsts_of_the_period(self, report):
        firsts = named(report, _("The studios' firsts"))
        titles = [item.name for item in firsts.items]
        assert "发放宁波市第一份全流程电子化营业执照" in titles
        assert all("王晓晓注册官工作室" in item.detail for item in firsts.items)
        assert all("2019" <= item.detail[:4] <= "2021" for item in firsts.items)

    def test_it_names_the_18_problem_classes(self, report):
        classes = named(report, _("Problem classes adopted"))
        assert classes.total == 18
        assert classes.items[0].name == "占道经营许可"

    def test_it_names_the_best_rated_of_the_72_demonstration_posts(self, report):
        posts = named(report, _("Best-rated demonstration posts"))
        assert posts.total == 72
        totals = [Decimal(item.detail.rsplit(" · ", 1)[1]) for item in posts.items]
        assert totals == sorted(totals, reverse=True)

    def test_it_names_mentor_pairs(self, report):
        pairs = named(report, _("Mentor pairs"))
        assert pairs.total == row(report, "active_mentorships").values[0] > 0

    def test_it_shows_the_photos_of_the_documents_years(self, report):
        """As the seed's: 政入社区, 助企小分队, 上门服务, drawn for the demo."""
        assert len(report.photos) == 6
        assert all(2019 <= found.record.date.year <= 2021 for found in report.photos)
        assert {found.kind.slug for found in report.photos} <= {"activity", "service"}

    def test_a_branch_names_its_own(self, admin):
        from branches.organisation.models import Branch

        fourth = Branch.objects.get(number=4)
        own = compose(period_report(2019, 2021, branch=fourth, extra=PILLAR_KEYS), branch=fourth, user=admin)
        assert [item.name for item in named(own, _("The branches' brands")).items] == ["创业晓管家"]
        assert "发放宁波市第一份全流程电子化营业执照" in [item.name for item in named(own, _("The studios' firsts")).items]


class TestTheBrand:
    """一、品牌介绍 and the practices' texts, as the committee office keeps them."""

    @pytest.fixture(autouse=True)
    def brand(self):
        brand = Brand.objects.first()
        if brand is None:
            pytest.skip("The demo has no brand written down yet (branches.demo.brand).")
        return brand

    def test_it_introduces_the_brand_as_the_seed(self, report, brand):
        assert report.brand.name == "火炬手"
        assert "凝心聚力打造“火炬手”党建品牌" in report.brand.introduction
        assert "手握火炬" in report.brand.logo_meaning
        meanings = dict(report.brand.pillar_meanings())
        assert meanings[Pillar.LEAD].startswith("领跑，意党建引领")
        assert meanings[Pillar.SERVE].startswith("服务，是行政服务中心的核心内涵")

    def test_its_practices_stand_under_their_pillars_as_the_seeds_three(self, report):
        practices = [(section.pillar, number, practice.title) for section in report.pillars for number, practice in section.practices]
        assert [number for _pillar, number, _title in practices] == ["（一）", "（二）", "（三）"]
        assert [title[:4] for _pillar, _number, title in practices] == ["党建引领", "薪火相传", "服务至上"]

    def test_the_word_file_reads_as_the_seed(self, client, admin):
        client.force_login(admin)
        response = client.get(reverse("annual-report-file", args=["docx"]), SPAN)
        document = Document(io.BytesIO(response.content))
        headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
        assert headings == [_("1. The brand"), _("2. Main practices"), _("3. Results")]
        texts = "\n".join(p.text for p in document.paragraphs)
        for seed in ["凝心聚力打造“火炬手”党建品牌", "主画面手握火炬", "（一）党建引领", "政务服务议事厅", "宁波市第一份全流程电子化营业执照", "占道经营许可"]:
            assert seed in texts, seed
        assert len(document.inline_shapes) >= 1  # the logo
        (table,) = document.tables
        cells = {row.cells[0].text: [cell.text for cell in row.cells[1:]] for row in table.rows[1:]}
        assert cells[str(row_label("deeds_for_masses"))][0] == "351"


def row_label(key):
    from branches.kernel import figures

    return figures.get(key).label


def test_the_word_file_of_2019_to_2021_is_built_in_well_under_a_second(admin, report):
    """docs/PERFORMANCE.md quotes the time: the document alone, its figures and examples read."""
    started = time.perf_counter()
    content = word.document(report)
    elapsed = time.perf_counter() - started
    assert Document(io.BytesIO(content)).tables
    assert elapsed < 1.0, elapsed
