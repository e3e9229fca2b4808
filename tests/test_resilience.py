"""The site as `make serve` runs it keeps serving when parts fail or traffic turns hostile."""

import http.client
import json
import os
import socket
import subprocess
import sys
from contextlib import ExitStack
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

import pytest
from django.db import connection

from base.cache import PAGE_KEY_PREFIX
from consultations.models import ConsultationRequest
from newsletter.models import Subscriber
from tests.articles_factories import make_article
from tests.consultations_factories import CLIENT_PHONE
from tests.servers import (
    ROOT,
    app_servers,
    needs_postgres,
    post_form_fields,
    redis_server,
    site_env,
    wait_for,
)

SIGNED_TOKEN = "NDI:1xYc43:jhStxdYbbIF0zlDay7zaVW3Kr5kNHokNKJypjcTNRy4"


def request(url, *, method=None, headers=None, data=None, opener=None):
    """Return (status, headers, body) for a request, whatever its status."""
    body = urlencode(data, doseq=True).encode() if data is not None else None
    req = Request(url, data=body, method=method, headers=headers or {})
    try:
        with (opener or build_opener()).open(req, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except HTTPError as error:
        return error.code, error.headers, error.read().decode()


# -- One server on an SQLite file (no PostgreSQL needed) -----------------------------------------


@pytest.fixture(scope="module")
def sqlite_env(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve")
    env = {
        "DEBUG": "true",
        "SECRET_KEY": "server-test-secret",
        "DATABASE_URL": f"sqlite:///{folder / 'site.sqlite3'}",
        "CACHE_URL": "locmemcache://",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "COOKIES_SECURE": "false",
        "WEB_CONCURRENCY": "1",
        "HOME": str(folder),
    }
    env = {**{k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "TMPDIR")}, **env}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "spa_site.settings"},
        check=True,
        timeout=180,
    )
    return env


@pytest.fixture(scope="module")
def server(sqlite_env, tmp_path_factory):
    with app_servers(1, env=sqlite_env, log_dir=tmp_path_factory.mktemp("logs")) as (one,):
        yield one


def test_slow_request_bodies_do_not_tie_up_the_server(server):
    with ExitStack() as stack:
        for _ in range(20):  # far more than gunicorn's thread count used to be
            slow = stack.enter_context(socket.create_connection(("127.0.0.1", server.port)))
            slow.sendall(
                b"POST /newsletter/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n"
                b"Content-Length: 10000\r\n\r\nemail=slow"
            )
        status, _, body = request(f"{server.url}/healthz")

    assert status == 200
    assert json.loads(body)["database"] == "ok"


def test_head_requests_are_answered_without_a_dropped_body_warning(server):
    for path in ("/", "/guides/", "/robots.txt", "/no-such-page/"):
        connection_ = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        connection_.request("HEAD", path)
        response = connection_.getresponse()
        assert response.read() == b""
        assert int(response.getheader("Content-Length")) > 0
        connection_.close()
    request(f"{server.url}/healthz")  # its access line is written after the HEAD lines

    wait_for(lambda: "GET /healthz" in server.log_text(), seconds=5, what="the access log")
    assert "HEAD /guides/" in server.log_text()
    assert "no-body response" not in server.log_text()


def test_the_access_log_masks_tokens_in_links(server):
    for path in (
        f"/newsletter/confirm/{SIGNED_TOKEN}/",
        f"/newsletter/unsubscribe/{SIGNED_TOKEN}/",
        f"/guides/preview/link/{SIGNED_TOKEN}/",
    ):
        request(f"{server.url}{path}")

    wait_for(
        lambda: server.log_text().count("[token]") >= 3, seconds=5, what="the access log lines"
    )
    log = server.log_text()
    assert "/newsletter/confirm/[token]/" in log
    assert SIGNED_TOKEN not in log
    assert SIGNED_TOKEN.split(":")[-1] not in log


