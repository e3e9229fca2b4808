"""Foundation: settings, security headers, cookies, site-wide pages, static files, gunicorn."""

import http.client
import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import RequestFactory
from django.urls import reverse

from articles.models import Article, Topic
from base.http import client_ip, is_local_path
from tests.benchmarks.server import gunicorn
from tests.conftest import BrowserClient, free_port
from treatments.models import Treatment

BASE_DIR = Path(django_settings.BASE_DIR)
ONE_YEAR = 31536000
PRODUCTION_SECRET = "production-like-secret-key-for-tests-only-0123456789"
PUBLIC_PAGES = [
    pytest.param(("pages:home", ""), id="home"),
    pytest.param(("pages:about", ""), id="about"),
    pytest.param(("articles:list", ""), id="guides"),
    pytest.param(("treatments:list", ""), id="treatments"),
    pytest.param(("pages:search", "?q=x"), id="search"),
    pytest.param(("articles:feed", ""), id="feed"),
    pytest.param(("treatments:compare", ""), id="compare"),
    pytest.param(("consultations:thanks", ""), id="consultation-thanks"),
    pytest.param(("newsletter:check_inbox", ""), id="newsletter-check-inbox"),
    pytest.param(("newsletter:confirmed", ""), id="newsletter-confirmed"),
    pytest.param(("base:robots", ""), id="robots"),
    pytest.param(("sitemap", ""), id="sitemap"),
    pytest.param(("base:healthz", ""), id="healthz"),
    pytest.param((None, "/no-such-page/"), id="404"),
]


def clean_env(**values):
    """Return a minimal environment for a child process, without this test run's settings."""
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "TMPDIR") if key in os.environ}
    env["DJANGO_SETTINGS_MODULE"] = "spa_site.settings"
    env.update(values)
    return env


def run_python(code, timeout=60, **env):
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def run_manage(*args, timeout=180, **env):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def csp_directives(response):
    policy = response.headers["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.fixture
def production(settings):
    """Apply the values settings.py derives when DEBUG is off (checked by a subprocess test)."""
    settings.DEBUG = False
    settings.SECURE_HSTS_SECONDS = ONE_YEAR
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SESSION_COOKIE_NAME = "__Host-sessionid"
    settings.CSRF_COOKIE_NAME = "__Host-csrftoken"
    return settings


@pytest.fixture
def staff_user(db):
    return get_user_model().objects.create_superuser(
        username="staff", email="staff@example.com", password="correct horse battery"
    )


def admin_login(client, password, username="staff", **extra):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        **extra,
    )


def render_500_page(settings):
    settings.ROOT_URLCONF = "tests.foundation_urls"
    client = BrowserClient(raise_request_exception=False)
    return client.get("/test-only/broken/")


def lock_out(client, **extra):
    for _ in range(5):
        admin_login(client, "wrong password", **extra)
    return admin_login(client, "correct horse battery", **extra)


