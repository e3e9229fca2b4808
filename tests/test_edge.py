"""The edge: what shared caches may keep, purges queued by content changes, and each backend.

Cloudflare and CloudFront cannot be reached from the test machine: their backends are tested
against a recording HTTP server on loopback that checks the exact request each would send.
Varnish itself runs in tests/test_edge_varnish.py.
"""

import json
import re
import time
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.services import article_preview_token, article_save
from base.cache import content_version
from base.edge import (
    PAGES_TAG,
    RETRY_FIRST_SECONDS,
    CloudflareBackend,
    edge_purge_queue,
    edge_purges_send,
)
from base.models import EdgePurge
from tests.articles_factories import make_article
from tests.conftest import free_port

SHARED = "public, max-age=0, s-maxage=3600, stale-while-revalidate=30, stale-if-error=86400"
CLOUDFLARE_ZONE = "023e105f4ecef8ad9ca31a8372d0c353"
CLOUDFLARE_TOKEN = "cf-test-token-Y2xvdWRmbGFyZQ"
CLOUDFRONT_DISTRIBUTION = "EDFDVBD6EXAMPLE"
CLOUDFRONT_NS = "{http://cloudfront.amazonaws.com/doc/2020-05-31/}"


@pytest.fixture(autouse=True)
def _edge(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PAGE_CACHE_SECONDS = 600
    settings.EDGE_CACHE_SECONDS = 3600
    settings.EDGE_STALE_WHILE_REVALIDATE_SECONDS = 30
    settings.EDGE_STALE_IF_ERROR_SECONDS = 86400


@pytest.fixture
def varnish_edge(settings, http_server):
    settings.EDGE_BACKEND = "varnish"
    settings.EDGE_VARNISH_URLS = [f"{http_server.url}/"]
    return http_server


@pytest.fixture
def guide(business):
    return make_article(title="Mesotherapy explained")


def lifetimes(response):
    return dict(re.findall(r"([a-z-]+)=(\d+)", response["Cache-Control"]))


# -- What shared caches may keep ---------------------------------------------------------------


@pytest.mark.django_db
def test_public_page_lets_the_edge_keep_it_while_browsers_revalidate(client, guide):
    first = client.get(guide.get_absolute_url())
    second = client.get(guide.get_absolute_url())  # from the page cache

    for response in (first, second):
        assert response["Cache-Control"] == SHARED
        assert response["Cache-Tag"] == PAGES_TAG
    revalidated = client.get(guide.get_absolute_url(), headers={"if-none-match": first["ETag"]})
    assert revalidated.status_code == 304


@pytest.mark.django_db
def test_without_an_edge_lifetime_pages_only_tell_browsers_to_revalidate(client, guide, settings):
    settings.EDGE_CACHE_SECONDS = 0
    for _ in range(2):
        response = client.get(guide.get_absolute_url())
        assert response["Cache-Control"] == "public, max-age=0, must-revalidate"
        assert not response.has_header("Cache-Tag")


@pytest.mark.django_db
def test_edge_lifetime_ends_when_the_next_scheduled_guide_goes_live(client, guide, monkeypatch):
    make_article(title="Scheduled guide", published_at=timezone.now() + timedelta(seconds=100))

    first = lifetimes(client.get("/guides/"))
    assert 98 <= int(first["s-maxage"]) <= 100
    assert first["stale-while-revalidate"] == "0"  # no stale list once the guide is due

    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 40)
    later = lifetimes(client.get("/guides/"))  # the same stored page, 40 s on
    assert 58 <= int(later["s-maxage"]) <= 60


@pytest.mark.django_db
def test_stale_serving_never_runs_past_the_next_scheduled_guide(client, guide, settings):
    settings.EDGE_CACHE_SECONDS = 90
    make_article(title="Scheduled guide", published_at=timezone.now() + timedelta(seconds=100))

    page = lifetimes(client.get("/guides/"))

    assert page["s-maxage"] == "90"
    assert 8 <= int(page["stale-while-revalidate"]) <= 10


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/consultation/",
        "/search/?q=mesotherapy",
        "/newsletter/",
        "/admin/login/",
        "/guides/no-such-guide/",
    ],
)
def test_pages_no_shared_cache_may_keep_say_private(client, guide, url):
    for _ in range(2):
        response = client.get(url)
        assert "private" in response["Cache-Control"], url
        assert "s-maxage" not in response["Cache-Control"]
        assert not response.has_header("Cache-Tag")


