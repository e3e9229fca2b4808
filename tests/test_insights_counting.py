"""Page views are counted on the server with nothing about the visitor, and rolled up daily."""

import datetime
import re
import zoneinfo

import pytest
import redis
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from insights import counting, services
from insights.counting import REDIS_KEY_PREFIX
from insights.models import DailyCampaignViews, DailyPageViews, DailySourceViews
from insights.sources import referrer_source
from tests.articles_factories import make_article
from tests.conftest import REDIS_TEST_URL
from tests.servers import needs_redis

BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) Version/18.1 Mobile Safari/604.1"


@pytest.fixture(autouse=True)
def _send_every_view(settings):
    settings.INSIGHTS_SEND_SECONDS = 0
    counting.buffer.__init__()
    yield
    counting.buffer.__init__()


def browse(path, client=None, **headers):
    return (client or Client()).get(path, headers={"User-Agent": BROWSER, **headers})


def views_of(path):
    return sum(DailyPageViews.objects.filter(path=path).values_list("views", flat=True))


@pytest.mark.django_db
def test_each_view_of_a_public_page_is_counted_cached_or_not():
    guide = make_article(title="Mesotherapy explained")
    url = guide.get_absolute_url()

    for _ in range(3):
        assert browse(url).status_code == 200

    row = DailyPageViews.objects.get(path=url)
    assert (row.day, row.views) == (timezone.localdate(), 3)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "headers"),
    [
        ("head", {"User-Agent": BROWSER}),
        ("get", {"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1)"}),
        ("get", {"User-Agent": "Mozilla/5.0 (compatible; bingbot/2.0)"}),
        ("get", {"User-Agent": "facebookexternalhit/1.1"}),
        ("get", {"User-Agent": "curl/8.5.0"}),
        ("get", {}),
        ("get", {"User-Agent": BROWSER, "Sec-Purpose": "prefetch;prerender"}),
        ("get", {"User-Agent": BROWSER, "Purpose": "prefetch"}),
    ],
)
def test_crawlers_head_requests_and_prefetches_are_not_counted(method, headers):
    url = make_article(title="Mesotherapy explained").get_absolute_url()

    response = getattr(Client(), method)(url, headers=headers)

    assert response.status_code == 200
    assert not DailyPageViews.objects.exists()


@pytest.mark.django_db
def test_errors_the_admin_and_signed_in_staff_are_not_counted(admin_client):
    guide = make_article(title="Mesotherapy explained")

    assert browse("/guides/no-such-guide/").status_code == 404
    assert browse("/admin/login/").status_code == 200
    assert browse(guide.get_absolute_url(), client=admin_client).status_code == 200

    assert not DailyPageViews.objects.exists()


@pytest.mark.django_db
def test_counting_sets_no_cookie_and_adds_nothing_to_the_page(settings):
    url = make_article(title="Mesotherapy explained").get_absolute_url()
    settings.INSIGHTS_COUNTING = False
    uncounted = browse(url)
    settings.INSIGHTS_COUNTING = True
    counted = browse(url)

    assert views_of(url) == 1
    assert not counted.cookies
    assert "Set-Cookie" not in counted.headers
    assert counted.content == uncounted.content


@pytest.mark.django_db
def test_sources_and_campaigns_are_counted_and_share_the_cached_page():
    url = make_article(title="Mesotherapy explained").get_absolute_url()
    browse(url)  # cached now

    # A campaign link is served from the same cache entry: the only queries are the counts.
    tagged = f"{url}?utm_source=Spring%20Letter&utm_medium=email&utm_campaign=june"
    with CaptureQueriesContext(connection) as queries:
        assert browse(tagged).status_code == 200
    tables = {
        re.search(r'"(\w+)"', query["sql"]).group(1)
        for query in queries
        if "SAVEPOINT" not in query["sql"]
    }
    assert tables == {
        "insights_dailypageviews",
        "insights_dailysourceviews",
        "insights_dailycampaignviews",
    }
    browse(url, Referer="https://www.google.co.uk/")
    browse(url, Referer="https://news.example.org/best-of-the-month")
    browse(url, Referer="http://testserver/guides/")  # moving around the site is no source

    sources = dict(DailySourceViews.objects.values_list("name", "views"))
    assert sources == {"Direct": 1, "Email": 1, "Google": 1, "news.example.org": 1}
    assert list(DailyCampaignViews.objects.values_list("source", "medium", "campaign")) == [
        ("spring letter", "email", "june")
    ]
    assert views_of(url) == 5


