"""Page caching: anonymous pages come from the shared cache; any content change shows at once."""

import time
from datetime import timedelta

import pytest
import redis
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from articles.services import article_save, articles_publish
from base.cache import PAGE_KEY_PREFIX, may_store, page_key
from tests.articles_factories import make_article, make_topic
from tests.conftest import REDIS_TEST_URL, BrowserClient
from tests.servers import (
    PUBLISH,
    admin_login,
    admin_save,
    app_servers,
    fetch,
    shared_servers_env,
)

# Headers that legitimately differ between two responses for the same page.
PER_RESPONSE_HEADERS = {"date"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PAGE_CACHE_SECONDS = 600


def queries_for(client, url, **headers):
    """Return the response for url and the number of SQL queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


@pytest.fixture
def guide(business):
    return make_article(title="Mesotherapy explained", topics=[make_topic()])


@pytest.mark.django_db
def test_second_anonymous_request_is_served_from_cache_without_queries(client, guide):
    first, cold = queries_for(client, guide.get_absolute_url())
    second, warm = queries_for(client, guide.get_absolute_url())

    assert first.status_code == second.status_code == 200
    assert cold > 0
    assert warm == 0
    assert second.content == first.content


@pytest.mark.django_db
def test_cached_page_carries_the_same_security_and_cache_headers(client, guide):
    first = client.get(guide.get_absolute_url())
    second = client.get(guide.get_absolute_url())

    def headers(response):
        return {k.lower(): v for k, v in response.items() if k.lower() not in PER_RESPONSE_HEADERS}

    assert headers(second) == headers(first)
    for name in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Permissions-Policy",
        "ETag",
        "Last-Modified",
    ):
        assert second.has_header(name), name
    assert second["Cache-Control"] == "public, max-age=0, must-revalidate"


@pytest.mark.django_db
def test_conditional_request_with_matching_etag_answers_304(client, guide):
    etag = client.get(guide.get_absolute_url())["ETag"]

    response = client.get(guide.get_absolute_url(), headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


@pytest.mark.django_db
def test_conditional_request_with_last_modified_answers_304(client, guide):
    last_modified = client.get(guide.get_absolute_url())["Last-Modified"]

    response = client.get(guide.get_absolute_url(), headers={"if-modified-since": last_modified})

    assert response.status_code == 304


@pytest.mark.django_db
def test_stale_etag_gets_the_full_page(client, guide):
    etag = client.get(guide.get_absolute_url())["ETag"]
    guide.title = "Mesotherapy, plainly explained"
    article_save(article=guide)

    response = client.get(guide.get_absolute_url(), headers={"if-none-match": etag})

    assert response.status_code == 200
    assert "Mesotherapy, plainly explained" in response.text
    assert response["ETag"] != etag


@pytest.mark.django_db
def test_each_server_process_keeps_hot_pages_and_still_sees_every_edit(guide):
    # Each test client loads its own middleware: two server processes sharing one cache.
    process_a, process_b = BrowserClient(), BrowserClient()
    url = guide.get_absolute_url()
    process_a.get(url)
    process_b.get(url)
    cache.delete(page_key(RequestFactory().get(url)))

    response, queries = queries_for(process_a, url)
    assert (response.status_code, queries) == (200, 0)  # its own copy, at the current version

    guide.title = "Mesotherapy, plainly explained"
    article_save(article=guide)

    assert "Mesotherapy, plainly explained" in process_a.get(url).text
    assert "Mesotherapy, plainly explained" in process_b.get(url).text


@pytest.mark.django_db
def test_edited_guide_shows_on_the_next_request(client, guide):
    for url in (guide.get_absolute_url(), "/guides/", "/"):
        client.get(url)
    guide.title = "Mesotherapy, plainly explained"
    article_save(article=guide)

    for url in (guide.get_absolute_url(), "/guides/", "/"):
        assert "Mesotherapy, plainly explained" in client.get(url).text, url


@pytest.mark.django_db
def test_deleted_guide_is_gone_on_the_next_request(client, guide):
    assert client.get(guide.get_absolute_url()).status_code == 200
    url = guide.get_absolute_url()
    guide.delete()

    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_topic_added_to_a_guide_shows_on_the_next_request(client, guide):
    client.get(guide.get_absolute_url())
    guide.topics.add(make_topic(name="Skin texture"))

    assert "Skin texture" in client.get(guide.get_absolute_url()).text


@pytest.mark.django_db
def test_publishing_drafts_in_bulk_shows_them_on_the_next_request(client, business):
    draft = make_article(title="Lymphatic drainage basics", status=Article.Status.DRAFT)
    assert "Lymphatic drainage basics" not in client.get("/guides/").text

    articles_publish(articles=Article.objects.filter(pk=draft.pk))

    assert "Lymphatic drainage basics" in client.get("/guides/").text


@pytest.mark.django_db
def test_business_profile_edit_shows_on_cached_pages(client, guide, business):
    client.get(guide.get_absolute_url())
    business.phone = "(503) 555-0199"
    business.save()

    assert "(503) 555-0199" in client.get(guide.get_absolute_url()).text


@pytest.mark.django_db
def test_scheduled_guide_appears_when_its_time_comes(client, business, monkeypatch):
    make_article(title="Older guide")
    publish_at = timezone.now() + timedelta(seconds=30)
    make_article(title="Scheduled guide", published_at=publish_at)
    page, _ = queries_for(client, "/guides/")
    assert "Scheduled guide" not in page.text
    _, warm = queries_for(client, "/guides/")
    assert warm == 0  # cached, but only until the guide is due

    real_time, real_now = time.time, timezone.now
    monkeypatch.setattr(time, "time", lambda: real_time() + 31)
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(seconds=31))

    assert "Scheduled guide" in client.get("/guides/").text


@pytest.mark.django_db
def test_staff_get_fresh_private_pages(client, guide):
    client.get(guide.get_absolute_url())
    staff = User.objects.create_user("editor", password="pw", is_staff=True)
    client.force_login(staff)

    response, count = queries_for(client, guide.get_absolute_url())

    assert count > 0
    assert "private" in response["Cache-Control"]
    assert "no-cache" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("cookie", ["session", "messages"])
def test_visitor_with_a_session_or_pending_message_bypasses_the_cache(
    client, guide, cookie, settings
):
    client.get(guide.get_absolute_url())
    client.cookies[settings.SESSION_COOKIE_NAME if cookie == "session" else cookie] = "anything"

    response, count = queries_for(client, guide.get_absolute_url())

    assert count > 0
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/consultation/", "/search/?q=mesotherapy", "/guides/no-such-guide/"]
)
def test_forms_search_and_missing_pages_are_not_cached(client, guide, url):
    client.get(url)

    _, count = queries_for(client, url)

    assert count > 0


def _response(**headers):
    response = HttpResponse("<p>page</p>", status=headers.pop("status", 200))
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _cookie_response():
    response = _response()
    response.set_cookie("csrftoken", "x")
    return response


@pytest.mark.parametrize(
    ("response", "stored"),
    [
        (_response(), True),
        (_response(Vary="Cookie"), True),
        (_response(Cache_Control="public, max-age=3600"), True),
        (_cookie_response(), False),
        (_response(status=404), False),
        (_response(Cache_Control="private"), False),
        (_response(Cache_Control="no-cache, no-store, must-revalidate"), False),
        (_response(Vary="Accept-Language"), False),
        (StreamingHttpResponse(iter([b"x"])), False),
    ],
)
def test_only_plain_public_successful_responses_are_stored(response, stored):
    assert may_store(response) is stored


@pytest.mark.django_db
def test_query_string_is_part_of_the_cache_key(client, business):
    for index in range(13):
        make_article(
            title=f"Guide number {index}", published_at=timezone.now() - timedelta(days=index + 1)
        )

    first = client.get("/guides/").text
    second = client.get("/guides/?page=2").text

    assert "Guide number 0" in first and "Guide number 0" not in second
    assert "Guide number 12" in second


@pytest.mark.django_db
@pytest.mark.parametrize(
    "extra",
    ["utm_source=newsletter&utm_campaign=june", "fbclid=abc123", "x=1", "page=2&gclid=z"],
)
def test_query_parameters_a_page_does_not_use_share_its_one_entry(client, guide, extra):
    url = guide.get_absolute_url()
    client.get(url)

    response, queries = queries_for(client, f"{url}?{extra}")

    assert response.status_code == 200
    assert queries == 0


@pytest.mark.django_db
def test_hundreds_of_tracking_addresses_keep_one_cache_entry(client, guide, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    for number in range(300):
        client.get(f"{guide.get_absolute_url()}?utm_content={number}")

    pages = [key for key in cache._cache if key.split(":", 2)[-1].startswith(PAGE_KEY_PREFIX)]
    assert len(pages) == 1


@pytest.mark.django_db
def test_parameters_pages_do_use_stay_in_the_key(client, business):
    from tests.treatments_factories import make_treatment

    for name in ("Mesotherapy", "Laser lipo", "Body contouring"):
        make_treatment(name=name)
    compare = "/treatments/compare/"

    first = client.get(f"{compare}?t=mesotherapy&t=laser-lipo&utm_source=x").text
    second = client.get(f"{compare}?t=mesotherapy&t=body-contouring").text
    plain = client.get(f"{compare}?utm_source=x").text

    assert "<caption><span>Mesotherapy and Laser lipo compared</span></caption>" in first
    assert "<caption><span>Mesotherapy and Body contouring compared</span></caption>" in second
    assert 'content="noindex' in first
    assert 'content="noindex' not in plain  # tracking alone is not a comparison


@pytest.mark.django_db
def test_sitemap_pages_keep_their_page_number_in_the_key(client, business, settings):
    from articles.sitemaps import ArticleSitemap

    ArticleSitemap.limit = 2
    try:
        for index in range(3):
            make_article(title=f"Guide number {index}")
        index_page = client.get("/sitemap.xml").text
        first = client.get("/sitemap-guides.xml").text
        second = client.get("/sitemap-guides.xml?p=2").text
    finally:
        del ArticleSitemap.limit

    assert "sitemap-guides.xml?p=2" in index_page
    assert first != second


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept", "encoding"),
    [("br, gzip", "br"), ("gzip, deflate", "gzip"), ("br;q=0, gzip", "gzip"), ("", None)],
)
def test_cached_pages_are_sent_compressed_as_the_browser_accepts(client, guide, accept, encoding):
    import gzip

    import brotli

    url = guide.get_absolute_url()
    plain = client.get(url).content
    for _ in ("miss or local copy", "hit"):
        response = client.get(url, headers={"accept-encoding": accept})
        body = response.content
        assert response.get("Content-Encoding") == encoding
        assert int(response["Content-Length"]) == len(body)
        assert "Accept-Encoding" in response["Vary"]
        decoded = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[encoding](body)
        assert decoded == plain
        if encoding:
            assert len(body) < len(plain) / 2


@pytest.mark.django_db
def test_a_compressed_page_still_answers_its_etag_with_304(client, guide):
    url = guide.get_absolute_url()
    etag = client.get(url, headers={"accept-encoding": "br"})["ETag"]

    response = client.get(url, headers={"accept-encoding": "br", "if-none-match": etag})

    assert etag.startswith('W/"')
    assert response.status_code == 304


@pytest.mark.django_db
def test_pages_with_a_csrf_token_are_gzipped_with_django_breach_mitigation(client, business):
    import gzip

    responses = [
        client.get("/consultation/", headers={"accept-encoding": "gzip"}) for _ in range(2)
    ]

    for response in responses:
        assert response["Content-Encoding"] == "gzip"
        assert b"csrfmiddlewaretoken" in gzip.decompress(response.content)
        assert response.content[3] & 0x08  # FNAME set: Django's random padding


@pytest.mark.django_db
def test_images_are_not_compressed_again(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "photo-0a1b2c3d-800w.jpg").write_bytes(b"\xff\xd8" + b"\x00" * 4000)

    response = client.get("/media/photo-0a1b2c3d-800w.jpg", headers={"accept-encoding": "gzip"})

    assert response.status_code == 200
    assert "Content-Encoding" not in response


# -- When the cache is down ----------------------------------------------------------------------


@pytest.fixture
def cache_switch(settings):
    """Switch the site's cache between its working one and a Redis nothing listens on."""
    import base.cache
    from base import cache_backends
    from tests.servers import closed_port

    working = settings.CACHES
    dead = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        "OPTIONS": {"IGNORE_EXCEPTIONS": True},
    }

    class Switch:
        def down(self):
            settings.CACHES = {"default": dead}

        def up(self):
            settings.CACHES = working
            cache_backends._unreachable_until.clear()

    yield Switch()
    settings.CACHES = working
    cache_backends._unreachable_until.clear()
    base.cache._unreachable_seen = False


