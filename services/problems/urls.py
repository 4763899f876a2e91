"""问题闭环: the problem loop and its round-tables."""

from django.urls import path

from services.problems import round_tables, views

urlpatterns = [
    path("problems/", views.problem_list, name="problem-list"),
    path("problems/export.xlsx", views.problem_export, name="problem-export"),
    path("problems/report/", views.problem_report, name="problem-report"),
    path("problems/<int:pk>/", views.problem_detail, name="problem-detail"),
    path("problems/<int:pk>/start/", views.problem_start, name="problem-start"),
    path("problems/<int:pk>/resolve/", views.problem_resolve, name="problem-resolve"),
    path("problems/<int:pk>/verify/", views.problem_verify, name="problem-verify"),
    path("measures/<int:pk>/done/", views.measure_done, name="measure-done"),
    path("round-tables/new/", round_tables.round_table_create, name="round-table-create"),
    path("patrol/<int:pk>/problem/", views.problem_from_patrol, name="problem-from-patrol"),
]
