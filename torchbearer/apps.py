from django.apps import AppConfig


class TorchbearerConfig(AppConfig):
    name = "torchbearer"

    def ready(self):
        from torchbearer import caches

        caches.connect()
