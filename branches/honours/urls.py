"""Honours."""

from django.urls import path

from branches.honours import views

urlpatterns = [
    path("honours/", views.honour_list, name="honour-list"),
]
