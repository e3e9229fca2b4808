"""The edge: a CDN or caching proxy in front of the app servers, purged when content changes.

Public pages that the page cache shares (base/cache.py) tell shared caches how long they may
keep them (Cache-Control s-maxage) and carry the tag PAGES_TAG. Every content change makes
every page stale, so an edge purge is always of all pages: `edge_purge_queue()` runs once the
change is committed and queues one (a purge still waiting covers later changes too), and the
worker sends it (`edge_purges_send` in WORKER_JOBS) through the backend that
settings.EDGE_BACKEND names, retrying with backoff until the edge confirms it. The save never
waits for the edge. Staff see every purge, and why one failed, in the admin.

As in Wagtail's frontend_cache, each backend is one small class with one method: Varnish gets an
HTTP BAN by tag (varnish/site.vcl), Cloudflare a purge by tag through its API, and CloudFront,
which has no tags, an invalidation of paths through boto3.
"""

import json
import logging
from datetime import timedelta
from urllib.error import HTTPError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F
from django.utils import timezone

from base.cache import PAGES_TAG
from base.models import EdgePurge

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10
# Waits before each retry: 5 s, doubling up to 10 minutes, then every 10 minutes until it works.
RETRY_FIRST_SECONDS = 5
RETRY_MAX_SECONDS = 600
# Purges the edge confirmed stay listed for staff this long.
KEEP_DONE = timedelta(days=30)
ERROR_MAX_LENGTH = 1000


class EdgePurgeError(Exception):
    """The edge did not confirm a purge; the message says why, for staff (never a secret)."""


def _http_url(url):
    if urlsplit(url).scheme not in ("http", "https"):
        raise ImproperlyConfigured(f"Edge purge addresses must be http(s) URLs, not {url!r}.")
    return url


def _send(method, url, *, headers, body=None):
    """Send one HTTP request and return the response body; raise EdgePurgeError on failure."""
    # Only http(s) addresses get this far (_http_url), never file: or custom schemes.
    request = Request(_http_url(url), data=body, method=method, headers=headers)  # noqa: S310
    try:
        with urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.read()
    except HTTPError as error:
        detail = error.read()[:300].decode(errors="replace")
        raise EdgePurgeError(
            f"{method} {url} answered {error.code} {error.reason}: {detail}"
        ) from error
    except OSError as error:  # refused, unreachable, timed out, TLS
        reason = getattr(error, "reason", error)  # urllib wraps the socket's error
        raise EdgePurgeError(f"{method} {url} failed: {reason}") from error


class VarnishBackend:
    """Ban every shared page on each Varnish server (varnish/site.vcl answers BAN requests)."""

    def __init__(self, *, urls):
        self.urls = [_http_url(url) for url in urls]

    def purge_pages(self, *, reference):
        for url in self.urls:
            _send("BAN", url, headers={"Cache-Tag": PAGES_TAG})


class CloudflareBackend:
    """Purge every page tagged PAGES_TAG from the zone through Cloudflare's API."""

    api_url = "https://api.cloudflare.com/client/v4"

    def __init__(self, *, zone_id, api_token):
        self.zone_id, self.api_token = zone_id, api_token

    def purge_pages(self, *, reference):
        body = _send(
            "POST",
            f"{self.api_url}/zones/{self.zone_id}/purge_cache",
            headers={
                "Authorization": f"Bearer {self.api_token}",
                "Content-Type": "application/json",
            },
            body=json.dumps({"tags": [PAGES_TAG]}).encode(),
        )
        try:
            answer = json.loads(body)
        except ValueError:
            answer = {}
        if answer.get("success") is not True:
            detail = body[:300].decode(errors="replace")
            raise EdgePurgeError(f"Cloudflare did not confirm the purge: {detail}")


