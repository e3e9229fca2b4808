from django.urls import reverse

from base.sitemaps import SiteSitemap


class StaticPagesSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return ["pages:home", "pages:about"]

    def location(self, item):
        return reverse(item)


sitemaps = {"pages": StaticPagesSitemap}
