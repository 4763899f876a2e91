"""政务讲堂: the calendar, a lecture's page, check-in, its questions and materials."""

from django.urls import path

from branches.lectures import views

urlpatterns = [
    path("lectures/", views.lecture_list, name="lecture-list"),
    path("lectures/new/", views.lecture_create, name="lecture-create"),
    path("lectures/check-in/", views.lecture_check_in, name="lecture-check-in"),
    path("lectures/<int:pk>/", views.lecture_detail, name="lecture-detail"),
    path("lectures/<int:pk>/edit/", views.lecture_edit, name="lecture-edit"),
    path("lectures/<int:pk>/code/", views.lecture_projector, name="lecture-projector"),
    path("lectures/<int:pk>/register/", views.lecture_register, name="lecture-register"),
    path("lectures/<int:pk>/questions/", views.lecture_question_add, name="lecture-question-add"),
    path("lectures/<int:pk>/questions/<int:question_pk>/", views.lecture_question_edit, name="lecture-question-edit"),
    path("lectures/<int:pk>/materials/", views.lecture_material_add, name="lecture-material-add"),
    path(
        "lectures/<int:pk>/materials/<int:material_pk>/remove/",
        views.lecture_material_remove,
        name="lecture-material-remove",
    ),
    path("lectures/<int:pk>/materials/<int:material_pk>/", views.lecture_material_download, name="lecture-material-download"),
    path("lectures/<int:pk>/attend/", views.lecture_attend, name="lecture-attend"),
    path("lectures/<int:pk>/feedback/", views.lecture_feedback, name="lecture-feedback"),
]
