"""The site's real URLs plus one view that raises, to see the 500 page (test-only URLconf)."""

from django.urls import path

from spa_site.urls import handler404, handler500
from spa_site.urls import urlpatterns as site_urlpatterns

__all__ = ["handler404", "handler500", "urlpatterns"]


def broken_view(request):
    raise RuntimeError("Deliberate failure to render the 500 page")


urlpatterns = [path("test-only/broken/", broken_view), *site_urlpatterns]
