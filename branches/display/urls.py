"""The committee office's pages of hall displays (the display page itself is torchbearer's)."""

from django.urls import path

from branches.display import views

urlpatterns = [
    path("displays/", views.display_list, name="display-list"),
    path("displays/new/", views.display_issue, name="display-issue"),
    path("displays/<int:pk>/revoke/", views.display_revoke, name="display-revoke"),
]
