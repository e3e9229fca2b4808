from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class SiteSitemap(Sitemap):
    """A sitemap whose absolute URLs come from SITE_URL rather than the request's host."""

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme


class StaticPagesSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return ["base:home", "base:about"]

    def location(self, item):
        return reverse(item)


sitemaps = {"pages": StaticPagesSitemap}
