"""满意率: the page (hall, channels, months, windows) and the Excel import, all rows or none."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext as _

from services.satisfaction import figures
from services.satisfaction.models import SatisfactionTally, WindowYearSatisfaction
from services.satisfaction.resources import COLUMNS
from tests.conftest import ROLES, query_count
from tests.factories import WindowFactory

pytestmark = pytest.mark.django_db

D = datetime.date
PAGE = reverse("services:satisfaction")
IMPORT = reverse("services:satisfaction-import")
TEMPLATE = reverse("services:satisfaction-template")


def tally(month, window, channel, positive=0, neutral=0, negative=0):
    return SatisfactionTally.objects.create(
        month=month, window=window, channel=channel, positive=positive, neutral=neutral, negative=negative
    )


def workbook(*rows, headers=COLUMNS):
    book = openpyxl.Workbook()
    book.active.append(list(headers))
    for row in rows:
        book.active.append(list(row))
    output = io.BytesIO()
    book.save(output)
    return SimpleUploadedFile("tallies.xlsx", output.getvalue())


def upload(client, *rows, **kwargs):
    return client.post(IMPORT, {"file": workbook(*rows, **kwargs)})


def confirm(client, preview):
    return client.post(IMPORT, {"confirm": "1", "token": preview.context["token"]}, follow=True)


def row_error(row, column, text):
    return _("Row %(row)s, column “%(column)s”: %(message)s") % {"row": row, "column": column, "message": text}


GOOD_ROWS = [
    ("2021-01", "A-01", "移动端", 900, 97, 3),
    (D(2021, 1, 1), None, "大厅", 500, 0, 0),
    ("2021年2月", "B-01", "PC端", 100, 0, 1),
]


# -- Who may see and do what ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_the_page_and_only_the_committee_administrator_imports(login, office, role):
    client = login(role)
    assert client.get(PAGE).status_code == 200
    expected = 200 if role == "committee_admin" else 403
    assert client.get(IMPORT).status_code == expected
    assert client.get(TEMPLATE).status_code == expected
    assert upload(client, *GOOD_ROWS).status_code == expected
    assert SatisfactionTally.objects.count() == 0


@pytest.mark.parametrize("target", [PAGE, IMPORT, TEMPLATE])
def test_it_sends_anonymous_users_to_login(client, office, target):
    response = client.get(target)
    assert response.status_code == 302 and response.url == f"{reverse('login')}?next={target}"


# -- The page ---------------------------------------------------------------------------------------


def test_it_shows_the_hall_the_channels_the_months_and_the_windows_lowest_first(login, office):
    tally(D(2021, 1, 1), office.window_a, "mobile", positive=900, neutral=97, negative=3)
    tally(D(2021, 2, 1), office.window_b, "hall", positive=1000)
    tally(D(2021, 2, 1), None, "pc", positive=99, negative=1)
    tally(D(2020, 2, 1), office.window_b, "hall", negative=10)
    response = login("staff_a").get(PAGE, {"year": 2021})
    context = response.context
    assert context["hall"]["rate"] == Decimal("99.81")
    assert context["hall"]["total"] == 2100
    months = context["months"]
    assert len(months) == 12
    assert (months[0]["rate"], months[1]["evaluations"], months[2]["rate"]) == (Decimal("99.70"), 1100, None)
    assert [row["window__code"] for row in context["page"]] == ["A-01", "B-01"]
    mix = {row["channel"]: row for row in context["channels"]}
    assert mix["pc"]["rate"] == Decimal("99.00")


def test_it_narrows_to_a_channel_and_a_branch(login, office):
    tally(D(2021, 1, 1), office.window_a, "mobile", positive=90, negative=10)
    tally(D(2021, 1, 1), office.window_a, "hall", positive=100)
    tally(D(2021, 1, 1), office.window_b, "mobile", positive=100)
    client = login("secretary_b")
    by_channel = client.get(PAGE, {"year": 2021, "channel": "mobile"}).context
    assert by_channel["hall"]["rate"] == Decimal("95.00")
    assert [(row["window__code"], row["rate"]) for row in by_channel["page"]] == [("A-01", Decimal("90.00")), ("B-01", Decimal("100.00"))]
    by_branch = client.get(PAGE, {"year": 2021, "branch": office.branch_a.pk}).context
    assert by_branch["hall"]["total"] == 200
    assert [row["window__code"] for row in by_branch["page"]] == ["A-01"]


@pytest.mark.parametrize("params", [{"year": "1999"}, {"channel": "fax"}, {"branch": "x"}, {"page": "99"}])
def test_it_survives_bad_filters(login, office, params):
    tally(D(2021, 1, 1), office.window_a, "mobile", positive=1)
    assert login("staff_a").get(PAGE, params).status_code == 200


def test_an_invalid_filter_leaves_the_valid_ones_in_force(login, office):
    tally(D(2021, 1, 1), office.window_a, "mobile", positive=1)
    context = login("staff_a").get(PAGE, {"year": 2021, "channel": "fax"}).context
    assert context["year"] == 2021 and context["channel"] is None


def test_it_pages_the_windows(login, office):
    for index in range(30):
        tally(D(2021, 1, 1), WindowFactory(area=office.window_a.area), "mobile", positive=100 - index, negative=index)
    client = login("staff_a")
    first = client.get(PAGE, {"year": 2021}).context["page"]
    assert len(first) == 25 and first[0]["negative"] == 29
    assert len(client.get(PAGE, {"year": 2021, "page": 2}).context["page"]) == 5


def test_the_windows_are_in_the_order_of_their_rounded_rates(office):
    """Sorted in SQL as rate_of rounds: equal rounded rates by window, no evaluation last."""
    counts = [(999, 0, 1), (1998, 0, 2), (1, 0, 2), (2, 1, 0), (0, 0, 0), (1, 1, 1), (2, 0, 1), (19999, 0, 1)]
    for positive, neutral, negative in counts:
        window = WindowFactory(area=office.window_a.area)
        if positive or neutral or negative:
            tally(D(2021, 1, 1), window, "mobile", positive=positive, neutral=neutral, negative=negative)
        else:  # a kept row of nothing (no import writes one): no rate, and no division by zero
            WindowYearSatisfaction.objects.create(window=window, year=2021, channel="mobile")
    rows = figures.with_window_names(figures.satisfaction_by_window(2021))
    expected = sorted(rows, key=lambda row: (row["rate"] is None, row["rate"], row["window"]))
    assert [row["window"] for row in rows] == [row["window"] for row in expected]
    assert [row["rate"] for row in rows][:3] == [Decimal("33.33"), Decimal("66.67"), Decimal("66.67")]
    assert rows[-1]["rate"] is None


def test_page_query_counts_do_not_grow_with_the_data(client, office, django_assert_max_num_queries):
    def add(count):
        for _index in range(count):
            window = WindowFactory(area=office.window_a.area, covering_branch=office.branch_a)
            for month in range(1, 13):
                tally(D(2021, month, 1), window, "mobile", positive=10)

    urls = [PAGE + "?year=2021", PAGE + "?year=2021&channel=mobile&branch=%d" % office.branch_a.pk]

    def counts():
        client.force_login(office.users["committee_admin"])
        return [query_count(django_assert_max_num_queries, client, target) for target in urls]

    add(1)
    small = counts()
    add(10)
    assert counts() == small


# -- The import ------------------------------------------------------------------------------------


def test_the_template_has_the_columns_and_the_instructions(login, office):
    response = login("committee_admin").get(TEMPLATE)
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [cell.value for cell in book.worksheets[0][1]] == ["月份", "窗口编号", "渠道", "好评", "中评", "差评"]
    instructions = [row[0] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert instructions == COLUMNS


def test_a_good_file_is_previewed_then_imported_whole(login, office):
    tally(D(2021, 2, 1), office.window_b, "pc", positive=1)
    tally(D(2021, 1, 1), None, "hall", positive=500)
    client = login("committee_admin")
    preview = upload(client, *GOOD_ROWS)
    assert preview.status_code == 200
    report = preview.context["report"]
    assert report.is_valid
    assert [row.status for row in report.rows] == ["new", "unchanged", "update"]
    assert SatisfactionTally.objects.count() == 2
    response = confirm(client, preview)
    assert response.redirect_chain[-1][0] == PAGE
    assert SatisfactionTally.objects.count() == 3
    hall = SatisfactionTally.objects.get(window=None)
    assert (hall.month, hall.channel, hall.positive) == (D(2021, 1, 1), "hall", 500)
    assert SatisfactionTally.objects.get(window=office.window_b).negative == 1
    assert SatisfactionTally.objects.get(window=office.window_a).neutral == 97
    imported = sum(tally.positive + tally.neutral + tally.negative for tally in SatisfactionTally.objects.filter(month__year=2021))
    assert figures.satisfaction(2021)["total"] == imported  # the summary tables follow the import


@pytest.mark.parametrize(
    "bad_row, column, message",
    [
        (("2021-03", "Z-99", "移动端", 1, 0, 0), "窗口编号", lambda: _("There is no window with the code %(value)s.") % {"value": "Z-99"}),
        (("2021-03", "A-01", "电话", 1, 0, 0), "渠道", lambda: _("“%(value)s” is not one of: %(choices)s.") % {"value": "电话", "choices": "移动端、PC端、自助端、大厅"}),
        (("2021-03", "A-01", "PC端", 1, -2, 0), "中评", lambda: _("Enter a whole number of 0 or more.")),
        (("2021-03", "A-01", "PC端", "很多", 0, 0), "好评", lambda: _("Enter a whole number of 0 or more.")),
        (("2021-13", "A-01", "PC端", 1, 0, 0), "月份", lambda: _("Write the month as 2021-01.")),
        ((None, "A-01", "PC端", 1, 0, 0), "月份", lambda: _("This column is required.")),
        (("2999-01", "A-01", "PC端", 1, 0, 0), "月份", lambda: _("The month cannot be in the future.")),
    ],
)
def test_one_bad_row_imports_nothing_and_names_the_row_and_column(login, office, bad_row, column, message):
    client = login("committee_admin")
    preview = upload(client, *GOOD_ROWS, bad_row)
    report = preview.context["report"]
    assert not report.is_valid
    assert report.errors == [row_error(5, column, message())]
    assert row_error(5, column, message()) in preview.content.decode()
    assert "token" not in preview.context or not client.session.get("satisfaction_import")
    assert SatisfactionTally.objects.count() == 0


def test_a_row_repeated_in_the_file_is_an_error(login, office):
    client = login("committee_admin")
    preview = upload(client, *GOOD_ROWS, ("2021/01", "a-01", "mobile", 1, 0, 0))
    text = _("This month, window and channel are already on row %(row)s.") % {"row": 2}
    assert preview.context["report"].errors == [_("Row %(row)s: %(message)s") % {"row": 5, "message": text}]
    assert SatisfactionTally.objects.count() == 0


def test_a_row_without_any_evaluation_is_an_error(login, office):
    preview = upload(login("committee_admin"), ("2021-01", "A-01", "移动端", 0, None, 0))
    assert preview.context["report"].errors == [
        _("Row %(row)s: %(message)s") % {"row": 2, "message": _("A tally counts at least one evaluation.")}
    ]


def test_a_file_without_the_columns_or_not_excel_is_refused(login, office):
    client = login("committee_admin")
    response = upload(client, ("2021-01", "A-01"), headers=["月份", "窗口"])
    assert "file" in response.context["form"].errors
    response = client.post(IMPORT, {"file": SimpleUploadedFile("x.xlsx", b"not a workbook")})
    assert "file" in response.context["form"].errors


def test_confirming_without_a_preview_imports_nothing(login, office):
    client = login("committee_admin")
    response = client.post(IMPORT, {"confirm": "1", "token": "guess"}, follow=True)
    assert response.redirect_chain[-1][0] == IMPORT
    assert SatisfactionTally.objects.count() == 0


def test_data_that_changed_since_the_preview_imports_nothing(login, office):
    client = login("committee_admin")
    preview = upload(client, *GOOD_ROWS)
    office.window_b.delete()
    response = confirm(client, preview)
    assert not response.context["report"].is_valid
    assert SatisfactionTally.objects.count() == 0
