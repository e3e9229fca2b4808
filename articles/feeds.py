from django.contrib.syndication.views import Feed
from django.urls import reverse

from articles.models import Article
from base.templatetags.site_tags import absolute_url

FEED_LENGTH = 20


class LatestGuidesFeed(Feed):
    """RSS feed of the newest published guides."""

    title = "Solenne Med Spa guides"
    description = "Honest, plain-spoken guides to non-surgical body and skin treatments."

    def link(self):
        return absolute_url(reverse("articles:list"))

    def feed_url(self):
        return absolute_url(reverse("articles:feed"))

    def items(self):
        return (
            Article.objects.published()
            .select_related("author")
            .prefetch_related("topics")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_on or item.published_at

    def item_author_name(self, item):
        return item.author.name

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]
