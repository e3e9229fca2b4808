from django.db.models import Max
from django.db.models.functions import Coalesce
from django.urls import reverse

from articles.models import Article, Topic
from base.sitemaps import SiteSitemap


class ArticleSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.8
    # Past this many guides /sitemap.xml becomes an index of pages, each quick to build.
    limit = 1000

    def items(self):
        # Only what an entry needs: loading every body makes a large sitemap slow.
        fields = ("slug", "published_at", "updated_on")
        return Article.objects.published().only(*fields).order_by("-published_at", "-pk")

    def lastmod(self, item):
        return item.updated_on or item.published_at

    def get_latest_lastmod(self):
        # One query: the default reads every guide once for each page of the index.
        latest = Coalesce("updated_on", "published_at")
        return self.items().aggregate(latest=Max(latest))["latest"]


class GuideIndexSitemap(SiteSitemap):
    """The guide list and every topic that has a published guide."""

    changefreq = "weekly"

    def items(self):
        topics = Topic.objects.filter(articles__in=Article.objects.published()).distinct()
        return [reverse("articles:list"), *(topic.get_absolute_url() for topic in topics)]

    def location(self, item):
        return item


sitemaps = {"guides": ArticleSitemap, "guide-index": GuideIndexSitemap}