@pytest.mark.parametrize(
    ("referrer", "source"),
    [
        ("", ("direct", "Direct")),
        ("https://www.google.com/", ("search", "Google")),
        ("https://duckduckgo.com/", ("search", "DuckDuckGo")),
        ("https://search.brave.com/search?q=x", ("search", "Brave Search")),
        ("https://mail.google.com/", ("email", "Gmail")),
        ("https://l.facebook.com/l.php?u=x", ("social", "Facebook")),
        ("https://t.co/abc", ("social", "X (Twitter)")),
        ("android-app://com.google.android.gm/", ("email", "Gmail")),
        ("https://www.Example.org/a/b?c", ("site", "example.org")),
        ("https://spa.example.com/guides/", None),
        ("http://[::1/", ("site", "Unreadable address")),
    ],
)
def test_referrers_are_grouped_by_site(referrer, source):
    assert referrer_source(referrer, own_hosts=("spa.example.com",)) == source


@pytest.mark.django_db
def test_made_up_sources_beyond_a_days_limit_count_as_other_sites(monkeypatch):
    monkeypatch.setattr(counting, "NAMES_PER_DAY", 2)
    url = make_article(title="Mesotherapy explained").get_absolute_url()

    for number in range(4):
        browse(url, Referer=f"https://site{number}.example.org/")

    assert dict(DailySourceViews.objects.values_list("name", "views")) == {
        "site0.example.org": 1,
        "site1.example.org": 1,
        "Other sites": 2,
    }


@pytest.mark.django_db
def test_views_are_sent_together_once_they_are_due(settings):
    settings.INSIGHTS_SEND_SECONDS = 3600
    counting.buffer.__init__()
    url = make_article(title="Mesotherapy explained").get_absolute_url()

    browse(url)
    browse(url)
    assert not DailyPageViews.objects.exists()

    settings.INSIGHTS_SEND_SECONDS = 0
    browse(url)
    assert views_of(url) == 3


# -- With Redis: sums kept a few days, copied to the database by the worker ----------------------


@pytest.fixture
def redis_cache(settings):
    needs_redis()
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_TEST_URL,
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    }
    client = redis.Redis.from_url(REDIS_TEST_URL)
    client.flushdb()
    services._rolled_up_at = None
    yield client
    client.flushdb()


def at_local(day, hour, minute):
    zone = zoneinfo.ZoneInfo("America/Los_Angeles")
    return datetime.datetime(2027, 3, day, hour, minute, tzinfo=zone)


@pytest.mark.django_db
def test_the_roll_up_completes_each_local_day_across_midnight(redis_cache, monkeypatch, settings):
    settings.TIME_ZONE = "America/Los_Angeles"
    url = make_article(title="Mesotherapy explained").get_absolute_url()
    now = {"at": at_local(7, 23, 58)}  # 07:58 UTC on the 8th: still the 7th in the spa
    monkeypatch.setattr(timezone, "now", lambda: now["at"])

    browse(url)
    browse(url, Referer="https://www.bing.com/")
    services.page_views_roll_up()
    now["at"] = at_local(8, 0, 1)
    browse(url)
    services.page_views_roll_up()  # within the minute: nothing copied yet
    services._rolled_up_at = None
    services.page_views_roll_up()
    services._rolled_up_at = None
    services.page_views_roll_up()  # again: the totals stay the same

    assert sorted(DailyPageViews.objects.values_list("day", "views")) == [
        (datetime.date(2027, 3, 7), 2),
        (datetime.date(2027, 3, 8), 1),
    ]
    assert DailySourceViews.objects.get(name="Bing").day == datetime.date(2027, 3, 7)


@pytest.mark.django_db
def test_redis_holds_only_counts_that_expire_within_days(redis_cache):
    url = make_article(title="Mesotherapy explained").get_absolute_url()

    browse(url, Referer="https://www.google.com/", **{"X-Forwarded-For": "203.0.113.9"})

    keys = sorted(key.decode() for key in redis_cache.keys(f"{REDIS_KEY_PREFIX}:*"))
    day = timezone.localdate().isoformat()
    assert keys == [f"{REDIS_KEY_PREFIX}:pages:{day}", f"{REDIS_KEY_PREFIX}:sources:{day}"]
    stored = {key: redis_cache.hgetall(key) for key in keys}
    assert stored == {keys[0]: {url.encode(): b"1"}, keys[1]: {b"search|Google": b"1"}}
    assert all(0 < redis_cache.ttl(key) <= 3 * 24 * 3600 for key in keys)
    assert not DailyPageViews.objects.exists()  # until the worker copies them


@pytest.mark.django_db
def test_pages_serve_and_the_loss_is_logged_once_while_redis_is_down(settings, caplog):
    from tests.servers import closed_port

    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    }
    url = make_article(title="Mesotherapy explained").get_absolute_url()

    for _ in range(3):
        assert browse(url).status_code == 200

    lost = [r for r in caplog.records if r.name == "insights.counting"]
    assert [r.getMessage() for r in lost] == [
        "Page views could not be counted, 1 lost (ConnectionError)"
    ]
    services.page_views_roll_up()  # the worker's job does not fail either
    assert not DailyPageViews.objects.exists()
