import pytest
from django.core.cache import caches

from tests.conftest import REDIS_TEST_URL

REDIS = {
    "BACKEND": "base.cache_backends.RedisCache",
    "LOCATION": REDIS_TEST_URL,
    "KEY_PREFIX": "test-cache-backends",
}


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {**settings.CACHES, "redis": REDIS}
    cache = caches["redis"]
    yield cache
    cache.clear()


def test_redis_url_selects_the_client_reusing_backend(settings, monkeypatch):
    import importlib

    from spa_site import settings as site_settings

    monkeypatch.setenv("CACHE_URL", "redis://127.0.0.1:6379/0")
    reloaded = importlib.reload(site_settings)
    try:
        assert reloaded.CACHES["default"]["BACKEND"] == "base.cache_backends.RedisCache"
    finally:
        monkeypatch.delenv("CACHE_URL")
        importlib.reload(site_settings)


def test_one_client_serves_every_call_and_values_round_trip(redis_cache):
    client = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client() is client
    assert redis_cache._cache.get_client(write=True) is client

    redis_cache.set("page", (1, b"<html>", [("ETag", '"x"')]), 30)
    assert redis_cache.get_many(["page", "missing"]) == {"page": (1, b"<html>", [("ETag", '"x"')])}
    redis_cache.add("version", 0)
    assert redis_cache.incr("version") == 1
