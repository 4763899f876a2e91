"""The app's pages, each feature's own (``services/<feature>/urls.py``), under one namespace."""

from django.urls import include, path

app_name = "services"

urlpatterns = [
    path("", include("services.notifications.urls")),
    path("", include("services.problems.urls")),
    path("", include("services.speedups.urls")),
    path("", include("services.satisfaction.urls")),
    path("", include("services.studios.urls")),
    path("", include("services.patrols.urls")),
    path("", include("services.records.urls")),  # last: the kinds' slugs come first in its paths
]
