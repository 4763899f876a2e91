"""The brand report reads like the seed document: 一、品牌介绍, 二、主要做法 (each practice under its
pillar, the pillar's figures, named examples, photos), 三、创建成效 (results, honours) — on the page
and in the Word file the office edits; a branch's report names its own examples."""

import datetime
import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from docx import Document

from branches.brand.models import Brand, BrandPractice, Pillar
from branches.ratings.models import RoundStatus
from services.problems.models import Problem, ProblemClass
from services.studios.models import StudioMilestone
from tests.conftest import query_count
from tests.factories import (
    BranchBrandFactory,
    HonourFactory,
    MentorshipFactory,
    PersonFactory,
    PracticalDeedFactory,
    ServiceActivityFactory,
    StudioFactory,
)
from tests.ratings.factories import NominationFactory, RatingRoundFactory
from tests.records.helpers import image_upload, photographed
from torchbearer.reports import examples
from torchbearer.reports.brand_report import PILLAR_KEYS, compose
from torchbearer.reports.report import period_report, report_with_previous_year, span

pytestmark = pytest.mark.django_db

D = datetime.date
URL = reverse("annual-report")
WORD = reverse("annual-report-file", args=["docx"])
SPAN = {"from": 2019, "to": 2021}
SECTIONS = ["1. The brand", "2. Main practices", "3. Results"]


def the_brand(office, *, logo=False):
    brand = Brand.objects.create(
        committee=office.committee,
        name="火炬手",
        introduction="凝心聚力打造“火炬手”党建品牌。\n综合运用“三融合三提升”。",
        logo_meaning="主画面手握火炬，代表党建强力引领。",
        lead_meaning="领跑，意党建引领。",
        pass_on_meaning="传承，意“薪火相传”。",
        dedicate_meaning="奉献，是全心全意为人民服务宗旨的体现。",
        serve_meaning="",
    )
    if logo:
        brand.logo.save("logo.png", image_upload(size=(1600, 1600)))
    BrandPractice.objects.create(brand=brand, ordering=1, pillar=Pillar.LEAD, title="党建引领，提升“组织力”", text="开展“一支部一品牌”活动。")
    BrandPractice.objects.create(brand=brand, ordering=2, pillar=Pillar.PASS_ON, title="薪火相传，提升“战斗力”", text="举办“政务讲堂”。")
    BrandPractice.objects.create(brand=brand, ordering=3, pillar=Pillar.SERVE, title="服务至上，提升“满意率”", text="开展“百名党员办实事”活动。")
    return brand


def the_examples(office, *, many=1, prefix=""):
    """Brands, a studio's firsts, classes, posts and pairs, in and out of 2019–2021, for both branches."""
    for branch, name in [(office.branch_a, "政务服务议事厅"), (office.branch_b, "创业晓管家")]:
        if not hasattr(branch, "brand"):
            BranchBrandFactory(branch=branch, name=name, slogan="从一件小事解决一类难题")
    studio = StudioFactory(leader=office.people["secretary_b"])
    StudioMilestone.objects.create(studio=studio, date=D(2019, 11, 8), title="发放宁波市第一份全流程电子化营业执照")
    StudioMilestone.objects.create(studio=studio, date=D(2022, 3, 1), title="二〇二二年的首创")
    rating_round = RatingRoundFactory(starts_on=D(2021, 1, 1), ends_on=D(2021, 12, 31), status=RoundStatus.PUBLISHED)
    later_round = RatingRoundFactory(starts_on=D(2022, 1, 1), ends_on=D(2022, 12, 31), status=RoundStatus.PUBLISHED)
    for number in range(many):
        for branch, total in [(office.branch_a, 88 + number % 5), (office.branch_b, 95)]:
            NominationFactory(round=rating_round, person=PersonFactory(branch=branch), selected=True, total=total)
        NominationFactory(round=later_round, person=PersonFactory(branch=office.branch_a), selected=True, total=99)
        adopted = ProblemClass.objects.create(name=f"{prefix}占道经营许可{number}", rule="一次告知", adopted_on=D(2020, 3, 1))
        Problem.objects.create(
            title="问题", description="", source="window", branch=office.branch_a, found_on=D(2020, 1, 1), status="verified",
            resolved_on=D(2020, 2, 1), verified_on=D(2020, 3, 1), problem_class=adopted,
        )
        ProblemClass.objects.create(name=f"{prefix}黑白章效用{number}", rule="统一用章", adopted_on=D(2021, 5, 1))
        ProblemClass.objects.create(name=f"{prefix}二〇一八年的类别{number}", rule="无", adopted_on=D(2018, 5, 1))
        MentorshipFactory(mentor=PersonFactory(branch=office.branch_a, name=f"师傅{number}"), mentee=PersonFactory(branch=office.branch_a, name=f"徒弟{number}"), starts_on=D(2020, 3, 1))
        MentorshipFactory(mentor=PersonFactory(branch=office.branch_b), mentee=PersonFactory(branch=office.branch_b), starts_on=D(2023, 3, 1), planned_end=D(2023, 12, 31))


