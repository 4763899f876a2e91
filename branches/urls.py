from django.urls import path

from branches.views import lectures, mentoring, organisation, people, roster, studios

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
    path("lectures/", lectures.lecture_list, name="lecture-list"),
    path("lectures/new/", lectures.lecture_create, name="lecture-create"),
    path("lectures/check-in/", lectures.lecture_check_in, name="lecture-check-in"),
    path("lectures/<int:pk>/", lectures.lecture_detail, name="lecture-detail"),
    path("lectures/<int:pk>/edit/", lectures.lecture_edit, name="lecture-edit"),
    path("lectures/<int:pk>/code/", lectures.lecture_projector, name="lecture-projector"),
    path("lectures/<int:pk>/register/", lectures.lecture_register, name="lecture-register"),
    path("lectures/<int:pk>/questions/", lectures.lecture_question_add, name="lecture-question-add"),
    path("lectures/<int:pk>/materials/", lectures.lecture_material_add, name="lecture-material-add"),
    path(
        "lectures/<int:pk>/materials/<int:material_pk>/",
        lectures.lecture_material_download,
        name="lecture-material-download",
    ),
    path("lectures/<int:pk>/attend/", lectures.lecture_attend, name="lecture-attend"),
    path("lectures/<int:pk>/feedback/", lectures.lecture_feedback, name="lecture-feedback"),
    path("mentoring/", mentoring.mentorship_list, name="mentorship-list"),
    path("mentoring/new/", mentoring.mentorship_create, name="mentorship-create"),
    path("mentoring/<int:pk>/", mentoring.mentorship_detail, name="mentorship-detail"),
    path("mentoring/<int:pk>/sessions/", mentoring.mentorship_session_add, name="mentorship-session-add"),
    path("mentoring/<int:pk>/evaluate/<str:stage>/", mentoring.mentorship_evaluate, name="mentorship-evaluate"),
    path("mentoring/<int:pk>/end/", mentoring.mentorship_end, name="mentorship-end"),
    path("studios/", studios.studio_list, name="studio-list"),
    path("studios/<int:pk>/", studios.studio_detail, name="studio-detail"),
]
