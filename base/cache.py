"""Whole-page caching for anonymous visitors, made stale by any change to what pages show.

Every cached page is stored with the global content version it was rendered under. Saving or
deleting any model of the apps in CONTENT_APPS (or calling `content_changed()` after a bulk
update) bumps the version, so the next request renders afresh on every server sharing the cache.
A page is never kept past the moment the next scheduled guide goes live.
"""

import hashlib
import math
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re, patch_cache_control, set_response_etag
from django.utils.http import http_date

CONTENT_APPS = ("base", "articles", "treatments")
VERSION_KEY = "pages:version"
NEXT_PUBLISH_KEY = "pages:next-publish"
# Pages that differ per visitor, carry forms with CSRF tokens, or have unbounded addresses.
UNCACHED_PREFIXES = ("/admin/", "/consultation/", "/newsletter/", "/search/", "/media/")
# Cookies that make a response personal: a session (staff, form state) or a pending message.
PERSONAL_COOKIES = ("messages",)
NO_SCHEDULED_GUIDE = 0


def _fresh_version():
    # Starting from the clock (not 1) means a version lost from the cache is never reused.
    return time.time_ns() // 1_000_000


def content_version():
    """Return the current content version, creating it if the cache has none."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _fresh_version(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def _bump():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet: any fresh one is newer than every stored page
        cache.add(VERSION_KEY, _fresh_version(), timeout=None)


def content_changed(sender=None, **kwargs):
    """Make every cached page stale now and again once the current transaction commits."""
    # The first bump shows the change to this process at once; the second stops a request that
    # rendered the old rows just before the commit from caching them under the new version.
    _bump()
    transaction.on_commit(_bump)
    if sender is None or sender._meta.label == "articles.Article":
        cache.delete(NEXT_PUBLISH_KEY)
        transaction.on_commit(_next_publish_refresh)


def content_signals_connect():
    """Bump the content version whenever a model that pages show is saved or deleted."""
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models():
            uid = f"page-cache:{model._meta.label}"
            post_save.connect(content_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(content_changed, sender=model, dispatch_uid=uid)
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    _m2m_changed,
                    sender=field.remote_field.through,
                    dispatch_uid=f"page-cache:{model._meta.label}.{field.name}",
                )


def _m2m_changed(action, sender, **kwargs):
    # sender is the join table: it never holds a publish time, so the schedule stays as it is.
    if action.startswith("post_"):
        content_changed(sender=sender)


def _next_publish_refresh():
    """Store and return when the next scheduled guide goes live (a timestamp; 0 if none is)."""
    from articles.models import Article

    when = (
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    timestamp = when.timestamp() if when else NO_SCHEDULED_GUIDE
    cache.set(NEXT_PUBLISH_KEY, timestamp, timeout=None)
    return timestamp


def _page_timeout():
    """Return how long a page may be kept: the default, cut short by the next scheduled guide."""
    timeout = settings.PAGE_CACHE_SECONDS
    next_publish = cache.get(NEXT_PUBLISH_KEY)
    if next_publish is None or NO_SCHEDULED_GUIDE < next_publish <= time.time():
        next_publish = _next_publish_refresh()
    if next_publish != NO_SCHEDULED_GUIDE:
        timeout = min(timeout, math.floor(next_publish - time.time()))
    return timeout


def _is_personal(request):
    return any(
        name in request.COOKIES for name in (settings.SESSION_COOKIE_NAME, *PERSONAL_COOKIES)
    )


def _may_serve_from_cache(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.path.startswith(UNCACHED_PREFIXES)
        and not _is_personal(request)
    )


def may_store(response):
    """Return True when a response is the same for every anonymous visitor."""
    cache_control = response.get("Cache-Control", "").lower()
    vary = {header.lower() for header in cc_delim_re.split(response.get("Vary", "")) if header}
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        and "no-cache" not in cache_control
        and vary <= {"cookie"}
    )


class PageCacheMiddleware:
    """Serve anonymous GET and HEAD requests for public pages from the shared cache.

    Sits inside ConditionalGetMiddleware (so cached pages answer If-None-Match with 304) and
    outside the middleware that adds headers (CSP, X-Frame-Options), so a cached page carries
    exactly the headers it was rendered with.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _may_serve_from_cache(request):
            response = self.get_response(request)
            if _is_personal(request):
                patch_cache_control(response, private=True, no_cache=True)
            return response
        key = (
            "pages:"
            + hashlib.md5(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
        )
        # One round trip for both: a hit costs a single cache read.
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY) or content_version()
        stored = found.get(key)
        if stored is not None and stored[0] == version:
            _, content, headers = stored
            response = HttpResponse(content)
            for name, value in headers:
                response.headers[name] = value
            return response
        response = self.get_response(request)
        if request.method == "GET" and may_store(response):
            self._store(key, version, response)
        return response

    def _store(self, key, version, response):
        # Stored with the version it was rendered under: after any change the entry no longer
        # matches and is rendered afresh, whichever server reads it.
        if "Cache-Control" not in response:
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        if "ETag" not in response:
            set_response_etag(response)
        response.headers.setdefault("Last-Modified", http_date())
        timeout = _page_timeout()
        if timeout > 0:
            cache.set(key, (version, response.content, list(response.items())), timeout)