# -- Settings ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "false", "SECRET_KEY": ""}, "SECRET_KEY must be set when DEBUG is off"),
        ({"DEBUG": "true", "MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE must be 'local' or 's3'"),
    ],
)
def test_settings_refuse_to_start_with_a_clear_message(env, message):
    result = run_python("import django; django.setup()", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_settings_start_in_development_without_a_secret_key():
    result = run_python("import django; django.setup()", DEBUG="true", SECRET_KEY="")
    assert result.returncode == 0, result.stderr


SETTINGS_DUMP = """
import json
from django.conf import settings
names = ["SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
         "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_NAME",
         "CSRF_COOKIE_NAME", "SECURE_PROXY_SSL_HEADER", "EMAIL_BACKEND"]
print(json.dumps({name: getattr(settings, name) for name in names}))
"""


@pytest.mark.parametrize(
    ("debug", "expected"),
    [
        (
            "false",
            {
                "SECURE_SSL_REDIRECT": True,
                "SECURE_HSTS_SECONDS": ONE_YEAR,
                "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
                "SESSION_COOKIE_SECURE": True,
                "CSRF_COOKIE_SECURE": True,
                "SESSION_COOKIE_NAME": "__Host-sessionid",
                "CSRF_COOKIE_NAME": "__Host-csrftoken",
                # The scheme comes from gunicorn, which believes only TRUSTED_PROXIES.
                "SECURE_PROXY_SSL_HEADER": None,
            },
        ),
        (
            "true",
            {
                "SECURE_SSL_REDIRECT": False,
                "SECURE_HSTS_SECONDS": 0,
                "SESSION_COOKIE_SECURE": False,
                "SESSION_COOKIE_NAME": "sessionid",
                "CSRF_COOKIE_NAME": "csrftoken",
                "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            },
        ),
    ],
    ids=["production", "development"],
)
def test_debug_switch_picks_secure_defaults(debug, expected):
    result = run_python(SETTINGS_DUMP, DEBUG=debug, SECRET_KEY=PRODUCTION_SECRET)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert {name: values[name] for name in expected} == expected


def test_production_settings_pass_the_deployment_checklist():
    run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=PRODUCTION_SECRET,
        ALLOWED_HOSTS="spa.example",
        SITE_URL="https://spa.example",
    )


# -- Security headers, HTTPS and the proxy -------------------------------------------------------


@pytest.mark.django_db
def test_secure_response_carries_the_security_headers(client, production, business):
    response = client.get(reverse("pages:home"), secure=True)

    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_content_security_policy_forbids_inline_code_framing_and_plugins(client, production):
    response = client.get(reverse("pages:home"), secure=True)
    directives = csp_directives(response)

    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "http:" not in policy


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_when_the_redirect_is_on(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/guides/?page=2")

    assert response.status_code == 301
    assert response.headers["Location"] == "https://testserver/guides/?page=2"


@pytest.mark.django_db
def test_health_check_answers_plain_http_when_the_redirect_is_on(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get(reverse("base:healthz")).status_code == 200


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "expected"),
    [
        ("10.0.0.9", "", "10.0.0.9"),
        ("203.0.113.9", "198.51.100.66", "203.0.113.9"),
        ("10.0.0.9", "203.0.113.5", "203.0.113.5"),
        ("10.0.0.9", "198.51.100.66, 203.0.113.5", "203.0.113.5"),
        ("10.0.0.9", "198.51.100.66, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        ("10.0.0.9", "10.0.0.3, 10.0.0.2", "10.0.0.3"),
        ("10.0.0.9", "not-an-address", "10.0.0.9"),
        ("2001:db8::9", "2001:db8:1::5", "2001:db8::9"),
        ("::1", "2001:db8:1::5", "2001:db8:1::5"),
    ],
    ids=[
        "direct",
        "spoofed-direct",
        "one-proxy",
        "spoofed-prefix",
        "two-proxies",
        "only-proxies",
        "garbage",
        "ipv6-direct",
        "ipv6-proxy",
    ],
)
def test_client_address_believes_forwarded_for_only_from_trusted_proxies(
    settings, peer, forwarded_for, expected
):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "::1"]
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    request = RequestFactory().get("/", REMOTE_ADDR=peer, headers=headers)

    assert client_ip(request) == expected


@pytest.mark.parametrize("setting", ["*", "TRUSTED_PROXY_COUNT", "FORWARDED_ALLOW_IPS"])
def test_proxy_settings_that_would_trust_anyone_are_refused_at_start(setting):
    env = {"TRUSTED_PROXIES": "*"} if setting == "*" else {setting: "1"}
    result = run_python("import django; django.setup()", DEBUG="true", **env)

    assert result.returncode != 0
    assert "TRUSTED_PROXIES" in result.stderr


@pytest.mark.parametrize(
    ("path", "local"),
    [
        ("/guides/botox/", True),
        ("/", True),
        ("", False),
        ("guides/", False),
        ("//evil.example/", False),
        ("/\\evil.example/", False),
        ("https://evil.example/", False),
    ],
)
def test_local_paths_are_only_paths_on_this_site(path, local):
    assert is_local_path(path) is local


# -- Cookies -------------------------------------------------------------------------------------


def assert_host_only_secure_cookie(cookie):
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    assert cookie["domain"] == ""


@pytest.mark.django_db
def test_csrf_cookie_is_host_only_secure_httponly_and_samesite(client, production):
    response = client.get(reverse("admin:login"), secure=True)

    assert_host_only_secure_cookie(response.cookies["__Host-csrftoken"])


@pytest.mark.django_db
def test_session_cookie_is_host_only_secure_httponly_and_samesite(client, production, staff_user):
    response = admin_login(client, "correct horse battery", secure=True)

    assert response.status_code == 302
    assert_host_only_secure_cookie(response.cookies["__Host-sessionid"])


@pytest.mark.django_db
@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_anonymous_readers_get_no_cookies(client, production, business, page):
    name, suffix = page
    url = (reverse(name) if name else "") + suffix

    response = client.get(url, secure=True)

    assert response.status_code in (200, 404)
    assert "Set-Cookie" not in response.headers
    assert not response.cookies


@pytest.mark.django_db
def test_anonymous_readers_get_no_cookies_on_content_pages(client, production):
    call_command("load_demo_content", stdout=io.StringIO())
    urls = [
        Article.objects.published().first().get_absolute_url(),
        Topic.objects.first().get_absolute_url(),
        reverse("articles:author", kwargs={"slug": "elena-marsh"}),
        Treatment.objects.first().get_absolute_url(),
    ]

    responses = {url: client.get(url, secure=True) for url in urls}

    assert {url: response.status_code for url, response in responses.items()} == dict.fromkeys(
        urls, 200
    )
    assert {url: response.cookies for url, response in responses.items() if response.cookies} == {}


# -- Site-wide pages -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_home_page_renders_business_details(client, business):
    response = client.get("/")
    assert response.status_code == 200
    assert b"(503) 555-0142" in response.content


@pytest.mark.django_db
def test_missing_page_is_a_styled_404_in_the_site_layout(client, business):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    content = response.content.decode()
    assert "We couldn't find that page" in content
    assert 'class="site-header"' in content
    assert "(503) 555-0142" in content


@pytest.mark.django_db
def test_server_error_is_a_styled_500_without_details(settings):
    response = render_500_page(settings)

    assert response.status_code == 500
    content = response.content.decode()
    assert "Something went wrong on our side" in content
    assert "/static/css/site.css" in content
    assert "Deliberate failure" not in content
    assert "RuntimeError" not in content


@pytest.mark.django_db
def test_robots_txt_names_the_absolute_sitemap_url(client, settings):
    settings.SITE_URL = "https://spa.example"

    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: https://spa.example/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


@pytest.mark.django_db
def test_sitemap_is_xml_with_absolute_urls_on_the_public_host(client, settings):
    settings.SITE_URL = "https://spa.example"

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    namespace = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.fromstring(response.content)  # noqa: S314 - our own response, not untrusted input
    locations = [loc.text for loc in root.iterfind(".//sm:loc", namespace)]
    assert "https://spa.example/" in locations
    assert all(location.startswith("https://spa.example/") for location in locations)


def test_favicon_ico_points_at_the_svg_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response.headers["Location"] == "/static/img/favicon.svg"
    assert "max-age=86400" in response.headers["Cache-Control"]


@pytest.mark.django_db
def test_health_check_reports_a_reachable_database(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response.headers["Cache-Control"]


@pytest.mark.django_db
def test_health_check_answers_503_when_the_database_is_unreachable(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(type(connection._connections["default"]), "cursor", unreachable)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}


def test_local_media_is_served_with_cache_headers(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "uploads").mkdir()
    (tmp_path / "uploads" / "photo.txt").write_text("pretend image")

    response = client.get("/media/uploads/photo.txt")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"pretend image"
    assert "max-age=86400" in response.headers["Cache-Control"]
    assert "public" in response.headers["Cache-Control"]
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize(
    "name",
    [
        "articles/heroes/holiday-photo-0a1b2c3d-1600w.jpg",
        "articles/heroes/holiday-photo-0a1b2c3d-1600w.800w.webp",
        "team/jo-9f8e7d6c-640w_AbC12xY.160w.jpg",
    ],
)
def test_stored_images_and_their_renditions_are_cached_for_a_year(client, settings, tmp_path, name):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_bytes(b"pretend image")

    response = client.get(f"/media/{name}")

    assert response.status_code == 200
    cache_control = response.headers["Cache-Control"]
    assert "max-age=31536000" in cache_control
    assert "immutable" in cache_control


@pytest.mark.django_db
def test_media_may_be_embedded_by_other_sites_such_as_mail_clients(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "photo-0a1b2c3d-800w.jpg").write_bytes(b"pretend image")

    media = client.get("/media/photo-0a1b2c3d-800w.jpg")

    assert media.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert client.get("/robots.txt").headers["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.mark.django_db
def test_head_requests_get_the_headers_of_get_and_no_body(client, business):
    get = client.get("/")
    wsgi = BrowserClient()
    # Django's test client drops HEAD bodies itself; the site must do it for gunicorn.
    wsgi.handler.load_middleware()
    request_factory = RequestFactory()
    head = wsgi.handler.get_response(request_factory.head("/"))

    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Length"] == get["Content-Length"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status"),
    [("/media/../settings.py", 400), ("/media/missing.jpg", 404), ("/media/", 404)],
)
def test_local_media_outside_the_folder_or_missing_is_refused(
    client, settings, tmp_path, path, status
):
    settings.MEDIA_ROOT = tmp_path

    assert client.get(path).status_code == status


# -- Admin brute-force protection ----------------------------------------------------------------


@pytest.mark.django_db
def test_five_failed_admin_logins_lock_out_even_the_right_password(client, staff_user):
    failures = [admin_login(client, "wrong password").status_code for _ in range(4)]
    assert failures == [200, 200, 200, 200]
    admin_login(client, "wrong password")

    response = admin_login(client, "correct horse battery")

    assert response.status_code == 429
    assert b"Too many failed sign-in attempts" in response.content
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_lockout_is_per_username_and_address(client, staff_user):
    lock_out(client, REMOTE_ADDR="10.0.0.1")

    response = admin_login(BrowserClient(), "correct horse battery", REMOTE_ADDR="10.0.0.2")

    assert response.status_code == 302


@pytest.mark.django_db
def test_lockout_behind_a_proxy_uses_the_forwarded_address(client, settings, staff_user):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    assert lock_out(client, headers={"X-Forwarded-For": "203.0.113.5"}, **proxy).status_code == 429

    response = admin_login(
        BrowserClient(),
        "correct horse battery",
        headers={"X-Forwarded-For": "203.0.113.6"},
        **proxy,
    )

    assert response.status_code == 302


@pytest.mark.django_db
def test_rotating_forwarded_for_from_a_direct_client_does_not_escape_the_lockout(
    client, settings, staff_user
):
    # One proxy in front, in today's words and in the old ones (TRUSTED_PROXY_COUNT).
    settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_COUNT = ["10.0.0.1"], 1
    for number in range(5):
        admin_login(
            client,
            "wrong password",
            REMOTE_ADDR="203.0.113.7",
            headers={"X-Forwarded-For": f"198.51.100.{number}"},
        )

    response = admin_login(
        BrowserClient(),
        "correct horse battery",
        REMOTE_ADDR="203.0.113.7",
        headers={"X-Forwarded-For": "198.51.100.99"},
    )

    assert response.status_code == 429


@pytest.mark.django_db
def test_admin_login_with_a_refused_next_lands_on_the_admin_index(client, staff_user):
    response = client.post(
        reverse("admin:login") + "?next=https://evil.example/",
        {
            "username": "staff",
            "password": "correct horse battery",
            "next": "https://evil.example/",
        },
    )

    assert response.status_code == 302
    assert response.headers["Location"] == reverse("admin:index")


@pytest.mark.django_db
def test_documented_reset_command_lifts_the_lockout(client, staff_user):
    assert lock_out(client).status_code == 429

    call_command("axes_reset_username", "staff", stdout=io.StringIO())

    assert admin_login(client, "correct horse battery").status_code == 302


@pytest.mark.django_db
def test_admin_login_page_needs_no_inline_code_under_the_policy(client, production):
    response = client.get(reverse("admin:login"), secure=True)

    assert response.status_code == 200
    assert "Content-Security-Policy" in response.headers
    content = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", content)
    assert " style=" not in content


# -- HTML validity -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_site_wide_pages_are_valid_html(client, settings, business, staff_user, assert_valid_html):
    csrf_client = BrowserClient(enforce_csrf_checks=True)
    pages = {
        "home": client.get("/"),
        "404": client.get("/no-such-page/"),
        "403 csrf": csrf_client.post(reverse("admin:login"), {"username": "staff"}),
        "lockout": lock_out(BrowserClient()),
        "500": render_500_page(settings),
    }
    assert {name: page.status_code for name, page in pages.items()} == {
        "home": 200,
        "404": 404,
        "403 csrf": 403,
        "lockout": 429,
        "500": 500,
    }

    assert_valid_html({name: page.content.decode() for name, page in pages.items()})


# -- Static files and production mode ------------------------------------------------------------


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory):
    """Run collectstatic with the production storage into a temporary STATIC_ROOT."""
    static_root = tmp_path_factory.mktemp("staticfiles")
    run_manage(
        "collectstatic",
        "--noinput",
        DEBUG="false",
        SECRET_KEY=PRODUCTION_SECRET,
        STATIC_ROOT=str(static_root),
    )
    return static_root


