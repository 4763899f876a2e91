"""Honours: the list, and keeping them."""

from django.urls import path

from branches.honours import views

urlpatterns = [
    path("honours/", views.honour_list, name="honour-list"),
    path("honours/new/", views.honour_create, name="honour-create"),
    path("honours/<int:pk>/edit/", views.honour_edit, name="honour-edit"),
    path("honours/<int:pk>/delete/", views.honour_delete, name="honour-delete"),
]
