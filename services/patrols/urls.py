"""每日一巡: the month's patrol plan."""

from django.urls import path

from services.patrols import views

urlpatterns = [
    path("patrols/plan/", views.patrol_plan, name="patrol-plan"),
]
