from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TorchbearerConfig(AppConfig):
    name = "torchbearer"
    default = True  # this module also holds LockoutConfig

    def ready(self):
        from torchbearer import caches

        caches.connect()


class LockoutConfig(AxesAppConfig):
    """django-axes under a name the office reads in the admin (its own is "Axes"); its labels'
    Chinese is in torchbearer/third_party.py, since axes ships no zh_Hans catalog."""

    verbose_name = _("Login lock-out")
