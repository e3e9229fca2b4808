import logging

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.db import connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe
from django.views.static import serve

logger = logging.getLogger(__name__)


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
    """Answer 200 when the app can reach its database, 503 when it cannot."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check could not reach the database")
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
@cache_control(public=True, max_age=86400)
def media(request, path):
    """Serve an uploaded file from MEDIA_ROOT (single-machine deployments)."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without the request or database: whatever broke must not break this page too.
    return HttpResponseServerError(
        loader.render_to_string("500.html", {"SITE_URL": settings.SITE_URL})
    )


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
