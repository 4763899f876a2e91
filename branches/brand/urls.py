"""The brand page and its edit page."""

from django.urls import path

from branches.brand import views

urlpatterns = [
    path("brand/", views.brand_page, name="party-brand"),
    path("brand/edit/", views.brand_edit, name="party-brand-edit"),
]
