"""Real servers for the tests that need them: gunicorn as `make serve` runs it, Redis, a worker."""

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener, urlopen

import pytest
import redis

from tests.conftest import REDIS_TEST_URL, free_port

ROOT = Path(__file__).resolve().parent.parent
# `make serve` runs exactly this (after collectstatic and migrate).
GUNICORN = [sys.executable, "-m", "gunicorn", "spa_site.wsgi:application", "-c", "gunicorn.conf.py"]


def needs_postgres(connection):
    """Skip unless the tests run on PostgreSQL (CI runs the suite on both databases)."""
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL shared with other processes (set DATABASE_URL).")


def needs_redis():
    try:
        redis.Redis.from_url(REDIS_TEST_URL, socket_timeout=2).ping()
    except redis.RedisError:
        if os.environ.get("CI") == "true":
            pytest.fail("Redis is required in CI on 127.0.0.1:6379.")
        pytest.skip("Redis is not running on 127.0.0.1:6379.")


def shared_servers_env(settings, connection, **values):
    """Return the environment of app servers sharing this test's PostgreSQL and Redis.

    Skips unless the tests run on PostgreSQL with Redis up (Redis is required in CI), creates
    the superuser "editor" the servers can log in, and empties the test run's Redis database.
    """
    from django.contrib.auth.models import User

    needs_postgres(connection)
    needs_redis()
    # The servers know only the real hashers, not the fast one the other tests use.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    User.objects.create_superuser("editor", "editor@example.com", "a-long-test-password")
    env = site_env(
        connection,
        CACHE_URL=REDIS_TEST_URL,
        FORM_RATE_LIMIT="off",
        PAGE_CACHE_SECONDS="600",
        WEB_CONCURRENCY="2",
        **values,
    )
    # The test run's own database; nothing from an earlier run may answer for this one.
    redis.Redis.from_url(REDIS_TEST_URL, socket_timeout=5).flushdb()
    return env


def fetch(url, opener=None, data=None):
    """Return the page at url as text, posting data (pairs or a dict) when given."""
    request = Request(url, data=urlencode(data).encode() if data else None)
    with (opener or build_opener()).open(request, timeout=10) as response:
        return response.read().decode()


def admin_login(base_url):
    """Return a cookie-keeping opener logged in to the admin at base_url as "editor"."""
    staff = build_opener(HTTPCookieProcessor())
    login = fetch(f"{base_url}/admin/login/", staff)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login)[1]
    fetch(
        f"{base_url}/admin/login/?next=/admin/",
        staff,
        {"csrfmiddlewaretoken": token, "username": "editor", "password": "a-long-test-password"},
    )
    return staff


# The guide editor's button that puts changes live (its "Save draft" keeps a draft).
PUBLISH = ("_publish", "Publish changes")


def admin_save(staff, url, changes, button=("_save", "Save")):
    """Submit the admin change form at url as a browser would, with changes to its fields."""
    form = fetch(url, staff)
    fields = [(name, value) for name, value in post_form_fields(form) if name not in changes]
    fields += [*changes.items(), button]
    saved = fetch(url, staff, fields)
    assert "errorlist" not in saved, re.findall(r'class="errorlist[^>]*>(.*?)</ul>', saved, re.S)


def closed_port():
    """Return a loopback port nothing listens on (connections to it are refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(connection):
    """Return a DATABASE_URL for the test run's own PostgreSQL database."""
    database = connection.settings_dict
    credentials = database["USER"]
    if database.get("PASSWORD"):
        credentials += f":{database['PASSWORD']}"
    return (
        f"postgres://{credentials}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )


def site_env(connection, **values):
    """Return the environment of a site process on the test database, plain HTTP on loopback."""
    env = {
        **os.environ,
        # DEBUG serves unhashed static names, sparing the tests a slow collectstatic; nothing
        # tested here depends on it.
        "DEBUG": "true",
        "SECRET_KEY": "server-test-secret",
        "DATABASE_URL": database_url(connection),
        "SECURE_SSL_REDIRECT": "false",
        "COOKIES_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_PRIORITY": "medium",
        "WEB_CONCURRENCY": "1",
        # Calendar invites attached to emails: outside the project folder.
        "PRIVATE_FILES_ROOT": str(Path(tempfile.gettempdir()) / "spa-test-private"),
    }
    env.update(values)
    return env


def wait_for(condition, *, seconds, what):
    """Poll another process's state until condition() is true; fail after seconds."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {seconds} s")
        time.sleep(0.05)


def stop(process, *, timeout=15):
    """Stop a process started in its own session, politely first."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


@dataclass
class Server:
    url: str
    port: int
    log: Path
    process: subprocess.Popen

    def log_text(self):
        return self.log.read_text(errors="replace")


def _up(url, process):
    if process.poll() is not None:
        raise AssertionError(f"server exited with {process.returncode}")
    try:
        with urlopen(url, timeout=2):
            return True
    except HTTPError:
        return True
    except OSError:
        return False


@contextmanager
def app_servers(count, *, env, log_dir):
    """Start `count` gunicorn servers as `make serve` does; stop them however the test ends."""
    servers = []
    try:
        for number in range(count):
            port = free_port()
            log = Path(log_dir) / f"gunicorn-{number}.log"
            with log.open("wb") as output:
                process = subprocess.Popen(
                    GUNICORN,
                    cwd=ROOT,
                    env={**env, "HOST": "127.0.0.1", "PORT": str(port)},
                    stdout=output,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            servers.append(Server(f"http://127.0.0.1:{port}", port, log, process))
        for server in servers:
            wait_for(
                lambda server=server: _up(f"{server.url}/healthz", server.process),
                seconds=30,
                what=f"{server.url} starting",
            )
        yield servers
    finally:
        for server in servers:
            stop(server.process)


class RedisServer:
    """A redis-server of the test's own on a free port, that the test can stop and start."""

    def __init__(self, port):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", ""]
            + ["--appendonly", "no", "--maxmemory", "64mb", "--maxmemory-policy", "volatile-lru"],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        client = redis.Redis(port=self.port, socket_timeout=1)
        wait_for(lambda: self._pings(client), seconds=10, what="redis-server starting")

    def _pings(self, client):
        if self.process.poll() is not None:
            raise AssertionError("redis-server exited")
        try:
            return client.ping()
        except redis.ConnectionError:
            return False

    def stop(self):
        stop(self.process)

    def client(self):
        return redis.Redis(port=self.port, socket_timeout=2)


@contextmanager
def redis_server():
    """Run a redis-server that exists for this test only."""
    if not any((Path(path) / "redis-server").exists() for path in os.get_exec_path()):
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is required in CI.")
        pytest.skip("redis-server is not installed.")
    server = RedisServer(free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def worker(env, *, log):
    """Run `manage.py run_worker` (what `make worker` runs) until the block ends."""
    with Path(log).open("ab") as output:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--interval", "0.2"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        stop(process)


class _FormFields(HTMLParser):
    """Collect the values a browser would submit from the POST forms of a page, in order."""

    def __init__(self):
        super().__init__()
        self.fields, self._textarea, self._select, self._in_form = [], None, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self._in_form = True
        if not self._in_form or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file", "image"):
                self.fields.append(
                    (attrs["name"], attrs.get("value", "on" if kind == "checkbox" else ""))
                )
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            self.fields.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._in_form = False


def post_form_fields(html):
    parser = _FormFields()
    parser.feed(html)
    return parser.fields
