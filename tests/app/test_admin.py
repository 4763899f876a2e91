import datetime
import io

import openpyxl
import pytest
from django.apps import apps
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import FileField
from django.urls import reverse

from branches.brand.models import Brand
from branches.display.models import HallDisplay
from branches.downloads.models import PreparedFile
from branches.kernel.models import ImportRun
from branches.kernel.workbook import XLSX_CONTENT_TYPE
from branches.organisation.models import Branch, Window
from branches.people.models import (
    BranchRole,
    DevelopmentStep,
    LargeText,
    Person,
    PoliticalStatus,
    TemporaryPassword,
)
from services.notifications.models import NotificationPreference
from services.patrols.models import DutyRota
from services.problems.models import Problem, ProblemClass, RoundTable
from services.records.actions import approve
from services.records.admin import TallyAdmin
from services.records.models import ServiceRecord
from services.records.photos import RecordPhoto
from services.records.tallies import BranchTally
from services.satisfaction.models import SatisfactionTally
from services.speedups.models import InvestmentProject, JointItem
from tests.conftest import query_count
from tests.factories import (
    BranchBrandFactory,
    BranchFactory,
    CaseFactory,
    DevelopmentStepFactory,
    EnterpriseFactory,
    HonourFactory,
    LectureFactory,
    MentorshipFactory,
    NotificationFactory,
    PartyGroupFactory,
    PatrolFactory,
    PersonFactory,
    PracticalDeedFactory,
    ServiceActivityFactory,
    ServiceRecordFactory,
    StudioFactory,
    WindowFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
XLSX = "0"  # the only format: every workbook goes through branches.kernel.workbook

MODELS = [
    model
    for app_label in ("branches", "services")
    for model in apps.get_app_config(app_label).get_models()
    if not hasattr(model, "instance_type")  # django-simple-history's historical models
]


def admin_url(model, page, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


@pytest.fixture
def raw_data(office):
    """At least one row of every model, so that every change page has something to show."""
    BranchBrandFactory(branch=office.branch_a)
    DevelopmentStepFactory(person=office.people["staff_b"])
    HonourFactory()
    TemporaryPassword.objects.create(user=office.users["staff_b"], set_by=office.users["committee_admin"])
    enterprise = EnterpriseFactory()
    staff = office.people["staff_a"]
    record = ServiceRecordFactory(person=staff, enterprise=enterprise)
    approve(record, by=office.users["secretary_a"])  # and so the summary tables have rows
    PracticalDeedFactory(person=staff)
    ServiceActivityFactory(person=staff)
    PatrolFactory(zone=staff.responsibility_zones.get())
    NotificationFactory(recipient=office.users["staff_a"])
    NotificationPreference.objects.create(user=office.users["staff_a"], kind="outcome", delivery="app")
    lecture = LectureFactory(speakers=[staff])
    lecture.attendances.create(person=staff, method="register")
    lecture.questions.create(question="如何办理？", answer="线上办理")
    lecture.materials.create(title="课件", file="lectures/a.pdf")
    lecture.feedback.create(person=staff, score=5)
    mentorship = MentorshipFactory(mentor=office.people["secretary_a"], mentee=staff)
    mentorship.sessions.create(date=datetime.date(2021, 2, 1), method="teach", content="带教", hours=1)
    case = CaseFactory(studio=StudioFactory(leader=office.people["secretary_a"]))
    case.studio.milestones.create(date=datetime.date(2021, 6, 1), title="全市首张全程电子化营业执照")
    problem_class = ProblemClass.objects.create(name="占道经营许可", rule="一次告知", adopted_on=datetime.date(2021, 1, 1))
    problem = Problem.objects.create(
        title="自助机缺纸", description="缺纸", source="patrol", branch=office.branch_a,
        found_on=datetime.date(2021, 1, 4), problem_class=problem_class,
    )
    meeting = RoundTable.objects.create(date=datetime.date(2021, 1, 5), title="圆桌会")
    meeting.problems.add(problem)
    meeting.measures.create(problem=problem, description="补纸", owner=staff, deadline=datetime.date(2021, 1, 6))
    project = InvestmentProject.objects.create(
        name="新厂房", enterprise=enterprise, team_leader=office.people["secretary_a"],
        started_on=datetime.date(2021, 1, 1), baseline_days=20,
    )
    project.milestones.create(date=datetime.date(2021, 2, 1), title="立项")
    JointItem.objects.create(
        name="开办餐饮店一件事", departments="市场监管、卫健", launched_on=datetime.date(2020, 5, 1),
        baseline_days=10, current_days=7,
    )
    SatisfactionTally.objects.create(month=datetime.date(2021, 1, 1), channel="mobile", positive=10)
    RecordPhoto.objects.create(
        record=ServiceRecord.objects.get(), image="records/a.jpg", thumbnail="records/thumbnails/a.jpg"
    )
    from tests.ratings.factories import (
        RatingCriterionFactory,
        RatingRoundFactory,
        selected_nomination,
    )

    rating_round = RatingRoundFactory(status="published")
    criterion = RatingCriterionFactory(round=rating_round, weight=100)
    rating_round.raters.create(person=office.people["secretary_b"])
    nomination = selected_nomination(office, rating_round, staff)
    nomination.scores.create(rater=office.people["secretary_b"], criterion=criterion, value=90)
    rota = DutyRota.objects.create(branch=office.branch_a, month=datetime.date(2021, 1, 1))
    rota.patrols.create(zone=staff.responsibility_zones.get(), date=datetime.date(2021, 1, 4), person=staff)
    rota.extended_hours.create(date=datetime.date(2021, 1, 4), person=staff)
    brand = Brand.objects.create(committee=office.committee, name="火炬手")
    brand.practices.create(pillar="lead", title="党建引领", text="培树品牌")
    HallDisplay.objects.create(name="一楼大厅入口", issued_by=office.users["committee_admin"])
    PreparedFile.objects.create(owner=office.users["staff_a"], path="/org/people/export.xlsx", language="zh-hans")
    ImportRun.objects.create(owner=office.users["secretary_a"], importer="x", file_name="2020.xlsx", language="zh-hans")
    LargeText.objects.create(user=office.users["staff_a"])
    return office


def test_every_model_is_registered():
    assert [model for model in MODELS if model not in admin.site._registry] == []


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_it_opens_the_changelist_add_and_change_pages(admin_client, raw_data, model):
    obj = model.objects.first()
    for url in [admin_url(model, "changelist"), admin_url(model, "change", obj.pk)]:
        assert admin_client.get(url).status_code == 200, url
    # the summary tables and the prepared files are kept by the app; photos are attached by a record's form, with a thumbnail
    added = 403 if isinstance(admin.site._registry[model], TallyAdmin) or model in (RecordPhoto, TemporaryPassword, HallDisplay, PreparedFile, ImportRun, LargeText) else 200
    assert admin_client.get(admin_url(model, "add")).status_code == added


def test_the_summary_tables_are_read_only(admin_client, raw_data):
    cell = BranchTally.objects.get()
    response = admin_client.post(admin_url(BranchTally, "change", cell.pk), {"records": "99"})
    assert response.status_code == 403
    assert admin_client.post(admin_url(BranchTally, "delete", cell.pk), {"post": "yes"}).status_code == 403
    cell.refresh_from_db()
    assert cell.records == 1


@pytest.mark.parametrize("model", [Person, Window], ids=["Person", "Window"])
def test_it_opens_the_import_and_export_pages(admin_client, raw_data, model):
    for page in ["import", "export"]:
        assert admin_client.get(admin_url(model, page)).status_code == 200, page


def test_the_person_export_writes_the_roster(admin_client, office):
    response = admin_client.post(admin_url(Person, "export"), {"format": XLSX, "resource": "0"})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert office.people["staff_a"].staff_number in [row[0] for row in rows]


def test_the_person_import_writes_the_rows_after_confirmation(admin_client, office):
    book = openpyxl.Workbook()
    book.active.append(["工号", "姓名", "支部编号", "政治面貌"])
    book.active.append(["S99999", "新同事", 1, "群众"])
    roster = io.BytesIO()
    book.save(roster)
    upload = SimpleUploadedFile("roster.xlsx", roster.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response = admin_client.post(admin_url(Person, "import"), {"resource": "0", "format": XLSX, "import_file": upload})
    assert response.status_code == 200
    assert not Person.objects.filter(staff_number="S99999").exists()
    response = admin_client.post(admin_url(Person, "process_import"), response.context["confirm_form"].initial)
    assert response.status_code == 302
    assert Person.objects.get(staff_number="S99999").branch == office.branch_a


def test_the_person_changelist_queries_do_not_grow_with_rows(admin_client, django_assert_max_num_queries):
    url = admin_url(Person, "changelist")
    group = PartyGroupFactory()
    window = WindowFactory(covering_branch=group.branch)
    PersonFactory.create_batch(3, branch=group.branch, group=group, window=window)
    few = query_count(django_assert_max_num_queries, admin_client, url)
    PersonFactory.create_batch(27, branch=group.branch, group=group, window=window)
    many = query_count(django_assert_max_num_queries, admin_client, url)
    assert many == few


def test_the_branch_changelist_queries_do_not_grow_with_rows(admin_client, django_assert_max_num_queries, office):
    url = admin_url(Branch, "changelist")
    few = query_count(django_assert_max_num_queries, admin_client, url)
    for number in range(3, 13):
        branch = BranchFactory(committee=office.committee, number=number)
        PersonFactory(branch=branch, branch_role=BranchRole.SECRETARY)
    many = query_count(django_assert_max_num_queries, admin_client, url)
    assert many == few


def change_page_data(response):
    """What the change page posts back when nothing is touched, without the empty extra forms."""
    forms = [response.context["adminform"].form]
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms.extend(formset.initial_forms)
        prefix = formset.prefix
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": formset.initial_form_count(),
                f"{prefix}-INITIAL_FORMS": formset.initial_form_count(),
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
            }
        )
    for form in forms:
        for bound_field in form:
            value = bound_field.value()
            if value is not None and not isinstance(bound_field.field, FileField):
                data[bound_field.html_name] = value
    return data


def add_steps(data, *steps):
    total = data["development_steps-TOTAL_FORMS"]
    for index, (stage, date) in enumerate(steps, start=total):
        data[f"development_steps-{index}-stage"] = stage
        data[f"development_steps-{index}-date"] = date
    data["development_steps-TOTAL_FORMS"] = total + len(steps)
    return data


@pytest.fixture
def applicant(office):
    person = PersonFactory(branch=office.branch_a, political_status=PoliticalStatus.APPLICANT)
    DevelopmentStepFactory(person=person, stage=PoliticalStatus.APPLICANT, date=D(2020, 3, 1))
    return person


def post_steps(client, person, *steps):
    url = admin_url(Person, "change", person.pk)
    return client.post(url, add_steps(change_page_data(client.get(url)), *steps))


def step_error_codes(response):
    (steps_formset,) = [
        inline.formset for inline in response.context["inline_admin_formsets"] if inline.formset.model is DevelopmentStep
    ]
    return [error.code for error in steps_formset.non_form_errors().as_data()]


def test_the_step_inline_records_the_next_step_and_raises_the_status(admin_client, applicant):
    response = post_steps(admin_client, applicant, (PoliticalStatus.ACTIVIST, D(2020, 9, 1)))
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.political_status == PoliticalStatus.ACTIVIST
    step = applicant.development_steps.get(stage=PoliticalStatus.ACTIVIST)
    assert step.recorded_by.is_superuser


def test_the_step_inline_rejects_a_date_before_the_previous_step(admin_client, applicant):
    response = post_steps(admin_client, applicant, (PoliticalStatus.ACTIVIST, D(2020, 1, 1)))
    assert response.status_code == 200
    assert step_error_codes(response) == ["step_order"]
    applicant.refresh_from_db()
    assert applicant.political_status == PoliticalStatus.APPLICANT
    assert applicant.development_steps.count() == 1


def test_the_step_inline_rejects_a_skipped_stage(admin_client, applicant):
    response = post_steps(admin_client, applicant, (PoliticalStatus.CANDIDATE, D(2020, 9, 1)))
    assert response.status_code == 200
    assert step_error_codes(response) == ["step_missing"]
    applicant.refresh_from_db()
    assert applicant.political_status == PoliticalStatus.APPLICANT
    assert applicant.development_steps.count() == 1


def test_the_step_inline_checks_steps_added_together(admin_client, applicant):
    response = post_steps(
        admin_client,
        applicant,
        (PoliticalStatus.CANDIDATE, D(2021, 1, 1)),
        (PoliticalStatus.ACTIVIST, D(2021, 6, 1)),
    )
    assert response.status_code == 200
    assert step_error_codes(response) == ["step_order"]
    assert applicant.development_steps.count() == 1


def test_the_step_inline_rejects_deleting_a_step_in_the_middle(admin_client, applicant):
    DevelopmentStepFactory(person=applicant, stage=PoliticalStatus.ACTIVIST, date=D(2020, 9, 1))
    url = admin_url(Person, "change", applicant.pk)
    data = change_page_data(admin_client.get(url))
    data["development_steps-0-DELETE"] = "on"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert step_error_codes(response) == ["step_missing"]
    assert applicant.development_steps.count() == 2


def test_the_step_page_rejects_a_step_out_of_order(admin_client, applicant):
    response = admin_client.post(
        admin_url(DevelopmentStep, "add"),
        {"person": applicant.pk, "stage": PoliticalStatus.CANDIDATE, "date": "2020-09-01"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors().as_data()[0].code == "step_missing"
    assert applicant.development_steps.count() == 1


def test_the_step_page_records_the_next_step_and_raises_the_status(admin_client, applicant):
    response = admin_client.post(
        admin_url(DevelopmentStep, "add"),
        {"person": applicant.pk, "stage": PoliticalStatus.ACTIVIST, "date": "2020-09-01"},
    )
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.political_status == PoliticalStatus.ACTIVIST


def test_only_the_latest_step_can_be_deleted(admin_client, applicant):
    later = DevelopmentStepFactory(person=applicant, stage=PoliticalStatus.ACTIVIST, date=D(2020, 9, 1))
    first = applicant.development_steps.get(stage=PoliticalStatus.APPLICANT)
    assert admin_client.get(admin_url(DevelopmentStep, "delete", first.pk)).status_code == 403
    assert admin_client.get(admin_url(DevelopmentStep, "delete", later.pk)).status_code == 200


@pytest.mark.parametrize("url", ["/admin/", "/admin/branches/person/"])
def test_it_sends_a_non_staff_user_to_the_admin_login(client, office, url):
    client.force_login(office.users["secretary_a"])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