def photos(office, count=2, *, with_files=False):
    admin = office.users["committee_admin"]
    made = []
    for number in range(count):
        made.append(photographed(ServiceActivityFactory(person=office.people["staff_a"], date=D(2021, 3, 1 + number)), approve_by=admin))
    if with_files:
        from services.records.photos import RecordPhoto

        for photo in RecordPhoto.objects.all():
            for name in (photo.image.name, photo.thumbnail.name):
                path = settings.MEDIA_ROOT / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(image_upload(image_format="JPEG", size=(2000, 1200)).read())
    return made


def word(response):
    return Document(io.BytesIO(response.content))


def styled(document, style):
    return [paragraph.text for paragraph in document.paragraphs if paragraph.style.name == style]


class TestTheSections:
    def test_the_word_file_has_the_seeds_sections_in_order(self, login, office):
        document = word(login("committee_admin").get(WORD, SPAN))
        assert styled(document, "Heading 1") == [_(section) for section in SECTIONS]
        assert styled(document, "Heading 2")[:4] == [str(pillar.label) for pillar in Pillar]
        assert styled(document, "Heading 2")[-1] == _("Honours")

    def test_without_a_brand_the_report_says_its_texts_are_not_written_yet(self, login, office):
        not_yet = _("The brand's texts are not written yet: the committee office writes them on the brand page.")
        response = login("committee_admin").get(URL, SPAN)
        assert response.context["brand_report"].brand is None
        assert not_yet in response.content.decode().replace("&#x27;", "'")
        assert not_yet in [paragraph.text for paragraph in word(login("committee_admin").get(WORD, SPAN)).paragraphs]

    def test_the_brand_section_holds_the_committees_texts(self, login, office, media_root):
        the_brand(office, logo=True)
        page = login("committee_admin").get(URL, SPAN).content.decode()
        for text in ["凝心聚力打造“火炬手”党建品牌。", "主画面手握火炬", "领跑，意党建引领。", "传承，意“薪火相传”。"]:
            assert text in page
        document = word(login("committee_admin").get(WORD, SPAN))
        texts = [paragraph.text for paragraph in document.paragraphs]
        assert document.paragraphs[0].text.startswith(_("“%(brand)s” brand report %(period)s") % {"brand": "火炬手", "period": "2019—2021"})
        assert "凝心聚力打造“火炬手”党建品牌。" in texts and "综合运用“三融合三提升”。" in texts
        assert f"{Pillar.LEAD.label}：领跑，意党建引领。" in texts
        assert f"{Pillar.SERVE.label}：{_('Not written yet.')}" in texts
        assert _("What the logo means") in styled(document, "Heading 2")
        (logo,) = document.inline_shapes
        assert round(logo.width.mm) == 30

    def test_each_practice_stands_under_its_pillar_numbered_as_the_seed(self, login, office):
        the_brand(office)
        report = login("committee_admin").get(URL, SPAN).context["brand_report"]
        numbered = {section.pillar: [(number, practice.title) for number, practice in section.practices] for section in report.pillars}
        assert numbered[Pillar.LEAD] == [("（一）", "党建引领，提升“组织力”")]
        assert numbered[Pillar.PASS_ON] == [("（二）", "薪火相传，提升“战斗力”")]
        assert numbered[Pillar.DEDICATE] == []
        assert numbered[Pillar.SERVE] == [("（三）", "服务至上，提升“满意率”")]
        document = word(login("committee_admin").get(WORD, SPAN))
        assert styled(document, "Heading 3") == ["（一）党建引领，提升“组织力”", "（二）薪火相传，提升“战斗力”", "（三）服务至上，提升“满意率”"]

    def test_each_pillar_shows_its_figures_of_the_period(self, login, office):
        admin = office.users["committee_admin"]
        from services.records import actions

        for day in (D(2019, 5, 1), D(2021, 5, 1), D(2022, 5, 1)):
            actions.approve(PracticalDeedFactory(person=office.people["staff_a"], date=day), by=admin)
        report = login("committee_admin").get(URL, SPAN).context["brand_report"]
        dedicate = next(section for section in report.pillars if section.pillar == Pillar.DEDICATE)
        masses = next(figure for figure in dedicate.figures if figure.value == 2)
        assert masses.label == _("Practical deeds for the masses")
        document = word(login("committee_admin").get(WORD, SPAN))
        figures_line = next(p.text for p in document.paragraphs if p.text.startswith(_("Figures of %(period)s") % {"period": "2019—2021"}) and str(masses.label) in p.text)
        assert f"{masses.label} 2" in figures_line

    def test_the_results_open_with_the_totals_since_the_brand_began(self, login, office):
        """As the seed's 三、创建成效: 品牌建设以来… — from the day the committee office set to the
        end of the report's years; nothing before the brand began."""
        from services.records import actions

        Brand.objects.create(committee=office.committee, name="火炬手", started_on=D(2020, 1, 1))
        for day in (D(2019, 5, 1), D(2020, 5, 1), D(2021, 5, 1), D(2022, 5, 1)):
            actions.approve(PracticalDeedFactory(person=office.people["staff_a"], date=day), by=office.users["committee_admin"])
        report = login("committee_admin").get(URL, {"year": 2021}).context["brand_report"]
        assert report.since == D(2020, 1, 1)
        masses = next(figure for figure in report.since_the_start if figure.label == _("Practical deeds for the masses"))
        assert masses.value == 2
        document = word(login("committee_admin").get(WORD, {"year": 2021}))
        assert _("Since the brand began (%(day)s)") % {"day": "2020-01-01"} in [p.text for p in document.paragraphs]
        assert login("committee_admin").get(URL, {"year": 2019}).context["brand_report"].since is None


