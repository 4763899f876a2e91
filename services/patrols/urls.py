"""每日一巡: the month's patrol plan and duty rota."""

from django.urls import path

from services.patrols import views

urlpatterns = [
    path("patrols/plan/", views.patrol_plan, name="patrol-plan"),
    path("patrols/rota/", views.duty_rota, name="duty-rota"),
    path("patrols/rota/<int:branch>/<int:year>/<int:month>/", views.duty_rota_edit, name="duty-rota-edit"),
]
