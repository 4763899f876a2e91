from django.urls import path

from services.views import logging, notifications, records, review

app_name = "services"

urlpatterns = [
    path("log/", logging.log_choose, name="log-choose"),
    path("log/<slug:kind>/", logging.log_record, name="record-log"),
    path("mine/", records.my_records, name="my-records"),
    path("review/", review.review_queue, name="review-queue"),
    path("review/selected/", review.review_selected, name="review-selected"),
    path("notifications/", notifications.notification_list, name="notification-list"),
    path("notifications/read/", notifications.notification_read_all, name="notification-read-all"),
    path("notifications/<int:pk>/", notifications.notification_open, name="notification-open"),
    path("<slug:kind>/", records.record_list, name="record-list"),
    path("<slug:kind>/export.xlsx", records.record_export, name="record-export"),
    path("<slug:kind>/<int:pk>/", records.record_detail, name="record-detail"),
    path("<slug:kind>/<int:pk>/edit/", logging.record_edit, name="record-edit"),
    path("<slug:kind>/<int:pk>/review/", review.record_review, name="record-review"),
    path("<slug:kind>/<int:pk>/history/", records.record_history, name="record-history"),
]