class TestTheNamedExamples:
    def named(self, report, title):
        for section in report.pillars:
            for found in section.examples:
                if found.title == title:
                    return [item.name for item in found.items]
        return []

    def test_the_committee_reads_every_branchs_examples_of_the_period(self, login, office):
        the_examples(office)
        report = login("committee_admin").get(URL, SPAN).context["brand_report"]
        assert self.named(report, _("The branches' brands")) == ["政务服务议事厅", "创业晓管家"]
        assert self.named(report, _("The studios' firsts")) == ["发放宁波市第一份全流程电子化营业执照"]
        assert self.named(report, _("Problem classes adopted")) == ["占道经营许可0", "黑白章效用0"]
        posts = self.named(report, _("Best-rated demonstration posts"))
        assert len(posts) == 2  # the 2022 round's post is not of the period
        assert self.named(report, _("Mentor pairs")) == [_("%(mentor)s with %(mentee)s") % {"mentor": "师傅0", "mentee": "徒弟0"}]

    def test_the_best_rated_post_comes_first(self, office):
        the_examples(office, many=3)
        found = examples.best_rated_posts(span(2019, 2021))
        assert [item.detail.split(" · ")[-1] for item in found.items][:3] == ["95.00"] * 3

    def test_a_branchs_report_names_its_own_examples(self, login, office):
        the_examples(office)
        client = login("secretary_b")
        report = client.get(URL, {**SPAN, "branch": office.branch_a.pk}).context["brand_report"]
        assert self.named(report, _("The branches' brands")) == ["创业晓管家"]
        assert self.named(report, _("The studios' firsts")) == ["发放宁波市第一份全流程电子化营业执照"]
        assert self.named(report, _("Problem classes adopted")) == []  # classes of branch A's problems only
        assert self.named(report, _("Mentor pairs")) == []
        assert len(self.named(report, _("Best-rated demonstration posts"))) == 1
        page = client.get(URL, SPAN).content.decode()
        assert "政务服务议事厅" not in page and "师傅0" not in page
        assert office.branch_b.name in page
        a = login("secretary_a").get(URL, SPAN).context["brand_report"]
        assert self.named(a, _("Problem classes adopted")) == ["占道经营许可0"]
        assert self.named(a, _("The studios' firsts")) == []  # the studio's leader is of branch B
        assert self.named(a, _("Mentor pairs")) == [_("%(mentor)s with %(mentee)s") % {"mentor": "师傅0", "mentee": "徒弟0"}]

    def test_a_long_list_names_the_first_and_counts_the_others(self, login, office):
        the_examples(office, many=examples.SHOWN + 4)
        report = login("committee_admin").get(URL, SPAN).context["brand_report"]
        serve = next(section for section in report.pillars if section.pillar == Pillar.SERVE)
        (classes,) = serve.examples
        assert (len(classes.items), classes.total, classes.more) == (examples.SHOWN, 2 * (examples.SHOWN + 4), examples.SHOWN + 8)
        page = login("committee_admin").get(URL, SPAN).content.decode()
        assert _("and %(count)s more") % {"count": classes.more} in page


