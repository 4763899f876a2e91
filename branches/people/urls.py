"""People: the directory, a person's page, development, the roster in Excel."""

from django.urls import path

from branches.people import roster, views

urlpatterns = [
    path("people/", views.person_list, name="person-list"),
    path("people/export.xlsx", roster.people_export, name="person-export"),
    # the people pickers' search as you type, by the name of the rule a picker offers people by
    path("people/search/<slug:rule>/", views.person_search, name="person-search"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("people/<int:pk>/steps/", views.development_step_add, name="development-step-add"),
    path("people/<int:pk>/password/", views.temporary_password, name="person-temporary-password"),
    path("development/", views.development_pipeline, name="development-pipeline"),
    path("me/", views.my_page, name="my-page"),
    path("roster/import/", roster.roster_import, name="roster-import"),
    path("roster/template/<str:kind>.xlsx", roster.roster_template, name="roster-template"),
]
