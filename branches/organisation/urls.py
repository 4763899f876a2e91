"""The organisation's pages: branches, the hall map, a branch's zones and groups."""

from django.urls import path

from branches.organisation import views

urlpatterns = [
    path("branches/", views.branch_list, name="branch-list"),
    path("branches/<int:pk>/", views.branch_detail, name="branch-detail"),
    path("windows/coverage/", views.window_coverage, name="window-coverage"),
    path("zones/new/", views.zone_create, name="zone-create"),
    path("zones/<int:pk>/edit/", views.zone_edit, name="zone-edit"),
    path("groups/new/", views.group_create, name="group-create"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group-edit"),
]