class CloudFrontBackend:
    """Invalidate the configured paths of the distribution (CloudFront has no tags)."""

    def __init__(self, *, distribution_id, paths):
        self.distribution_id, self.paths = distribution_id, paths

    def purge_pages(self, *, reference):
        # Imported here: the web processes that import this module never call AWS.
        import boto3
        from botocore.config import Config
        from botocore.exceptions import BotoCoreError, ClientError

        client = boto3.client(
            "cloudfront",
            # CloudFront is global; its API is always signed for us-east-1.
            region_name="us-east-1",
            config=Config(
                connect_timeout=TIMEOUT_SECONDS,
                read_timeout=TIMEOUT_SECONDS,
                # The worker retries with its own backoff, and staff see each failure.
                retries={"total_max_attempts": 1},
            ),
        )
        try:
            client.create_invalidation(
                DistributionId=self.distribution_id,
                InvalidationBatch={
                    "Paths": {"Quantity": len(self.paths), "Items": self.paths},
                    # The same reference for a retry of the same purge: CloudFront then answers
                    # with the invalidation it already made instead of making another.
                    "CallerReference": reference,
                },
            )
        except (BotoCoreError, ClientError) as error:
            raise EdgePurgeError(f"CloudFront did not accept the invalidation: {error}") from error


def edge_backend():
    """Return the backend settings.EDGE_BACKEND names, or None when purging is off."""
    if settings.EDGE_BACKEND == "varnish":
        return VarnishBackend(urls=settings.EDGE_VARNISH_URLS)
    if settings.EDGE_BACKEND == "cloudflare":
        return CloudflareBackend(
            zone_id=settings.EDGE_CLOUDFLARE_ZONE_ID, api_token=settings.EDGE_CLOUDFLARE_API_TOKEN
        )
    if settings.EDGE_BACKEND == "cloudfront":
        return CloudFrontBackend(
            distribution_id=settings.EDGE_CLOUDFRONT_DISTRIBUTION_ID,
            paths=settings.EDGE_CLOUDFRONT_PATHS,
        )
    return None


def edge_purge_queue():
    """Queue a purge of every shared page, or make the purge already waiting due now."""
    if not settings.EDGE_BACKEND:
        return
    # A purge the worker has not started yet will cover this change too. One it is sending
    # may have left before the change was committed, so that one does not count.
    waiting = EdgePurge.objects.filter(status=EdgePurge.Status.QUEUED)
    if not waiting.update(next_attempt_at=timezone.now()):
        EdgePurge.objects.create()


def edge_purge_failing():
    """Return the latest purge the edge has refused and the worker is retrying, or None."""
    return EdgePurge.objects.filter(status=EdgePurge.Status.QUEUED, attempts__gt=0).first()


def edge_purges_send():
    """Send the purges that are due as one; keep them queued with a backoff if the edge fails."""
    backend = edge_backend()
    if backend is None:
        return
    due = list(EdgePurge.objects.due().order_by("pk").values_list("pk", "attempts"))
    if not due:
        return
    first, last = due[0][0], due[-1][0]
    batch = EdgePurge.objects.filter(pk__in=[pk for pk, _ in due])
    batch.update(status=EdgePurge.Status.SENDING)
    try:
        backend.purge_pages(reference=f"edge-purge-{first}-{last}")
    except Exception as error:  # whatever failed, the purge stays queued and staff see why
        attempt = max(attempts for _, attempts in due) + 1
        delay = min(RETRY_FIRST_SECONDS * 2 ** (attempt - 1), RETRY_MAX_SECONDS)
        batch.update(
            status=EdgePurge.Status.QUEUED,
            attempts=F("attempts") + 1,
            last_error=str(error)[:ERROR_MAX_LENGTH] or type(error).__name__,
            next_attempt_at=timezone.now() + timedelta(seconds=delay),
        )
        logger.warning("Edge purge failed (try %s); next try in %s s: %s", attempt, delay, error)
        return
    now = timezone.now()
    batch.update(
        status=EdgePurge.Status.DONE, attempts=F("attempts") + 1, last_error="", purged_at=now
    )
    EdgePurge.objects.filter(status=EdgePurge.Status.DONE, purged_at__lt=now - KEEP_DONE).delete()
