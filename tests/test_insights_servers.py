"""Counting through gunicorn as `make serve` runs it, with Redis, and the worker's roll-up."""

import subprocess
import sys
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pytest
import redis
from django.db import connection
from django.utils import timezone

from base.cache import PAGE_KEY_PREFIX
from insights.counting import REDIS_KEY_PREFIX
from insights.models import DailyCampaignViews, DailyPageViews, DailySourceViews
from tests.articles_factories import make_article
from tests.conftest import REDIS_TEST_URL
from tests.servers import (
    ROOT,
    app_servers,
    needs_postgres,
    redis_server,
    shared_servers_env,
    site_env,
)

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
VISITOR_ADDRESS = "203.0.113.77"


def visit(url, *, method="GET", **headers):
    """Return (status, headers) for a request from a browser behind the trusted proxy."""
    headers = {"User-Agent": BROWSER, "X-Forwarded-For": VISITOR_ADDRESS, **headers}
    request = Request(url, method=method, headers=headers)
    try:
        with urlopen(request, timeout=10) as response:
            response.read()
            return response.status, response.headers
    except HTTPError as error:
        return error.code, error.headers


def stored_text():
    """Return every value the insights tables hold, as one string."""
    rows = [
        *DailyPageViews.objects.values_list(),
        *DailySourceViews.objects.values_list(),
        *DailyCampaignViews.objects.values_list(),
    ]
    return " ".join(str(value) for row in rows for value in row)


@pytest.mark.django_db(transaction=True)
def test_views_through_gunicorn_are_counted_in_redis_and_rolled_up_by_the_worker(
    settings, tmp_path
):
    env = shared_servers_env(settings, connection, INSIGHTS_SEND_SECONDS="0")
    client = redis.Redis.from_url(REDIS_TEST_URL)
    guide = make_article(title="Mesotherapy explained")
    path = guide.get_absolute_url()
    with app_servers(1, env=env, log_dir=tmp_path) as (server,):
        url = server.url + path
        first = visit(url, Referer="https://www.google.com/")
        assert client.keys(f"*{PAGE_KEY_PREFIX}*")  # the page is cached from now on
        cached = [visit(url), visit(f"{url}?utm_source=newsletter&utm_campaign=june")]
        uncached = visit(f"{server.url}/consultation/", Referer=url)  # never cached: a form
        # Not people, or not a view: none of these counts.
        assert visit(url, **{"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1)"})[0] == 200
        assert visit(url, method="HEAD")[0] == 200
        assert visit(url, **{"Sec-Purpose": "prefetch"})[0] == 200
        assert visit(f"{server.url}/guides/no-such-guide/")[0] == 404

        assert [status for status, _ in [first, *cached, uncached]] == [200] * 4
        # Counting sets no cookie: the guide has none; the form has only its CSRF token.
        assert [headers.get_all("Set-Cookie") for _, headers in [first, *cached]] == [None] * 3
        assert [c.split("=")[0] for c in uncached[1].get_all("Set-Cookie")] == ["csrftoken"]

        day = timezone.localdate().isoformat()
        keys = sorted(key.decode() for key in client.keys(f"{REDIS_KEY_PREFIX}:*"))
        assert keys == [
            f"{REDIS_KEY_PREFIX}:{table}:{day}" for table in ("campaigns", "pages", "sources")
        ]
        in_redis = str([client.hgetall(key) for key in keys])
        assert VISITOR_ADDRESS not in in_redis
        assert "Firefox" not in in_redis and "Gecko" not in in_redis

        subprocess.run(
            [sys.executable, "manage.py", "run_worker", "--once"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=120,
            capture_output=True,
        )

    assert dict(DailyPageViews.objects.values_list("path", "views")) == {
        path: 3,
        "/consultation/": 1,
    }
    assert dict(DailySourceViews.objects.values_list("name", "views")) == {"Google": 1, "Direct": 2}
    assert list(DailyCampaignViews.objects.values_list("source", "campaign", "views")) == [
        ("newsletter", "june", 1)
    ]
    stored = stored_text()
    assert VISITOR_ADDRESS not in stored and "Firefox" not in stored


@pytest.mark.django_db(transaction=True)
def test_pages_serve_while_redis_is_down_and_the_lost_counts_are_logged_once(tmp_path):
    needs_postgres(connection)
    guide = make_article(title="Mesotherapy explained")
    with redis_server() as cache:
        env = site_env(connection, CACHE_URL=cache.url, INSIGHTS_SEND_SECONDS="0")
        with app_servers(1, env=env, log_dir=tmp_path) as (server,):
            assert visit(server.url + guide.get_absolute_url())[0] == 200
            assert cache.client().keys(f"{REDIS_KEY_PREFIX}:pages:*")

            cache.stop()
            for _ in range(5):
                for path in ("/", guide.get_absolute_url(), "/guides/"):
                    assert visit(server.url + path)[0] == 200, path

            log = server.log_text()
    assert log.count("Page views could not be counted") == 1
    assert '" 500 ' not in log
