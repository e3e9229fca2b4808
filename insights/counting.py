"""Counting page views on the server, without tracking anyone.

A view adds one to up to three numbers of the day: one for the page's path, one for where it came
from (a site, grouped) and one for its campaign tags. Nothing about the visitor is read or kept:
no cookie, no address, no user agent beyond the moment of deciding whether it is a crawler.

Each process adds views up in memory and sends the sums about once a second: to Redis (one
pipelined HINCRBY per number, on hashes kept a few days, which the worker copies to the database)
when the cache is Redis, otherwise straight to the database. Counting never costs a page: when
Redis or the database cannot take the sums, they are dropped and that is logged once a minute.
"""

import datetime
import functools
import logging
import re
import threading
import time
from collections import Counter
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone
from redis.exceptions import RedisError

from insights.sources import campaign_tags, referrer_source

logger = logging.getLogger(__name__)

PAGES, SOURCES, CAMPAIGNS = "pages", "sources", "campaigns"
TABLES = (PAGES, SOURCES, CAMPAIGNS)
# Separates the parts of a source or a campaign in one hash field; no part can contain it.
SEPARATOR = "|"
# Crawlers, link previews, monitors and scripts, matched in the lower-cased user agent. A browser
# always sends a user agent.
BOT_AGENTS = re.compile(
    r"bot|crawl|spider|slurp|archiv|scrap|preview|facebookexternalhit|embedly|headless|"
    r"lighthouse|pingdom|uptime|monitor|validator|feed|python|curl|wget|go-http|java/|okhttp|"
    r"axios|node-fetch|httpclient|libwww|perl|ruby|php|wrk"
)
# Sec-Purpose (and Purpose, X-Moz before it) say "prefetch" when the browser only prepares.
# Read from META rather than request.headers, which would copy every header on each view.
PREFETCH_HEADERS = ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_MOZ")
NOT_COUNTED_PREFIXES = ("/admin/", "/media/", "/static/")
# Redis keeps each day's sums this long: the worker copies them well within it.
REDIS_KEY_PREFIX = "insights:1"
REDIS_KEEP_SECONDS = 3 * 24 * 60 * 60
# Bounds on what one process holds: distinct numbers waiting to be sent, and distinct sources
# and campaigns a day (made-up referrers and tags beyond that count as "other").
BUFFER_MAX_KEYS = 2000
NAMES_PER_DAY = 300
OTHER = {SOURCES: f"site{SEPARATOR}Other sites", CAMPAIGNS: SEPARATOR.join(["(other)", "", ""])}


def is_bot(user_agent):
    return not user_agent or BOT_AGENTS.search(user_agent.lower()) is not None


def is_prefetch(meta):
    """Return True for a request the browser made ahead of a possible visit."""
    purpose = " ".join(meta.get(name, "") for name in PREFETCH_HEADERS)
    return "prefetch" in purpose.lower()


def view_counted(request, response):
    """Return True when this response is a public page seen by a person."""
    return (
        request.method == "GET"
        and response.status_code == 200
        and response.get("Content-Type", "").startswith("text/html")
        and not request.path.startswith(NOT_COUNTED_PREFIXES)
        # Staff, signed in, looking at the site: their views are not the public's.
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not is_bot(request.META.get("HTTP_USER_AGENT", ""))
        and not is_prefetch(request.META)
    )


def view_numbers(request):
    """Return the (table, field) numbers one view of this request adds one to."""
    tags = campaign_tags(request.GET) if request.META.get("QUERY_STRING") else None
    # Not get_host(): a cached page is served before anything checks the Host header.
    host = request.META.get("HTTP_HOST") or request.META.get("SERVER_NAME", "")
    source = referrer_source(
        request.META.get("HTTP_REFERER", ""),
        own_hosts=(host.rsplit(":", 1)[0].lower(), _site_host(settings.SITE_URL)),
        medium=tags[1] if tags else "",
    )
    numbers = [(PAGES, request.path[:200])]
    if source is not None:
        numbers.append((SOURCES, SEPARATOR.join(source)))
    if tags is not None:
        numbers.append((CAMPAIGNS, SEPARATOR.join(tags)))
    return numbers


