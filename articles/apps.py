from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Guides"

    def ready(self):
        from articles.models import Article
        from base.cache import content_app_watch, content_schedule_watch

        content_app_watch(self)
        content_schedule_watch(model=Article, next_change=Article.objects.next_publish_at)
