"""Top-level URL configuration: each app owns its own URLs and sitemap."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path

from articles.sitemaps import sitemaps as article_sitemaps
from base import views as base_views
from base.cache import page_query_parameters
from pages.sitemaps import sitemaps as page_sitemaps
from treatments.sitemaps import sitemaps as treatment_sitemaps

sitemaps = {**page_sitemaps, **article_sitemaps, **treatment_sitemaps}

urlpatterns = [
    path("", include("pages.urls")),
    path("", include("base.urls")),
    path("guides/", include("articles.urls")),
    path("treatments/", include("treatments.urls")),
    path("consultation/", include("consultations.urls")),
    path("newsletter/", include("newsletter.urls")),
    path("admin/", admin.site.urls),
    # Sitemap sections are paged with ?p= (1,000 entries a page).
    path(
        "sitemap.xml",
        page_query_parameters("p")(base_views.sitemap),
        {"sitemaps": sitemaps},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        page_query_parameters("p")(sitemap_views.sitemap),
        {"sitemaps": sitemaps},
        name="sitemap-section",
    ),
]

if settings.MEDIA_STORAGE == "local":
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", base_views.media, name="media"),
    ]

handler404 = "base.views.page_not_found"
handler500 = "base.views.server_error"
