"""Whole-page caching for anonymous visitors, made stale by any change to what pages show.

Every cached page is stored with the global content version it was rendered under. Saving or
deleting any model of an app that pages show (each registers itself with `content_app_watch()`),
or calling `content_changed()` after a bulk update, bumps the version, so the next request
renders afresh on every server sharing the cache. A page is never kept past the moment content
registered with `content_schedule_watch()` changes by itself, such as a scheduled guide going live.

A page is cached under its path plus only the query parameters its view declares with
`page_query_parameters()`: tracking parameters and anything else a visitor adds share the one
entry. It is stored ready to send uncompressed, gzipped and in Brotli, so a hit costs no
compression; cached pages hold nothing secret, so compressing them reveals nothing (BREACH).

Shared pages also tell the edge (a CDN or caching proxy in front) how long it may keep them, never
past that moment either, and each content change queues a purge of them there (base/edge.py).
Browsers revalidate every time. Anything not shared says `private`.

Each server process also keeps its most recently served pages in memory. A hit then reads only
the small version number from the shared cache, and the page itself when this process has no
copy of that version yet: still one round trip, so an edit through any server shows at once.

The cache only makes pages faster. While it cannot be reached, pages render from the database
and nothing is stored; once it answers again the version is bumped, so nothing rendered before
an edit made meanwhile is served.
"""

import functools
import hashlib
import logging
import math
import threading
import time
from collections import OrderedDict
from urllib.parse import urlencode