class TestThePhotos:
    def test_the_page_shows_the_photos_of_approved_records_of_the_period(self, login, office):
        photos(office, 3)
        report = login("committee_admin").get(URL, SPAN).context["brand_report"]
        assert len(report.photos) == 3
        assert login("committee_admin").get(URL, {"year": 2018}).context["brand_report"].photos == []

    def test_the_word_file_embeds_a_few_small_ones_and_leaves_out_those_it_cannot_read(self, login, office, media_root):
        photos(office, 6, with_files=True)
        photographed(ServiceActivityFactory(person=office.people["staff_a"], date=D(2021, 6, 1)), approve_by=office.users["committee_admin"])
        document = word(login("committee_admin").get(WORD, SPAN))
        shapes = document.inline_shapes
        assert len(shapes) == 3  # the four newest, the newest of which has no file
        assert all(round(shape.width.mm) == 75 for shape in shapes)
        captions = styled(document, "Caption")
        assert len(captions) == 3 and all("2021-03-0" in caption for caption in captions)

    def test_a_branchs_report_shows_its_own_photos(self, login, office):
        photos(office, 2)
        assert login("secretary_b").get(URL, SPAN).context["brand_report"].photos == []
        assert len(login("secretary_a").get(URL, SPAN).context["brand_report"].photos) == 2