def test_collectstatic_writes_hashed_and_compressed_files(collected_static):
    manifest = json.loads((collected_static / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]

    assert re.fullmatch(r"css/site\.[0-9a-f]{12}\.css", hashed)
    for suffix in ("", ".br", ".gz"):
        assert (collected_static / f"{hashed}{suffix}").is_file()


@pytest.fixture(scope="module")
def gunicorn_server(collected_static, tmp_path_factory):
    """Serve the site the way `make serve` does: gunicorn, DEBUG off, WhiteNoise."""
    env = clean_env(
        DEBUG="false",
        SECRET_KEY=PRODUCTION_SECRET,
        DATABASE_URL=f"sqlite:///{tmp_path_factory.mktemp('serve') / 'serve.sqlite3'}",
        STATIC_ROOT=str(collected_static),
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL="https://spa.example",
        WEB_CONCURRENCY="1",
    )
    run_manage("migrate", "--noinput", **env)
    port = free_port()
    with gunicorn(env, port):
        yield port


def fetch(port, path, headers=None):
    server = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        server.request("GET", path, headers=headers or {})
        response = server.getresponse()
        return response, response.read()
    finally:
        server.close()


BEHIND_TLS_PROXY = {"X-Forwarded-Proto": "https"}


def test_production_server_serves_pages_and_long_cached_compressed_static(gunicorn_server):
    response, body = fetch(gunicorn_server, "/", BEHIND_TLS_PROXY)
    assert response.status == 200
    assert response.getheader("Strict-Transport-Security")
    assert response.getheader("Set-Cookie") is None
    stylesheet = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body)
    assert stylesheet, "the page links the hashed stylesheet"

    response, body = fetch(
        gunicorn_server, stylesheet[1].decode(), {**BEHIND_TLS_PROXY, "Accept-Encoding": "br"}
    )

    assert response.status == 200
    assert response.getheader("Content-Encoding") == "br"
    cache_control = response.getheader("Cache-Control")
    assert "immutable" in cache_control
    # WhiteNoise caches hashed files for ten years: at least the year asked for.
    assert int(re.search(r"max-age=(\d+)", cache_control)[1]) >= ONE_YEAR


def test_production_server_redirects_plain_http_to_https(gunicorn_server):
    response, _ = fetch(gunicorn_server, "/guides/")

    assert response.status == 301
    assert response.getheader("Location") == f"https://127.0.0.1:{gunicorn_server}/guides/"
