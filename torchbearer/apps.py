from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class TorchbearerConfig(AppConfig):
    name = "torchbearer"
    default = True  # this module also holds LockoutConfig

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from torchbearer import accounts, caches

        caches.connect()
        user_logged_in.connect(accounts.remember_large_text, dispatch_uid="remember_large_text")


class LockoutConfig(AxesAppConfig):
    """django-axes under a name the office reads in the admin (its own is "Axes"); its labels'
    Chinese is in torchbearer/third_party.py, since axes ships no zh_Hans catalog."""

    verbose_name = _("Login lock-out")


class TaskResultsConfig(TasksAppConfig):
    """django-tasks' database backend under a name the office reads in the admin, where the failed
    attempts of background work are seen; its labels' Chinese is in torchbearer/third_party.py."""

    verbose_name = _("Background tasks")

    def ready(self):
        super().ready()
        # The one label the package leaves untranslatable (its field is named, not labelled).
        self.get_model("DBTaskResult")._meta.get_field("id").verbose_name = _("task id")