@pytest.mark.django_db
def test_preview_link_and_staff_pages_are_private(client, guide):
    client.get(guide.get_absolute_url())
    preview = client.get(f"/guides/preview/link/{article_preview_token(article=guide)}/")
    assert "private" in preview["Cache-Control"]

    client.force_login(User.objects.create_user("editor", password="pw", is_staff=True))
    staff_view = client.get(guide.get_absolute_url())
    assert "private" in staff_view["Cache-Control"]
    assert "s-maxage" not in staff_view["Cache-Control"]
    assert not staff_view.has_header("Cache-Tag")


# -- Purges queued by content changes ----------------------------------------------------------


@pytest.mark.django_db
def test_content_change_queues_one_purge_once_it_is_committed(
    varnish_edge, django_capture_on_commit_callbacks, business
):
    with django_capture_on_commit_callbacks(execute=True):
        guide = make_article(title="Mesotherapy explained")
        assert not EdgePurge.objects.exists()  # nothing until the change is committed
    assert EdgePurge.objects.get().status == EdgePurge.Status.QUEUED

    with django_capture_on_commit_callbacks(execute=True):
        guide.title = "Mesotherapy, plainly explained"
        article_save(article=guide)
    assert EdgePurge.objects.count() == 1  # the purge still waiting covers this change too
    assert varnish_edge.requests == []  # the save never waits for the edge


@pytest.mark.django_db
def test_change_made_while_a_purge_is_being_sent_gets_a_purge_of_its_own(varnish_edge):
    sending = EdgePurge.objects.create(status=EdgePurge.Status.SENDING)

    edge_purge_queue()

    assert EdgePurge.objects.exclude(pk=sending.pk).get().status == EdgePurge.Status.QUEUED


@pytest.mark.django_db
def test_nothing_is_queued_without_an_edge(django_capture_on_commit_callbacks, business):
    with django_capture_on_commit_callbacks(execute=True):
        make_article(title="Mesotherapy explained")

    assert not EdgePurge.objects.exists()


@pytest.mark.django_db
def test_purge_records_are_not_content(varnish_edge, django_capture_on_commit_callbacks):
    version = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        EdgePurge.objects.create()

    assert content_version() == version
    assert EdgePurge.objects.count() == 1


# -- Sending, retries and each backend ----------------------------------------------------------


@pytest.mark.django_db
def test_varnish_purge_bans_the_pages_tag_on_every_server(settings, http_server):
    other = type(http_server)()
    try:
        settings.EDGE_BACKEND = "varnish"
        settings.EDGE_VARNISH_URLS = [f"{http_server.url}/", f"{other.url}/"]
        edge_purge_queue()

        edge_purges_send()

        for server in (http_server, other):
            [request] = server.requests
            assert (request.method, request.path) == ("BAN", "/")
            assert request.headers["Cache-Tag"] == PAGES_TAG
    finally:
        other.close()
    purge = EdgePurge.objects.get()
    assert (purge.status, purge.attempts, purge.last_error) == (EdgePurge.Status.DONE, 1, "")
    assert purge.purged_at is not None


@pytest.mark.django_db
def test_failed_purge_stays_queued_and_is_retried_with_backoff(settings, http_server):
    settings.EDGE_BACKEND = "varnish"
    settings.EDGE_VARNISH_URLS = [f"http://127.0.0.1:{free_port()}/"]  # nothing listens
    edge_purge_queue()

    edge_purges_send()

    purge = EdgePurge.objects.get()
    assert (purge.status, purge.attempts) == (EdgePurge.Status.QUEUED, 1)
    assert "refused" in purge.last_error.lower()
    wait = (purge.next_attempt_at - timezone.now()).total_seconds()
    assert RETRY_FIRST_SECONDS - 1 < wait <= RETRY_FIRST_SECONDS

    edge_purges_send()  # not due yet: nothing is sent
    assert EdgePurge.objects.get().attempts == 1

    EdgePurge.objects.update(next_attempt_at=timezone.now())
    edge_purges_send()
    purge.refresh_from_db()
    wait = (purge.next_attempt_at - timezone.now()).total_seconds()
    assert purge.attempts == 2
    assert 2 * RETRY_FIRST_SECONDS - 1 < wait <= 2 * RETRY_FIRST_SECONDS

    settings.EDGE_VARNISH_URLS = [f"{http_server.url}/"]  # the edge is back
    EdgePurge.objects.update(next_attempt_at=timezone.now())
    edge_purges_send()
    purge.refresh_from_db()
    assert (purge.status, purge.attempts, purge.last_error) == (EdgePurge.Status.DONE, 3, "")
    assert [request.method for request in http_server.requests] == ["BAN"]


@pytest.mark.django_db
def test_purge_a_dead_worker_left_half_sent_is_sent_again(varnish_edge):
    EdgePurge.objects.create(status=EdgePurge.Status.SENDING)

    edge_purges_send()

    assert EdgePurge.objects.get().status == EdgePurge.Status.DONE
    assert len(varnish_edge.requests) == 1


