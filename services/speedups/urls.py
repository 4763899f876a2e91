"""统办制 projects and 联办事项 joint items."""

from django.urls import path

from services.speedups import views

urlpatterns = [
    path("projects/", views.project_list, name="project-list"),
    path("projects/new/", views.project_create, name="project-create"),
    path("projects/<int:pk>/", views.project_detail, name="project-detail"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project-edit"),
    path("joint-items/", views.joint_item_list, name="joint-item-list"),
    path("joint-items/new/", views.joint_item_create, name="joint-item-create"),
    path("joint-items/<int:pk>/edit/", views.joint_item_edit, name="joint-item-edit"),
]
