"""Varnish (Debian's varnishd) with the shipped VCL, in front of a test origin and of gunicorn.

The first tests put Varnish in front of a recording HTTP server, to show what the VCL keeps and
drops whatever the origin answers (the real app never shares a page that sets a cookie, so only
a test origin can prove Varnish would refuse one). The last puts it in front of real gunicorn
with the worker purging it.
"""

import gzip
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pytest
from django.db import connection

from base.edge import PAGES_TAG, VarnishBackend
from base.models import EdgePurge
from tests.articles_factories import make_article
from tests.conftest import RecordingHTTPServer, free_port, tool_require
from tests.servers import ROOT, admin_login, admin_save, app_servers, shared_servers_env
from tests.treatments_factories import make_treatment
from treatments.models import Treatment
from varnish.serve import VARNISHD, running, varnishd

SHARED = "public, max-age=0, s-maxage=60, stale-while-revalidate=30, stale-if-error=600"


@pytest.fixture(scope="module")
def varnish_installed():
    tool_require(Path(VARNISHD).exists(), missing=f"Varnish at {VARNISHD} (Debian: varnish).")


@pytest.fixture(scope="module")
def origin():
    server = RecordingHTTPServer()
    server.pages = {}
    server.respond = lambda request: server.pages.get(request.path, (200, {}, "ok"))
    yield server
    server.close()


@pytest.fixture(scope="module")
def edge(varnish_installed, origin):
    with varnishd(port=free_port(), backend_port=origin.port) as url:
        yield url


def get(url, **headers):
    """Return status, headers and text of a GET, whatever the status."""
    try:
        with urlopen(Request(url, headers=headers), timeout=10) as response:
            status, body = response.status, response.read()
    except HTTPError as error:
        response, status, body = error, error.code, error.read()
    if response.headers["Content-Encoding"] == "gzip":
        body = gzip.decompress(body)
    return SimpleNamespace(status=status, headers=response.headers, text=body.decode())


def test_varnish_keeps_a_shared_page_until_the_pages_tag_is_banned(edge, origin):
    origin.pages["/guide/"] = (200, {"Cache-Control": SHARED, "Cache-Tag": PAGES_TAG}, "first")
    origin.pages["/style.css"] = (200, {"Cache-Control": "public, max-age=31536000"}, "css")

    first, second = get(f"{edge}/guide/"), get(f"{edge}/guide/")
    get(f"{edge}/style.css")

    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("MISS", "HIT")
    assert second.text == "first" and len(origin.requests_for("/guide/")) == 1
    assert "Cache-Tag" not in second.headers  # tags only serve bans

    origin.pages["/guide/"] = (200, {"Cache-Control": SHARED, "Cache-Tag": PAGES_TAG}, "second")
    VarnishBackend(urls=[f"{edge}/"]).purge_pages(reference="test")

    assert get(f"{edge}/guide/").text == "second"
    assert get(f"{edge}/style.css").headers["X-Cache"] == "HIT"  # untagged: not a page
    assert len(origin.requests_for("/style.css")) == 1


def test_varnish_never_stores_a_response_that_sets_a_cookie(edge, origin):
    origin.pages["/form/"] = (
        200,
        {"Cache-Control": SHARED, "Cache-Tag": PAGES_TAG, "Set-Cookie": "csrftoken=abc; Path=/"},
        "form",
    )

    responses = [get(f"{edge}/form/") for _ in range(3)]

    assert [response.headers["X-Cache"] for response in responses] == ["MISS"] * 3
    assert all(response.headers["Set-Cookie"] for response in responses)
    assert len(origin.requests_for("/form/")) == 3


@pytest.mark.parametrize(
    "cache_control",
    [None, "private, no-cache", "max-age=0, no-cache, no-store, must-revalidate, private"],
)
def test_varnish_never_stores_what_the_app_did_not_share(edge, origin, cache_control):
    path = f"/unshared-{cache_control}/".replace(" ", "")
    origin.pages[path] = (200, {"Cache-Control": cache_control} if cache_control else {}, "x")

    get(f"{edge}{path}")
    get(f"{edge}{path}")

    assert len(origin.requests_for(path)) == 2


def test_only_session_and_message_cookies_reach_the_app(edge, origin):
    origin.pages["/cookies/"] = (200, {"Cache-Control": SHARED, "Cache-Tag": PAGES_TAG}, "page")
    get(f"{edge}/cookies/")

    with_form_cookie = get(f"{edge}/cookies/", Cookie="csrftoken=abc; _ga=GA1.1")
    signed_in = get(f"{edge}/cookies/", Cookie="csrftoken=abc; __Host-sessionid=s3ss10n")

    assert with_form_cookie.headers["X-Cache"] == "HIT"
    assert signed_in.headers["X-Cache"] == "MISS"
    requests = origin.requests_for("/cookies/")
    cookies = [(request.headers["Cookie"] or "").rstrip("; ") for request in requests]
    assert cookies == ["", "__Host-sessionid=s3ss10n"]


@pytest.mark.parametrize("tag", [None, "pages|.*"])
def test_ban_needs_a_plain_tag(edge, tag):
    request = Request(f"{edge}/", method="BAN", headers={"Cache-Tag": tag} if tag else {})
    with pytest.raises(HTTPError) as refused:
        urlopen(request, timeout=10)
    assert refused.value.code == 400