@pytest.fixture
def cloudflare(settings, http_server, monkeypatch):
    settings.EDGE_BACKEND = "cloudflare"
    settings.EDGE_CLOUDFLARE_ZONE_ID = CLOUDFLARE_ZONE
    settings.EDGE_CLOUDFLARE_API_TOKEN = CLOUDFLARE_TOKEN
    monkeypatch.setattr(CloudflareBackend, "api_url", f"{http_server.url}/client/v4")
    return http_server


@pytest.mark.django_db
def test_cloudflare_purge_sends_the_api_request_for_the_pages_tag(cloudflare):
    answer = {"success": True, "errors": [], "messages": [], "result": {"id": CLOUDFLARE_ZONE}}
    cloudflare.respond = lambda request: (
        200,
        {"Content-Type": "application/json"},
        json.dumps(answer),
    )
    edge_purge_queue()

    edge_purges_send()

    [request] = cloudflare.requests
    assert request.method == "POST"
    assert request.path == f"/client/v4/zones/{CLOUDFLARE_ZONE}/purge_cache"
    assert request.headers["Authorization"] == f"Bearer {CLOUDFLARE_TOKEN}"
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.body) == {"tags": [PAGES_TAG]}
    assert EdgePurge.objects.get().status == EdgePurge.Status.DONE


@pytest.mark.django_db
@pytest.mark.parametrize("status", [403, 200])
def test_cloudflare_refusal_is_kept_for_staff_without_the_token(cloudflare, status):
    refusal = {"success": False, "errors": [{"code": 10000, "message": "Authentication error"}]}
    cloudflare.respond = lambda request: (status, {}, json.dumps(refusal))
    edge_purge_queue()

    edge_purges_send()

    purge = EdgePurge.objects.get()
    assert (purge.status, purge.attempts) == (EdgePurge.Status.QUEUED, 1)
    assert "Authentication error" in purge.last_error
    assert CLOUDFLARE_TOKEN not in purge.last_error


@pytest.fixture
def cloudfront(settings, http_server, monkeypatch):
    settings.EDGE_BACKEND = "cloudfront"
    settings.EDGE_CLOUDFRONT_DISTRIBUTION_ID = CLOUDFRONT_DISTRIBUTION
    settings.EDGE_CLOUDFRONT_PATHS = ["/*"]
    # boto3 reads its endpoint and credentials from the environment, as on a real server.
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION", "AWS_REGION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_ENDPOINT_URL_CLOUDFRONT", http_server.url)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    return http_server


def _xml(body):
    return ElementTree.fromstring(body)  # noqa: S314 - what our own backend sent


def _created_invalidation(request):
    batch = _xml(request.body)
    body = (
        f'<?xml version="1.0"?><Invalidation xmlns="{CLOUDFRONT_NS[1:-1]}">'
        "<Id>I2J0I21PCUYOIK</Id><Status>InProgress</Status>"
        "<CreateTime>2026-01-01T00:00:00Z</CreateTime>"
        f"{ElementTree.tostring(batch, encoding='unicode')}</Invalidation>"
    )
    location = f"https://cloudfront.amazonaws.com{request.path}/I2J0I21PCUYOIK"
    return 201, {"Content-Type": "text/xml", "Location": location}, body


@pytest.mark.django_db
def test_cloudfront_purge_creates_an_invalidation_of_every_path(cloudfront):
    cloudfront.respond = _created_invalidation
    edge_purge_queue()

    edge_purges_send()

    [request] = cloudfront.requests
    purge = EdgePurge.objects.get()
    assert request.method == "POST"
    assert request.path == f"/2020-05-31/distribution/{CLOUDFRONT_DISTRIBUTION}/invalidation"
    assert re.match(
        r"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\d{8}/us-east-1/cloudfront/aws4_request, "
        r"SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$",
        request.headers["Authorization"],
    )
    batch = _xml(request.body)
    assert batch.tag == f"{CLOUDFRONT_NS}InvalidationBatch"
    assert batch.findtext(f"{CLOUDFRONT_NS}Paths/{CLOUDFRONT_NS}Quantity") == "1"
    paths = batch.findall(f"{CLOUDFRONT_NS}Paths/{CLOUDFRONT_NS}Items/{CLOUDFRONT_NS}Path")
    assert [path.text for path in paths] == ["/*"]
    reference = batch.findtext(f"{CLOUDFRONT_NS}CallerReference")
    assert reference == f"edge-purge-{purge.pk}-{purge.pk}"
    assert purge.status == EdgePurge.Status.DONE


