from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from branches.lectures import views as lectures
from torchbearer import accounts, dashboards, display, groups, pillars, views
from torchbearer.reports import views as reports

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="dashboard", permanent=False)),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("c/<str:code>", lectures.lecture_check_in_link, name="lecture-check-in-link"),  # short, for the QR code
    path("dashboard/", dashboards.dashboard, name="dashboard"),
    path("groups/<int:pk>/", groups.group_page, name="group-page"),
    path("pillars/lead/", pillars.lead, name="pillar-lead"),
    path("pillars/pass-on/", pillars.pass_on, name="pillar-pass-on"),
    path("pillars/dedicate/", pillars.dedicate, name="pillar-dedicate"),
    path("pillars/serve/", pillars.serve, name="pillar-serve"),
    path("display/<str:token>/", display.hall_display, name="hall-display"),  # no login: the token is the key
    path("reports/annual/", reports.annual_report, name="annual-report"),
    re_path(r"^reports/annual\.(?P<kind>docx|xlsx)$", reports.annual_report_file, name="annual-report-file"),
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/large-text/", accounts.large_text, name="large-text"),
    path("accounts/password/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/password/reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password/reset/sent/", accounts.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/password/reset/done/", accounts.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("i18n/", include("django.conf.urls.i18n")),
    # the studios' pages were under org/ until their feature moved to services/
    path(
        "org/studios/",
        RedirectView.as_view(pattern_name="services:studio-list", permanent=True, query_string=True),
        name="studio-list-moved",
    ),
    path(
        "org/studios/<int:pk>/",
        RedirectView.as_view(pattern_name="services:studio-detail", permanent=True),
        name="studio-detail-moved",
    ),
    path("org/", include("branches.urls")),
    path("services/", include("services.urls")),
    path("media/<path:path>", views.media, name="media"),
    path("admin/", admin.site.urls),
]
