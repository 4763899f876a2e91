"""A URL configuration that puts the lectures elsewhere (tests/kernel/test_paths.py)."""

from django.urls import include, path

from branches.lectures import views as lectures

branches_patterns = ([path("lectures/<int:pk>/", lectures.lecture_detail, name="lecture-detail")], "branches")

urlpatterns = [path("elsewhere/", include(branches_patterns))]
