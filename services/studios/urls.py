"""工作室: the studios, their cases and their firsts."""

from django.urls import path

from services.studios import views

urlpatterns = [
    path("studios/", views.studio_list, name="studio-list"),
    path("studios/<int:pk>/", views.studio_detail, name="studio-detail"),
    path("studios/<int:pk>/cases/new/", views.case_create, name="case-create"),
    path("studios/cases/<int:pk>/edit/", views.case_edit, name="case-edit"),
    path("studios/<int:pk>/firsts/new/", views.milestone_create, name="milestone-create"),
    path("studios/firsts/<int:pk>/edit/", views.milestone_edit, name="milestone-edit"),
    path("studios/firsts/<int:pk>/delete/", views.milestone_delete, name="milestone-delete"),
]
