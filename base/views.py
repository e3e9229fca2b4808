import logging

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.db import connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe
from django.views.static import serve

from base.cache import cache_reachable
from base.images import is_unchanging_name

logger = logging.getLogger(__name__)

ONE_DAY = 24 * 60 * 60
ONE_YEAR = 365 * ONE_DAY


@require_safe
def sitemap(request, sitemaps):
    """Serve one sitemap while every section fits on a page, else an index of the pages."""
    if all(section().paginator.num_pages <= 1 for section in sitemaps.values()):
        return sitemap_views.sitemap(request, sitemaps=sitemaps)
    return sitemap_views.index(request, sitemaps=sitemaps, sitemap_url_name="sitemap-section")


@require_safe
@cache_control(public=True, max_age=3600)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /consultation/thanks/",
        "Disallow: /newsletter/",
        "Disallow: /search/",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(public=True, max_age=86400)
def favicon(request):
    """Point browsers that ask for /favicon.ico (the admin has no icon link) at the SVG icon."""
    return redirect(static("img/favicon.svg"))


@require_safe
@never_cache
def healthz(request):
    """Answer 503 when the database is unreachable; 200 otherwise, saying if the cache is down.

    The site serves without its cache (only slower), so a cache outage is "degraded", not a
    reason for a load balancer to take the server out of service.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check could not reach the database")
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    if not cache_reachable():
        return JsonResponse({"status": "degraded", "database": "ok", "cache": "unreachable"})
    return JsonResponse({"status": "ok", "database": "ok", "cache": "ok"})


@require_safe
def media(request, path):
    """Serve an uploaded file from MEDIA_ROOT (single-machine deployments)."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if is_unchanging_name(path):
        patch_cache_control(response, public=True, max_age=ONE_YEAR, immutable=True)
    else:
        patch_cache_control(response, public=True, max_age=ONE_DAY)
    return response


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without the request or database: whatever broke must not break this page too.
    return HttpResponseServerError(
        loader.render_to_string("500.html", {"SITE_URL": settings.SITE_URL})
    )


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
