from django.apps import AppConfig


class BaseConfig(AppConfig):
    name = "base"
    verbose_name = "Business profile and team"

    def ready(self):
        from base.cache import content_app_watch
        from base.models import EdgePurge

        # Purge records are not content: saving one must not queue another purge.
        content_app_watch(self, exclude=[EdgePurge])
