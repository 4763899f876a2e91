from django.urls import path

from branches.views import organisation, people, roster

app_name = "branches"

urlpatterns = [
    path("branches/", organisation.branch_list, name="branch-list"),
    path("branches/<int:pk>/", organisation.branch_detail, name="branch-detail"),
    path("windows/coverage/", organisation.window_coverage, name="window-coverage"),
    path("people/", people.person_list, name="person-list"),
    path("people/export.xlsx", roster.people_export, name="person-export"),
    path("people/<int:pk>/", people.person_detail, name="person-detail"),
    path("people/<int:pk>/edit/", people.person_edit, name="person-edit"),
    path("people/<int:pk>/steps/", people.development_step_add, name="development-step-add"),
    path("me/", people.my_page, name="my-page"),
    path("roster/import/", roster.roster_import, name="roster-import"),
    path("roster/template/<str:kind>.xlsx", roster.roster_template, name="roster-template"),
]