@pytest.mark.django_db
def test_cloudfront_retry_reuses_the_reference_so_it_makes_no_second_invalidation(cloudfront):
    cloudfront.respond = lambda request: (503, {}, "")
    edge_purge_queue()
    edge_purges_send()
    cloudfront.respond = _created_invalidation
    EdgePurge.objects.update(next_attempt_at=timezone.now())

    edge_purges_send()

    references = [
        _xml(request.body).findtext(f"{CLOUDFRONT_NS}CallerReference")
        for request in cloudfront.requests
    ]
    assert len(references) == 2 and references[0] == references[1]
    assert EdgePurge.objects.get().status == EdgePurge.Status.DONE


@pytest.mark.django_db
def test_cloudfront_refusal_is_kept_for_staff(cloudfront):
    error = (
        f'<?xml version="1.0"?><ErrorResponse xmlns="{CLOUDFRONT_NS[1:-1]}"><Error>'
        "<Type>Sender</Type><Code>NoSuchDistribution</Code>"
        "<Message>The specified distribution does not exist.</Message></Error>"
        "<RequestId>1a2b3c</RequestId></ErrorResponse>"
    )
    cloudfront.respond = lambda request: (404, {"Content-Type": "text/xml"}, error)
    edge_purge_queue()

    edge_purges_send()

    purge = EdgePurge.objects.get()
    assert (purge.status, purge.attempts) == (EdgePurge.Status.QUEUED, 1)
    assert "NoSuchDistribution" in purge.last_error
    assert "wJalrXUtnFEMI" not in purge.last_error


# -- The worker, the command and the admin ------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_worker_round_sends_the_queued_purge(varnish_edge):
    edge_purge_queue()

    call_command("run_worker", "--once")

    assert EdgePurge.objects.get().status == EdgePurge.Status.DONE
    assert [request.method for request in varnish_edge.requests] == ["BAN"]


# Transactional: as in a real command run, the purge is queued as soon as the change commits.
@pytest.mark.django_db(transaction=True)
def test_purge_command_purges_now_and_fails_loudly_when_the_edge_refuses(
    varnish_edge, settings, capsys
):
    version = content_version()

    call_command("edge_purge")

    assert "Purged the edge" in capsys.readouterr().out
    assert len(varnish_edge.requests) == 1
    assert content_version() != version  # the page cache renders afresh too

    settings.EDGE_VARNISH_URLS = [f"http://127.0.0.1:{free_port()}/"]
    with pytest.raises(CommandError, match="did not confirm"):
        call_command("edge_purge")
    assert EdgePurge.objects.filter(status=EdgePurge.Status.QUEUED).count() == 1


@pytest.fixture
def failing_purge(settings):
    settings.EDGE_BACKEND = "varnish"
    settings.EDGE_VARNISH_URLS = ["http://127.0.0.1:9/"]
    EdgePurge.objects.create(
        status=EdgePurge.Status.DONE, attempts=1, purged_at=timezone.now() - timedelta(hours=1)
    )
    return EdgePurge.objects.create(
        attempts=3,
        last_error="BAN http://127.0.0.1:9/ failed: [Errno 111] Connection refused",
        next_attempt_at=timezone.now() + timedelta(minutes=5),
    )


@pytest.mark.django_db
def test_staff_see_failed_purges_and_why(admin_client, failing_purge, assert_valid_html):
    response = admin_client.get("/admin/base/edgepurge/")

    assert response.status_code == 200
    page = response.text
    assert "Failed; retrying" in page and "Purged" in page
    assert "Connection refused" in page
    assert "The edge has not confirmed the latest purge" in page
    assert admin_client.get("/admin/base/edgepurge/add/").status_code == 403
    index = admin_client.get("/admin/").text
    assert "The edge has not confirmed the latest purge" in index
    assert_valid_html({"edge purges": page, "admin index": index})

    EdgePurge.objects.update(status=EdgePurge.Status.DONE, purged_at=timezone.now())
    assert "has not confirmed" not in admin_client.get("/admin/").text


@pytest.mark.django_db
def test_staff_can_send_a_failed_purge_again_now(admin_client, failing_purge):
    response = admin_client.post(
        "/admin/base/edgepurge/",
        {"action": "send_again_now", "_selected_action": [failing_purge.pk]},
        follow=True,
    )

    assert "will be sent within seconds" in response.text
    failing_purge.refresh_from_db()
    assert failing_purge.next_attempt_at <= timezone.now()


@pytest.mark.django_db
def test_purges_are_not_in_the_admin_without_an_edge(admin_client):
    assert admin_client.get("/admin/base/edgepurge/").status_code == 403
    assert "edgepurge" not in admin_client.get("/admin/").text
