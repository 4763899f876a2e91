"""The app's pages, each feature's own (``branches/<feature>/urls.py``), under one namespace."""

from django.urls import include, path

app_name = "branches"

urlpatterns = [
    path("", include("branches.organisation.urls")),
    path("", include("branches.brand.urls")),
    path("", include("branches.pledges.urls")),
    path("", include("branches.honours.urls")),
    path("", include("branches.people.urls")),
    path("", include("branches.lectures.urls")),
    path("", include("branches.mentoring.urls")),
    path("", include("branches.ratings.urls")),
    path("", include("branches.display.urls")),
    path("", include("branches.downloads.urls")),
]
