from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Home page"

    def ready(self):
        from base.cache import content_app_watch

        content_app_watch(self)