import brotli
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import (
    cc_delim_re,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import http_date
from django.utils.text import compress_string

from base.http import accepted_encodings, is_compressible

logger = logging.getLogger(__name__)

VERSION_KEY = "pages:version"
# Change the number whenever the stored page's shape changes: old entries are then ignored.
PAGE_KEY_PREFIX = "pages:4:"
NEXT_PUBLISH_KEY = "pages:next-publish"
# The tag shared pages carry at the edge, so that one purge drops them all (base/edge.py).
PAGES_TAG = "pages"
# Values derived from content (the next publish time, the business profile) live under the
# content version; old versions' entries expire after this long.
CONTENT_VALUE_SECONDS = 24 * 60 * 60
# Pages that differ per visitor, carry forms with CSRF tokens, or have unbounded addresses.
UNCACHED_PREFIXES = ("/admin/", "/consultation/", "/newsletter/", "/search/", "/media/")
# Cookies that make a response personal: a session (staff, form state) or a pending message.
PERSONAL_COOKIES = ("messages",)
NO_SCHEDULED_GUIDE = 0
# Pages each process keeps in memory: at most about 60 KB each (three encodings), so about
# 12 MB per process.
LOCAL_PAGES = 200
# Brotli's quality 5 compresses a guide almost as well as 11, in a millisecond instead of 70.
BROTLI_QUALITY = 5
ENCODINGS = ("br", "gzip")
MISSING = object()
# Model label -> a callable returning when that model's content next changes by itself (or None).
_schedules = {}

# Set when this process found the cache unreachable; cleared by the version bump on recovery.
_unreachable_seen = False


def _fresh_version():
    # Starting from the clock (not 1) means a version lost from the cache is never reused, so
    # neither shared entries nor copies kept in process memory can match it by accident.
    return time.time_ns()


def content_version(found=MISSING):
    """Return the current content version (found, if just read); None if the cache is down."""
    global _unreachable_seen
    version = cache.get(VERSION_KEY) if found is MISSING else found
    if version is None:
        cache.add(VERSION_KEY, _fresh_version(), timeout=None)
        version = cache.get(VERSION_KEY)
    if version is None:
        _unreachable_seen = True
        logger.warning("Cache unreachable: pages render from the database and are not stored")
    elif _unreachable_seen:
        # Content may have changed while the cache could not be told.
        _unreachable_seen = False
        _bump()
        version = cache.get(VERSION_KEY) or version
    return version


def content_cached(name, compute):
    """Return compute()'s result, kept in the cache until the content next changes."""
    version = content_version()
    if version is None:
        return compute()
    key = f"{name}:{version}"
    value = cache.get(key, MISSING)
    if value is MISSING:
        value = compute()
        cache.set(key, value, timeout=CONTENT_VALUE_SECONDS)
    return value


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
    if settings.EDGE_BACKEND:
        # Imported here: the edge's purge queue is a model, and base.models needs this module.
        from base.edge import edge_purge_queue

        # Robust: a purge that cannot even be queued must not turn a committed save into an error.
        transaction.on_commit(edge_purge_queue, robust=True)


def content_schedule_changed():
    """Forget the stored next scheduled change: a registered model's schedule moved unsaved.

    For changes kept outside the page content (a guide's changes scheduled for later), so the
    next request looks the moment up again and keeps no page past it.
    """

    def forget():
        version = cache.get(VERSION_KEY)
        if version is not None:
            cache.delete(f"{NEXT_PUBLISH_KEY}:{version}")

    forget()
    transaction.on_commit(forget)


def content_app_watch(app_config, *, exclude=()):
    """Bump the content version whenever a model of this app (which pages show) changes."""
    for model in app_config.get_models():
        if model in exclude:
            continue
        uid = f"page-cache:{model._meta.label}"
        post_save.connect(content_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(content_changed, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _m2m_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"page-cache:{model._meta.label}.{field.name}",
            )


def content_schedule_watch(*, model, next_change):
    """Keep no page past next_change(), when this model's content next changes by itself."""
    _schedules[model._meta.label] = next_change


def _m2m_changed(action, sender, **kwargs):
    if action.startswith("post_"):
        content_changed(sender=sender)


def _next_scheduled_change():
    """Return when scheduled content next changes by itself, as a timestamp (0 if nothing is)."""
    when = min(filter(None, (next_change() for next_change in _schedules.values())), default=None)
    return when.timestamp() if when else NO_SCHEDULED_GUIDE


def _next_publish(version):
    """Return the next scheduled change as a timestamp (0 if none), kept under the version."""
    key = f"{NEXT_PUBLISH_KEY}:{version}"
    next_publish = cache.get(key)
    if next_publish is None or NO_SCHEDULED_GUIDE < next_publish <= time.time():
        next_publish = _next_scheduled_change()
        cache.set(key, next_publish, timeout=CONTENT_VALUE_SECONDS)
    return next_publish


def _until(next_publish, seconds):
    """Return seconds, cut short so that they end by the next scheduled change."""
    if next_publish != NO_SCHEDULED_GUIDE:
        return min(seconds, math.floor(next_publish - time.time()))
    return seconds


def _share(response, *, next_publish):
    """Let shared caches keep the page, until the next scheduled change at the latest.

    Browsers revalidate it every time (max-age=0, with its ETag). The edge keeps it for
    EDGE_CACHE_SECONDS, or until a purge, and may serve it stale while it fetches a fresh copy
    or while the app is down. With no edge lifetime it says only what browsers need.
    """
    lifetime = _until(next_publish, settings.EDGE_CACHE_SECONDS)
    if lifetime <= 0:
        response["Cache-Control"] = "public, max-age=0, must-revalidate"
        del response["Cache-Tag"]
        return
    # Nor may a stale copy be served for a fresh one past the next scheduled change.
    revalidate = (
        _until(next_publish, lifetime + settings.EDGE_STALE_WHILE_REVALIDATE_SECONDS) - lifetime
    )
    response["Cache-Control"] = (
        f"public, max-age=0, s-maxage={lifetime}, stale-while-revalidate={revalidate}, "
        f"stale-if-error={settings.EDGE_STALE_IF_ERROR_SECONDS}"
    )
    response["Cache-Tag"] = PAGES_TAG


def _keep_private(response):
    """Mark a response that no shared cache may keep, unless its view set a policy itself."""
    if "Cache-Control" not in response:
        patch_cache_control(response, private=True, no_cache=True)
    return response


def page_query_parameters(*names):
    """Mark a view (function or class) whose page changes with these query parameters.

    The page cache keeps one entry per combination of their values and ignores every other
    parameter, so `?utm_source=...` and the like never add entries.
    """

    def mark(view):
        if isinstance(view, type):
            view.page_query_parameters = frozenset(names)
            return view

        # A wrapper, so that marking a library's view never changes the library's own.
        @functools.wraps(view)
        def marked(*args, **kwargs):
            return view(*args, **kwargs)

        marked.page_query_parameters = frozenset(names)
        return marked

    return mark


@functools.lru_cache(maxsize=2048)
def _query_parameters(urlconf, path):
    try:
        view = resolve(path, urlconf).func
    except Resolver404:
        return frozenset()
    view = getattr(view, "view_class", view)
    return getattr(view, "page_query_parameters", frozenset())


def page_key(request):
    """Return the shared cache key of the page: its path and the query parameters it uses."""
    names = _query_parameters(getattr(request, "urlconf", settings.ROOT_URLCONF), request.path)
    query = urlencode(
        [(name, value) for name in sorted(names) for value in request.GET.getlist(name)]
    )
    address = f"{request.path}?{query}" if query else request.path
    return PAGE_KEY_PREFIX + hashlib.md5(address.encode(), usedforsecurity=False).hexdigest()


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


def _variants(response):
    """Return {encoding: (content, headers)} for the response, "" being uncompressed."""
    headers = dict(response.items())
    variants = {"": (response.content, headers)}
    if is_compressible(response.get("Content-Type", "")) and len(response.content) >= 200:
        compressed = {
            "gzip": compress_string(response.content),
            "br": brotli.compress(response.content, quality=BROTLI_QUALITY),
        }
        for encoding, content in compressed.items():
            variants[encoding] = (
                content,
                {
                    **headers,
                    "Content-Encoding": encoding,
                    "Content-Length": str(len(content)),
                    # Each encoding is its own representation: a weak ETag, as Django's
                    # GZipMiddleware gives, still lets If-None-Match answer 304.
                    "ETag": "W/" + headers["ETag"].removeprefix("W/"),
                },
            )
    return variants


def _response(variants, request):
    """Return the response for the best encoding this request accepts."""
    accepted = accepted_encodings(request)
    encoding = next((name for name in ENCODINGS if name in accepted and name in variants), "")
    content, headers = variants[encoding]
    response = HttpResponse(content)
    for name, value in headers.items():
        response.headers[name] = value
    return response


class PageCacheMiddleware:
    """Serve anonymous GET and HEAD requests for public pages from the shared cache.

    Sits inside ConditionalGetMiddleware (so cached pages answer If-None-Match with 304) and
    outside the middleware that adds headers (CSP, X-Frame-Options), so a cached page carries
    exactly the headers it was rendered with.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.local_pages = LocalPages(LOCAL_PAGES)

    def __call__(self, request):
        if not _may_serve_from_cache(request):
            response = self.get_response(request)
            if _is_personal(request):
                patch_cache_control(response, private=True, no_cache=True)
            return _keep_private(response)
        key = page_key(request)
        version, page = self._lookup(key)
        if page is not None:
            response = _response(page[2], request)
            if page[3] is not None:
                # Recounted on every hit, so the edge never keeps it past the next change.
                _share(response, next_publish=page[3])
            return response
        response = self.get_response(request)
        if version is not None and request.method == "GET" and may_store(response):
            variants = self._store(key, version, response)
            if variants is not None:
                return _response(variants, request)
        return _keep_private(response)

    def _lookup(self, key):
        """Return the current content version and the page stored for it (None if there is none).

        Always a single cache read: the version alone when this process holds a copy of the
        page, otherwise the version and the page together. The version is None while the cache
        cannot be reached.
        """
        local = self.local_pages.get(key)
        if local is None:
            found = cache.get_many([VERSION_KEY, key])
            version = content_version(found.get(VERSION_KEY))
            page = found.get(key)
        else:
            version = content_version(cache.get(VERSION_KEY))
            page = local if local[0] == version else cache.get(key)
        if version is None or page is None or page[0] != version or page[1] <= time.time():
            return version, None
        if page is not local:
            self.local_pages.put(key, page)
        return version, page

    def _store(self, key, version, response):
        """Store the page in every encoding and return the encodings (None if not kept)."""
        # Stored with the version it was rendered under: after any change the entry no longer
        # matches and is rendered afresh, whichever server reads it.
        next_publish = _next_publish(version)
        # Shared at the edge unless the view chose its own policy (stored as None).
        shared = "Cache-Control" not in response
        if shared:
            _share(response, next_publish=next_publish)
        if "ETag" not in response:
            set_response_etag(response)
        response.headers.setdefault("Last-Modified", http_date())
        patch_vary_headers(response, ("Accept-Encoding",))
        timeout = _until(next_publish, settings.PAGE_CACHE_SECONDS)
        if timeout <= 0:
            return None
        # The expiry travels with the page so that copies kept in memory honour it too, and so
        # does the next scheduled change, which caps the edge lifetime of every hit.
        page = (
            version,
            time.time() + timeout,
            _variants(response),
            next_publish if shared else None,
        )
        cache.set(key, page, timeout)
        self.local_pages.put(key, page)
        return page[2]


class LocalPages:
    """A process's most recently served pages, as stored in the shared cache.

    A copy is served only while its version is the shared cache's current one and its expiry
    has not passed, so it is never staler than the shared entry it came from.
    """

    def __init__(self, size):
        self.size = size
        self.pages = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def put(self, key, page):
        with self.lock:
            self.pages[key] = page
            self.pages.move_to_end(key)
            if len(self.pages) > self.size:
                self.pages.popitem(last=False)


def cache_reachable():
    """Return True when a value written to the cache can be read back."""
    key = f"healthz:{threading.get_ident()}:{time.monotonic_ns()}"
    cache.set(key, 1, timeout=5)
    found = cache.get(key) == 1
    cache.delete(key)
    return found
