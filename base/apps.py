from django.apps import AppConfig


class BaseConfig(AppConfig):
    name = "base"
    verbose_name = "Business profile, team and reviews"

    def ready(self):
        from base.cache import content_signals_connect

        content_signals_connect()
