from django.apps import AppConfig


class BaseConfig(AppConfig):
    name = "base"
    verbose_name = "Business profile, team and reviews"

    def ready(self):
        from base import signals  # noqa: F401
