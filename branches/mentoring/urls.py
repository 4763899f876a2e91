"""导师帮带: the pairings."""

from django.urls import path

from branches.mentoring import views

urlpatterns = [
    path("mentoring/", views.mentorship_list, name="mentorship-list"),
    path("mentoring/new/", views.mentorship_create, name="mentorship-create"),
    path("mentoring/<int:pk>/", views.mentorship_detail, name="mentorship-detail"),
    path("mentoring/<int:pk>/sessions/", views.mentorship_session_add, name="mentorship-session-add"),
    path("mentoring/<int:pk>/evaluate/<str:stage>/", views.mentorship_evaluate, name="mentorship-evaluate"),
    path("mentoring/<int:pk>/end/", views.mentorship_end, name="mentorship-end"),
]
