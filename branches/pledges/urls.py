"""Pledges and brands."""

from django.urls import path

from branches.pledges import brands, views

urlpatterns = [
    path("branches/<int:branch_pk>/brand/new/", brands.brand_create, name="brand-create"),
    path("brands/", brands.brand_list, name="brand-list"),
    path("brands/<int:pk>/", brands.brand_detail, name="brand-detail"),
    path("brands/<int:pk>/edit/", brands.brand_edit, name="brand-edit"),
    path("pledges/", views.pledge_board, name="pledge-board"),
    path("pledges/new/", views.pledge_create, name="pledge-create"),
    path("pledges/<int:pk>/edit/", views.pledge_edit, name="pledge-edit"),
    path("me/pledge/", views.my_pledge, name="my-pledge"),
]
