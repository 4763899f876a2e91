from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BranchesConfig(AppConfig):
    name = "branches"
    verbose_name = _("Organisation")

    def ready(self):
        from branches import coverage, lecture_counts, stage_dates

        coverage.connect()
        lecture_counts.connect()
        stage_dates.connect()
