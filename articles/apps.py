from django.apps import AppConfig

# What a revision of a guide keeps: everything staff edit, not derived or bookkeeping fields.
REVISION_FIELDS = [
    "title",
    "slug",
    "summary",
    "body",
    "hero_image",
    "hero_alt",
    "hero_caption",
    "topics",
    "author",
    "medical_reviewer",
    "reviewed_on",
    "review_due_on",
    "related_treatments",
    "related_guides",
    "seo_title",
    "seo_description",
    "status",
    "published_at",
    "updated_on",
]


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Guides"

    def ready(self):
        import reversion

        from articles.models import (
            Article,
            ArticleEditSession,
            ArticleRevision,
            ExternalLink,
            GuideImage,
        )
        from base.cache import content_app_watch, content_schedule_watch

        # Editor bookkeeping and the link checker's findings never show on a page.
        content_app_watch(
            self, exclude={ArticleRevision, ArticleEditSession, GuideImage, ExternalLink}
        )
        content_schedule_watch(model=Article, next_change=Article.objects.next_change_at)
        reversion.register(Article, fields=REVISION_FIELDS)