@pytest.mark.django_db
def test_pages_render_from_the_database_while_the_cache_is_down(client, guide, cache_switch):
    cache_switch.down()
    for url in (guide.get_absolute_url(), "/", "/guides/", "/robots.txt", "/sitemap.xml"):
        for _ in range(2):
            response, queries = queries_for(client, url)
            assert response.status_code == 200, url
    assert queries > 0  # rendered, not served from anywhere stale

    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json() == {"status": "degraded", "database": "ok", "cache": "unreachable"}


@pytest.mark.django_db
def test_an_edit_made_while_the_cache_was_down_shows_once_it_is_back(client, guide, cache_switch):
    url = guide.get_absolute_url()
    client.get(url)  # cached under the version from before the outage, which the cache keeps
    cache_switch.down()
    client.get(url)  # this process notices the outage
    guide.title = "Mesotherapy, plainly explained"
    article_save(article=guide)  # the version bump is lost with the cache
    cache_switch.up()

    assert "Mesotherapy, plainly explained" in client.get(url).text

    _, queries = queries_for(client, url)
    assert queries == 0  # and caching again at once


@pytest.mark.django_db
def test_page_cache_can_be_turned_off(client, guide, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(guide.get_absolute_url())

    _, count = queries_for(client, guide.get_absolute_url())

    assert count > 0


# -- Two app servers sharing PostgreSQL and Redis --------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_edit_through_one_server_is_served_by_the_other_at_once(settings, tmp_path):
    from demo.loader import business_load as load

    env = shared_servers_env(settings, connection)
    load()
    guide = make_article(title="Mesotherapy explained")
    try:
        with app_servers(2, env=env, log_dir=tmp_path) as (server_a, server_b):
            page = f"{server_b.url}{guide.get_absolute_url()}"
            # Served from Redis after the first, and from the workers' own memory soon after.
            for _ in range(6):
                assert "Mesotherapy explained" in fetch(page)

            admin_save(
                admin_login(server_a.url),
                f"{server_a.url}/admin/articles/article/{guide.pk}/change/",
                {"title": "Mesotherapy, plainly explained"},
                button=PUBLISH,
            )
            assert Article.objects.get(pk=guide.pk).title == "Mesotherapy, plainly explained"

            for _ in range(6):  # whichever worker of server B answers
                assert "Mesotherapy, plainly explained" in fetch(page)
    finally:
        redis.Redis.from_url(REDIS_TEST_URL, socket_timeout=5).flushdb()
