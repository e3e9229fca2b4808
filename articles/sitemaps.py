from django.urls import reverse

from articles.models import Article, Topic
from base.sitemaps import SiteSitemap


class ArticleSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Article.objects.published().order_by("-published_at", "-pk")

    def lastmod(self, item):
        return item.updated_on or item.published_at


class GuideIndexSitemap(SiteSitemap):
    """The guide list and every topic that has a published guide."""

    changefreq = "weekly"

    def items(self):
        topics = Topic.objects.filter(articles__in=Article.objects.published()).distinct()
        return [reverse("articles:list"), *(topic.get_absolute_url() for topic in topics)]

    def location(self, item):
        return item


sitemaps = {"guides": ArticleSitemap, "guide-index": GuideIndexSitemap}
