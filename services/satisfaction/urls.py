"""满意率: the rate and its import."""

from django.urls import path

from services.satisfaction import views

urlpatterns = [
    path("satisfaction/", views.satisfaction, name="satisfaction"),
    path("satisfaction/import/", views.satisfaction_import, name="satisfaction-import"),
    path("satisfaction/template.xlsx", views.satisfaction_template, name="satisfaction-template"),
]
