"""The organisation's pages: branches, the hall map."""

from django.urls import path

from branches.organisation import views

urlpatterns = [
    path("branches/", views.branch_list, name="branch-list"),
    path("branches/<int:pk>/", views.branch_detail, name="branch-detail"),
    path("windows/coverage/", views.window_coverage, name="window-coverage"),
]