def test_a_forwarded_scheme_is_believed_only_from_a_trusted_proxy(sqlite_env, tmp_path):
    env = {**sqlite_env, "TRUSTED_PROXIES": "192.0.2.1", "SECURE_HSTS_SECONDS": "31536000"}
    with app_servers(1, env=env, log_dir=tmp_path) as (direct,):
        _, headers, _ = request(f"{direct.url}/", headers={"X-Forwarded-Proto": "https"})

    # Not a proxy we trust, so not HTTPS: no HSTS (a trusted proxy's request gets it; see
    # test_foundation.test_production_server_serves_pages_and_long_cached_compressed_static).
    assert headers["Strict-Transport-Security"] is None


def test_two_instances_on_one_machine_have_a_control_socket_each(sqlite_env, tmp_path):
    folder = tmp_path / ".gunicorn"
    env = {**sqlite_env, "HOME": str(tmp_path)}
    with app_servers(2, env=env, log_dir=tmp_path) as servers:
        expected = {folder / f"spa-127.0.0.1-{server.port}.ctl" for server in servers}

        # Each arbiter starts its socket in a thread once its workers are spawned: slow when busy.
        wait_for(
            lambda: set(folder.glob("*.ctl")) == expected,
            seconds=30,
            what=f"two control sockets (found {sorted(folder.glob('*'))})",
        )
        for path in expected:  # each answers: neither took the other's over
            with socket.socket(socket.AF_UNIX) as probe:
                probe.connect(str(path))


# -- Redis down, with PostgreSQL, gunicorn and a worker ---------------------------------------


def form_fields(opener, url):
    """Return the fields of the first form on the page, as a browser would send them."""
    _, _, html = request(url, opener=opener)
    return dict(post_form_fields(html))


@pytest.mark.django_db(transaction=True)
def test_the_site_serves_while_redis_is_down_and_caches_again_once_it_is_back(tmp_path):
    needs_postgres(connection)
    from demo.loader import business_load as load

    load()
    guide = make_article(title="Mesotherapy explained")
    with redis_server() as redis:
        env = site_env(
            connection,
            CACHE_URL=redis.url,
            FORM_RATE_LIMIT="2/10m",
            FORM_MIN_FILL_SECONDS="0",
            PAGE_CACHE_SECONDS="600",
        )
        with app_servers(1, env=env, log_dir=tmp_path) as (server,):
            assert request(f"{server.url}{guide.get_absolute_url()}")[0] == 200
            assert redis.client().keys(f"*{PAGE_KEY_PREFIX}*")  # cached while Redis is up

            redis.stop()
            pages = ["/", guide.get_absolute_url(), "/guides/", "/treatments/", "/about/"]
            pages += ["/robots.txt", "/sitemap.xml", "/consultation/", "/newsletter/"]
            for _ in range(3):
                for path in pages:
                    assert request(f"{server.url}{path}")[0] == 200, path
            status, _, body = request(f"{server.url}/healthz")
            assert (status, json.loads(body)["cache"]) == (200, "unreachable")

            # Forms store, and the rate limit (2 per 10 minutes) is off meanwhile.
            for number in range(3):
                browser = build_opener(HTTPCookieProcessor())
                fields = form_fields(browser, f"{server.url}/consultation/")
                fields.update(
                    name="Jo Okafor",
                    email=f"jo{number}@example.com",
                    phone=CLIENT_PHONE,
                    contact_method="call",
                    consent="on",
                )
                status, _, body = request(
                    f"{server.url}/consultation/", data=fields, opener=browser
                )
                assert (status, "Thank you" in body) == (200, True), body  # after the 303
            assert ConsultationRequest.objects.count() == 3
            fields = form_fields(build_opener(), f"{server.url}/newsletter/")
            fields["email"] = "reader@example.com"
            assert request(f"{server.url}/newsletter/", data=fields)[0] == 200
            assert Subscriber.objects.filter(email="reader@example.com").exists()

            log = server.log_text()
            assert log.count("Cache unreachable: pages render from the database") == 1
            assert log.count("the form rate limit is off") == 1
            assert log.count("Exception ignored") == 1  # django-redis, held to once a minute

            redis.start()
            wait_for(
                lambda: json.loads(request(f"{server.url}/healthz")[2])["cache"] == "ok",
                seconds=10,
                what="the site using Redis again",
            )
            assert request(f"{server.url}{guide.get_absolute_url()}")[0] == 200
            assert redis.client().keys(f"*{PAGE_KEY_PREFIX}*")  # and caching again
            assert '" 500 ' not in server.log_text()
