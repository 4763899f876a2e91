"""The records staff log: logging, my records, the review queue, the lists of each kind.

Included last: the kinds' slugs come first in their paths."""

from django.urls import path

from services.records import backfill_views, views

urlpatterns = [
    path("log/", views.log_choose, name="log-choose"),
    path("log/<slug:kind>/", views.log_record, name="record-log"),
    path("mine/", views.my_records, name="my-records"),
    path("review/", views.review_queue, name="review-queue"),
    path("review/selected/", views.review_selected, name="review-selected"),
    path("backfill/", backfill_views.backfill_import, name="record-backfill"),
    path("backfill/<slug:kind>/template.xlsx", backfill_views.backfill_template, name="record-backfill-template"),
    path("<slug:kind>/", views.record_list, name="record-list"),
    path("<slug:kind>/export.xlsx", views.record_export, name="record-export"),
    path("<slug:kind>/<int:pk>/", views.record_detail, name="record-detail"),
    path("<slug:kind>/<int:pk>/edit/", views.record_edit, name="record-edit"),
    path("<slug:kind>/<int:pk>/review/", views.record_review, name="record-review"),
    path("<slug:kind>/<int:pk>/history/", views.record_history, name="record-history"),
]
