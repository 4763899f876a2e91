"""工作室: the studios and their cases."""

from django.urls import path

from services.studios import views

urlpatterns = [
    path("studios/", views.studio_list, name="studio-list"),
    path("studios/<int:pk>/", views.studio_detail, name="studio-detail"),
]
