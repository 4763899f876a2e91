from django.urls import path

from branches.downloads import views

urlpatterns = [
    path("downloads/<int:pk>/", views.prepared_file, name="prepared-file"),
    path("downloads/<int:pk>/file/", views.prepared_file_download, name="prepared-file-download"),
]
