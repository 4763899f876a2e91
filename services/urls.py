from django.urls import path

from services.views import logging, notifications, problems, records, review, satisfaction, speedups

app_name = "services"

urlpatterns = [
    path("log/", logging.log_choose, name="log-choose"),
    path("log/<slug:kind>/", logging.log_record, name="record-log"),
    path("mine/", records.my_records, name="my-records"),
    path("review/", review.review_queue, name="review-queue"),
    path("review/selected/", review.review_selected, name="review-selected"),
    path("notifications/", notifications.notification_list, name="notification-list"),
    path("notifications/read/", notifications.notification_read_all, name="notification-read-all"),
    path("notifications/<int:pk>/", notifications.notification_open, name="notification-open"),
    # 服务: the problem loop, projects and joint items, satisfaction (before the record kinds' slugs).
    path("problems/", problems.problem_list, name="problem-list"),
    path("problems/export.xlsx", problems.problem_export, name="problem-export"),
    path("problems/report/", problems.problem_report, name="problem-report"),
    path("problems/<int:pk>/", problems.problem_detail, name="problem-detail"),
    path("problems/<int:pk>/start/", problems.problem_start, name="problem-start"),
    path("problems/<int:pk>/resolve/", problems.problem_resolve, name="problem-resolve"),
    path("problems/<int:pk>/verify/", problems.problem_verify, name="problem-verify"),
    path("measures/<int:pk>/done/", problems.measure_done, name="measure-done"),
    path("round-tables/new/", problems.round_table_create, name="round-table-create"),
    path("patrol/<int:pk>/problem/", problems.problem_from_patrol, name="problem-from-patrol"),
    path("projects/", speedups.project_list, name="project-list"),
    path("projects/new/", speedups.project_create, name="project-create"),
    path("projects/<int:pk>/", speedups.project_detail, name="project-detail"),
    path("projects/<int:pk>/edit/", speedups.project_edit, name="project-edit"),
    path("joint-items/", speedups.joint_item_list, name="joint-item-list"),
    path("joint-items/new/", speedups.joint_item_create, name="joint-item-create"),
    path("joint-items/<int:pk>/edit/", speedups.joint_item_edit, name="joint-item-edit"),
    path("satisfaction/", satisfaction.satisfaction, name="satisfaction"),
    path("satisfaction/import/", satisfaction.satisfaction_import, name="satisfaction-import"),
    path("satisfaction/template.xlsx", satisfaction.satisfaction_template, name="satisfaction-template"),
    path("<slug:kind>/", records.record_list, name="record-list"),
    path("<slug:kind>/export.xlsx", records.record_export, name="record-export"),
    path("<slug:kind>/<int:pk>/", records.record_detail, name="record-detail"),
    path("<slug:kind>/<int:pk>/edit/", logging.record_edit, name="record-edit"),
    path("<slug:kind>/<int:pk>/review/", review.record_review, name="record-review"),
    path("<slug:kind>/<int:pk>/history/", records.record_history, name="record-history"),
]