class TestTheWordFile:
    def test_its_table_sets_each_year_beside_the_total_in_the_seeds_results_section(self, login, office):
        document = word(login("committee_admin").get(WORD, SPAN))
        (table,) = document.tables
        assert [cell.text for cell in table.rows[0].cells] == [_("Figure"), "2019—2021", "2019", "2020", "2021"]
        assert table.style.name == "Table Grid"
        body = document.element.body
        headings = [p for p in document.paragraphs if p.style.name == "Heading 1"]
        assert body.index(headings[2]._p) < body.index(table._tbl)

    def test_its_notes_say_how_a_total_is_counted(self, login, office):
        from torchbearer.reports.report import SPAN_NOTES

        texts = [paragraph.text for paragraph in word(login("committee_admin").get(WORD, SPAN)).paragraphs]
        assert any(text.endswith(str(SPAN_NOTES["overall"])) for text in texts)

    def test_it_is_named_for_the_span(self, login, office):
        response = login("committee_admin").get(WORD, {**SPAN, "branch": office.branch_a.pk})
        assert 'filename="annual-report-2019-2021-1.docx"' in response["Content-Disposition"]


    def test_a_character_xml_cannot_hold_breaks_no_text_of_it(self, login, office):
        """A description typed or pasted with a control character reaches the report through the
        brand's texts, the examples, the honours and the photos' captions: each becomes "�"."""
        hostile = "\x0b\x08\x1f"
        brand = the_brand(office)
        Brand.objects.filter(pk=brand.pk).update(name=f"火炬{hostile}手", introduction=f"介绍{hostile}", logo_meaning=hostile, lead_meaning=hostile)
        for practice in BrandPractice.objects.filter(brand=brand):
            BrandPractice.objects.filter(pk=practice.pk).update(title=f"做法{practice.pk}{hostile}", text=f"内容{hostile}")
        the_examples(office, prefix=hostile)
        HonourFactory(year=2021, title=f"文明窗口{hostile}")
        for record in photos(office, 2):
            type(record).objects.filter(pk=record.pk).update(title=f"政入社区{hostile}")
        response = login("committee_admin").get(WORD, SPAN)
        assert response.status_code == 200
        text = "\n".join(paragraph.text for paragraph in word(response).paragraphs)
        assert "文明窗口\N{REPLACEMENT CHARACTER}" in text and "\x0b" not in text


class TestTheWorkbook:
    def test_its_first_sheet_is_the_results_table(self, login, office):
        from openpyxl import load_workbook

        from torchbearer.reports.report import results_table

        response = login("committee_admin").get(reverse("annual-report-file", args=["xlsx"]), SPAN)
        book = load_workbook(io.BytesIO(response.content))
        rows = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        header = rows.index(next(row for row in rows if row[0] == _("Figure")))
        table = results_table(period_report(2019, 2021))
        assert rows[header] == [_("Figure"), "2019—2021", "2019", "2020", "2021", _("How the total is counted")]
        shown = [row[1:5] for row in rows[header + 1:]]
        assert shown == [[value if value is not None else "—" for value in row.values] for row in table.rows]
        assert [row[5] for row in rows[header + 1:]] == [str(row.note) or _("the years' sum") for row in table.rows]
        assert len(book.worksheets) == 2


def test_the_query_count_does_not_grow_with_the_brand_the_examples_or_the_photos(login, office, django_assert_max_num_queries):
    client = login("committee_admin")
    the_brand(office)
    the_examples(office)
    photos(office, 1)
    client.get(f"{URL}?from=2019&to=2021")
    small = query_count(django_assert_max_num_queries, client, f"{URL}?from=2019&to=2021")
    for number in range(8):
        BrandPractice.objects.create(brand=Brand.objects.get(), pillar=Pillar.DEDICATE, title=f"做法{number}", text="……")
    the_examples(office, many=12, prefix="又")
    photos(office, 10)
    assert query_count(django_assert_max_num_queries, client, f"{URL}?from=2019&to=2021") == small <= 55  # the mentor pairs' names: two queries after the window


def test_compose_reads_a_year_too(office):
    the_examples(office)
    report, previous = report_with_previous_year(2021, extra=PILLAR_KEYS)
    composed = compose(report, previous)
    assert composed.period_label == "2021"
    assert composed.photos == []
    serve = next(section for section in composed.pillars if section.pillar == Pillar.SERVE)
    assert [item.name for item in serve.examples[0].items] == ["黑白章效用0"]
