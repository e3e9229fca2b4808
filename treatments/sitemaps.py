from django.urls import reverse

from base.sitemaps import SiteSitemap
from treatments.models import Treatment


class TreatmentListSitemap(SiteSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return ["treatments:list"]

    def location(self, item):
        return reverse(item)


class TreatmentSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Treatment.objects.published().order_by("slug")

    def lastmod(self, treatment):
        return treatment.updated_at


sitemaps = {"treatments-index": TreatmentListSitemap, "treatments": TreatmentSitemap}