@functools.lru_cache(maxsize=1)
def _site_host(site_url):
    return urlsplit(site_url).hostname or ""


def redis_key(table, day):
    return f"{REDIS_KEY_PREFIX}:{table}:{day.isoformat()}"


def redis_client():
    """Return the Redis client of the cache, or None when the cache is not Redis."""
    if not settings.CACHES["default"]["BACKEND"].startswith("django_redis."):
        return None
    from django_redis import get_redis_connection

    return get_redis_connection("default")


def redis_send(client, sums):
    pipeline = client.pipeline(transaction=False)
    keys = set()
    for (table, day, field), count in sums.items():
        key = redis_key(table, day)
        pipeline.hincrby(key, field, count)
        keys.add(key)
    for key in keys:
        pipeline.expire(key, REDIS_KEEP_SECONDS)
    pipeline.execute()


def sums_send(sums):
    """Send the sums to Redis, or add them to the database when the cache is not Redis."""
    # Imported here: services reads this module's tables and keys.
    from insights.services import daily_totals_add

    try:
        client = redis_client()
        if client is not None:
            redis_send(client, sums)
        else:
            daily_totals_add(sums)
    except (RedisError, DatabaseError) as error:
        lost = sum(count for (table, _, _), count in sums.items() if table == PAGES)
        logger.warning("Page views could not be counted, %d lost (%s)", lost, type(error).__name__)


class ViewBuffer:
    """A process's views not yet sent, summed per day and number."""

    def __init__(self):
        self.lock = threading.Lock()
        self.sums = Counter()
        self.sent_at = time.monotonic()
        self.day = None
        self.names = {SOURCES: set(), CAMPAIGNS: set()}

    def add(self, numbers, *, day):
        """Add one view's numbers, and send every sum when they are due; never raises."""
        with self.lock:
            if day != self.day:
                self.day = day
                self.names = {SOURCES: set(), CAMPAIGNS: set()}
            for table, field in numbers:
                names = self.names.get(table)
                if names is not None and field not in names:
                    if len(names) >= NAMES_PER_DAY:
                        field = OTHER[table]
                    else:
                        names.add(field)
                self.sums[(table, day, field)] += 1
            now = time.monotonic()
            due = (
                len(self.sums) >= BUFFER_MAX_KEYS
                or now - self.sent_at >= settings.INSIGHTS_SEND_SECONDS
            )
            if not due:
                return
            sums, self.sums, self.sent_at = self.sums, Counter(), now
        sums_send(sums)


buffer = ViewBuffer()


class LocalDay:
    """The spa's current date, worked out afresh only once the day (or the time zone) changes."""

    def __init__(self):
        self.known = (None, None, None, None)  # zone, from, until, date: replaced as one

    def __call__(self):
        now = timezone.now()
        # The spa's zone (TIME_ZONE): no request activates another, and the default's lookup
        # is cached where the current one's is not.
        zone = timezone.get_default_timezone()
        known_zone, since, until, day = self.known
        if zone is not known_zone or not since <= now < until:
            day = timezone.localdate(now, zone)
            since = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
            until = datetime.datetime.combine(
                day + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
            )
            self.known = (zone, since, until, day)
        return day


local_day = LocalDay()


class PageViewMiddleware:
    """Count each public page a person is served, cached or not (see the module's docstring).

    Sits outside the page cache, so that cached pages are counted too, and inside conditional
    GET, so that a page the browser revalidates (304) counts as the view it is.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.INSIGHTS_COUNTING and view_counted(request, response):
            buffer.add(view_numbers(request), day=local_day())
        return response


def days_kept():
    """Return the local days whose sums Redis may still hold, oldest first."""
    today = timezone.localdate()
    return [today - datetime.timedelta(days=n) for n in (2, 1, 0)]
