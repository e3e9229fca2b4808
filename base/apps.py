from django.apps import AppConfig


class BaseConfig(AppConfig):
    name = "base"
    verbose_name = "Business profile and team"

    def ready(self):
        from base.cache import content_app_watch

        content_app_watch(self)