def test_expired_page_is_served_stale_only_within_its_revalidate_window(edge, origin):
    for path, revalidate in (("/fresh/", 0), ("/stale/", 30)):
        cache_control = f"public, max-age=0, s-maxage=1, stale-while-revalidate={revalidate}"
        origin.pages[path] = (200, {"Cache-Control": cache_control}, "old")
        get(f"{edge}{path}")
    time.sleep(1.2)  # both lifetimes run out
    for path in ("/fresh/", "/stale/"):
        origin.pages[path] = (200, {"Cache-Control": "public, max-age=0, s-maxage=60"}, "new")

    assert get(f"{edge}/fresh/").text == "new"  # fetched afresh before answering
    assert get(f"{edge}/stale/").text == "old"  # answered at once, refreshed behind
    deadline = time.monotonic() + 5
    while get(f"{edge}/stale/").text != "new":
        assert time.monotonic() < deadline, "the background refresh never landed"
        time.sleep(0.05)


# The app's own error pages say private; a server in between may send one with no header.
@pytest.mark.parametrize("error_headers", [{"Cache-Control": "private"}, {}])
def test_varnish_serves_the_kept_page_while_the_app_fails(varnish_installed, error_headers):
    origin = RecordingHTTPServer()
    cache_control = "public, max-age=0, s-maxage=1, stale-while-revalidate=0, stale-if-error=600"
    origin.respond = lambda request: (200, {"Cache-Control": cache_control}, "kept")
    try:
        with varnishd(port=free_port(), backend_port=origin.port) as edge:
            get(f"{edge}/page/")
            time.sleep(1.2)  # past its lifetime and its revalidate window
            origin.respond = lambda request: (500, error_headers, "broken")

            while_failing = get(f"{edge}/page/")
            never_kept = get(f"{edge}/other/")

            assert (while_failing.status, while_failing.text) == (200, "kept")
            assert (never_kept.status, never_kept.text) == (500, "broken")  # the app's own page
    finally:
        origin.close()


# -- Varnish in front of real gunicorn, purged by the worker ------------------------------------


def fetch_page(url, log, **headers):
    response = get(url, **headers)
    log.append((url, response))
    return response


@pytest.mark.django_db(transaction=True)
def test_site_through_varnish_and_a_price_change_shows_within_two_seconds(
    settings, varnish_installed, tmp_path
):
    env = shared_servers_env(settings, connection)
    edge_port = free_port()
    edge_urls = [f"http://127.0.0.1:{edge_port}/"]
    env |= {"EDGE_BACKEND": "varnish", "EDGE_VARNISH_URLS": edge_urls[0]}
    # This process queues purges too, as the admin's own process does.
    settings.EDGE_BACKEND, settings.EDGE_VARNISH_URLS = "varnish", edge_urls
    from demo.loader import business_load as load

    load()
    guide = make_article(title="Mesotherapy explained")
    treatment = make_treatment(
        name="Laser lipo", price_kind=Treatment.PriceKind.FIXED, price_amount=90
    )
    log = []
    with (
        app_servers(1, env=env, log_dir=tmp_path) as [app],
        varnishd(port=edge_port, backend_port=app.port) as edge,
        running(
            [sys.executable, "manage.py", "run_worker"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
    ):
        # The content created above queued a purge: once it is sent, the worker is running.
        deadline = time.monotonic() + 30
        while EdgePurge.objects.exclude(status=EdgePurge.Status.DONE).exists():
            assert time.monotonic() < deadline, "the worker never sent the queued purge"
            time.sleep(0.1)

        guide_url = f"{edge}{guide.get_absolute_url()}"
        fetch_page(guide_url, log)
        from_varnish = fetch_page(guide_url, log)
        assert from_varnish.headers["X-Cache"] == "HIT"
        assert "Mesotherapy explained" in from_varnish.text
        # Browsers still revalidate, and Varnish answers them with 304 (gzipped or not).
        assert "max-age=0" in from_varnish.headers["Cache-Control"]
        for encoding in ("identity", "gzip"):
            page = fetch_page(guide_url, log, **{"Accept-Encoding": encoding})
            # Varnish stores pages gzipped and unpacks them for clients that refuse gzip.
            assert page.headers["Content-Encoding"] == (encoding if encoding == "gzip" else None)
            etag = page.headers["ETag"]
            revalidated = fetch_page(
                guide_url, log, **{"If-None-Match": etag, "Accept-Encoding": encoding}
            )
            assert revalidated.status == 304

        forms = [fetch_page(f"{edge}/consultation/", log) for _ in range(2)]
        for form in forms:
            assert form.headers["X-Cache"] == "MISS"
            assert "no-store" in form.headers["Cache-Control"]
        cookies = [form.headers["Set-Cookie"].split(";")[0] for form in forms]
        assert cookies[0].startswith("csrftoken=") and cookies[0] != cookies[1]  # one each
        # A visitor who opened the form still gets the guide from Varnish, and no cookie.
        csrf_cookie = cookies[0]
        assert fetch_page(guide_url, log, Cookie=csrf_cookie).headers["X-Cache"] == "HIT"

        price_url = f"{edge}{treatment.get_absolute_url()}"
        assert "$90" in fetch_page(price_url, log).text
        assert fetch_page(price_url, log).headers["X-Cache"] == "HIT"
        admin_save(
            admin_login(edge),
            f"{edge}/admin/treatments/treatment/{treatment.pk}/change/",
            {"price_amount": "95"},
        )
        saved = time.monotonic()
        while "$95" not in (page := fetch_page(price_url, log)).text:
            assert "$90" in page.text
            assert time.monotonic() - saved < 2, "the new price did not reach Varnish in 2 s"
            time.sleep(0.05)

    hits = [(url, response) for url, response in log if response.headers["X-Cache"] == "HIT"]
    assert hits and all("Set-Cookie" not in response.headers for _, response in hits)
