"""The Redis cache: errors become misses, and a Redis that does not answer is not waited for."""

import importlib
import socket
import threading

import pytest
from django.core.cache import caches

from base import cache_backends
from tests.conftest import REDIS_TEST_URL
from tests.servers import closed_port


def redis_cache_settings(location):
    """Return the CACHES entry settings.py builds for CACHE_URL=location."""
    import os

    from spa_site import settings as site_settings

    previous = os.environ.get("CACHE_URL")
    os.environ["CACHE_URL"] = location
    try:
        return importlib.reload(site_settings).CACHES["default"]
    finally:
        if previous is None:
            del os.environ["CACHE_URL"]
        else:
            os.environ["CACHE_URL"] = previous
        importlib.reload(site_settings)


@pytest.fixture
def redis_at(settings):
    """Return a function giving the site's Redis cache at a location, as settings.py makes it."""
    made = []

    def make(location):
        alias = f"redis-{len(made)}"
        settings.CACHES = {**settings.CACHES, alias: redis_cache_settings(location)}
        made.append(caches[alias])
        return made[-1]

    yield make
    for cache in made:
        cache.clear()
    cache_backends._unreachable_until.clear()


class SilentServer:
    """A TCP server that accepts connections and never says a word, counting them."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.accepted.append(connection)

    def close(self):
        self.listener.close()
        for connection in self.accepted:
            connection.close()


@pytest.fixture
def silent_redis():
    server = SilentServer()
    yield server
    server.close()


def test_a_redis_url_selects_django_redis_ignoring_errors_with_short_timeouts():
    config = redis_cache_settings("redis://127.0.0.1:6379/0")

    assert config["BACKEND"] == "django_redis.cache.RedisCache"
    assert config["OPTIONS"]["IGNORE_EXCEPTIONS"] is True
    assert config["OPTIONS"]["SOCKET_TIMEOUT"] <= 1
    pool = config["OPTIONS"]["CONNECTION_POOL_KWARGS"]
    assert pool["connection_class"] is cache_backends.QuickFailureConnection
    tls = redis_cache_settings("rediss://127.0.0.1:6380/0")["OPTIONS"]["CONNECTION_POOL_KWARGS"]
    assert tls["connection_class"] is cache_backends.QuickFailureSSLConnection


def test_values_round_trip_through_redis(redis_at):
    cache = redis_at(REDIS_TEST_URL)

    cache.set("page", (1, b"<html>", [("ETag", '"x"')]), 30)
    assert cache.get_many(["page", "missing"]) == {"page": (1, b"<html>", [("ETag", '"x"')])}
    cache.add("version", 0)
    assert cache.incr("version") == 1


def test_a_redis_that_is_down_reads_as_an_empty_cache(redis_at):
    cache = redis_at(f"redis://127.0.0.1:{closed_port()}/0")

    cache.set("key", "value")
    assert cache.get("key") is None
    assert cache.get("key", "default") == "default"
    assert cache.get_many(["key"]) == {}
    assert not cache.add("key", 1)
    assert cache.incr("key") is None


def test_a_redis_that_does_not_answer_is_left_alone_for_a_moment(redis_at, silent_redis):
    cache = redis_at(f"redis://127.0.0.1:{silent_redis.port}/0")

    assert cache.get("key") is None  # one connection, waited for until the socket timeout
    attempts = len(silent_redis.accepted)
    for _ in range(20):
        assert cache.get("key") is None

    assert attempts >= 1
    assert len(silent_redis.accepted) == attempts  # no new connection: no new timeout


def test_redis_is_tried_again_once_the_moment_has_passed(redis_at, silent_redis):
    cache = redis_at(f"redis://127.0.0.1:{silent_redis.port}/0")
    cache.get("key")
    attempts = len(silent_redis.accepted)

    address = ("127.0.0.1", silent_redis.port)
    cache_backends._unreachable_until[address] -= cache_backends.RETRY_AFTER_SECONDS
    cache.get("key")

    assert len(silent_redis.accepted) > attempts
