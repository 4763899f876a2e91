"""党员示范岗评选: the rounds, nominating, scoring, deciding, the wall."""

from django.urls import path

from branches.ratings import views

urlpatterns = [
    path("ratings/", views.rating_round_list, name="rating-round-list"),
    path("ratings/new/", views.rating_round_create, name="rating-round-create"),
    path("ratings/<int:pk>/", views.rating_round_detail, name="rating-round-detail"),
    path("ratings/<int:pk>/edit/", views.rating_round_edit, name="rating-round-edit"),
    path("ratings/<int:pk>/advance/<str:step>/", views.rating_round_advance, name="rating-round-advance"),
    path("ratings/<int:pk>/nominate/", views.rating_nominate, name="rating-nominate"),
    path("ratings/<int:pk>/score/", views.rating_score, name="rating-score"),
    path("ratings/<int:pk>/decide/", views.rating_decide, name="rating-decide"),
    path("ratings/nominations/<int:pk>/withdraw/", views.rating_nomination_withdraw, name="rating-nomination-withdraw"),
    path("wall/", views.rating_wall, name="rating-wall"),
]
