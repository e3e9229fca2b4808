"""Every page type, held to one standard: valid HTML, findable, light, accessible, few queries."""

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from newsletter.services import confirm_token, unsubscribe_token
from tests.conftest import DESKTOP, PHONE, axe_violations, has_horizontal_scroll
from tests.newsletter_factories import make_subscriber

SITE_URL = "https://www.solenne.example"
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)"')
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]*)"')
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"')
GUIDE_HTML_BUDGET = 60 * 1024
CSS_JS_BUDGET = 40 * 1024
MAX_QUERIES = 8
# Pages that answer with something other than 200 on purpose.
STATUS = {"404": 404}


@pytest.fixture(autouse=True)
def _site(settings, tmp_path):
    settings.SITE_URL = SITE_URL
    settings.MEDIA_ROOT = tmp_path
    settings.FORM_RATE_LIMIT = "off"


def page_urls():
    """Return {page type: URL} for every page type, from the demo content."""
    guide = Article.objects.published().order_by("pk").first()
    subscriber = make_subscriber(email="every-page@example.com")
    return {
        "home": "/",
        "about": "/about/",
        "guide list": "/guides/",
        "guide": guide.get_absolute_url(),
        "topic": guide.topics.first().get_absolute_url(),
        "author": guide.author.get_absolute_url(),
        "treatment list": "/treatments/",
        "treatment": "/treatments/mesotherapy/",
        "comparison": "/treatments/compare/?t=mesotherapy&t=carboxy-therapy",
        "search results": "/search/?q=mesotherapy",
        "consultation form": "/consultation/",
        "consultation thanks": "/consultation/thanks/",
        "newsletter signup": "/newsletter/",
        "newsletter check inbox": "/newsletter/check-your-inbox/",
        "newsletter confirm": f"/newsletter/confirm/{confirm_token(subscriber)}/",
        "newsletter confirmed": "/newsletter/confirmed/",
        "newsletter unsubscribe": f"/newsletter/unsubscribe/{unsubscribe_token(subscriber)}/",
        "404": "/guides/no-such-guide/",
    }


def first(pattern, html):
    match = pattern.search(html)
    return match[1].strip() if match else None


def css_and_js_bytes(html):
    total = 0
    for src in ASSET.findall(html):
        path = finders.find(src.removeprefix("/static/"))
        assert path, f"{src} is not a static file"
        total += Path(path).stat().st_size
    return total


def cold_query_count(client, url):
    """Return the queries a page runs with an empty cache (as on the first visit after a deploy)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


@pytest.fixture
def demo(db):
    call_command("load_demo_content", verbosity=0)


@pytest.mark.django_db
def test_every_page_is_valid_findable_and_light(client, demo, assert_valid_html):
    pages = {}
    for name, url in page_urls().items():
        response = client.get(url)
        assert response.status_code == STATUS.get(name, 200), name
        pages[name] = response.content.decode()
    error_state = client.post("/consultation/", {"name": ""})
    assert error_state.status_code == 200
    pages["consultation form with errors"] = error_state.content.decode()
    assert "error-summary" in pages["consultation form with errors"]

    titles, descriptions = {}, {}
    for name, html in pages.items():
        title, description = first(TITLE, html), first(DESCRIPTION, html)
        assert title, f"{name} has no title"
        assert description, f"{name} has no meta description"
        if name != "consultation form with errors":  # the same address as the form
            titles.setdefault(title, []).append(name)
            descriptions.setdefault(description, []).append(name)
        if name != "404":
            canonical = first(CANONICAL, html)
            assert canonical and canonical.startswith(f"{SITE_URL}/"), (name, canonical)
        for block in JSON_LD.findall(html):
            json.loads(block)
        assert css_and_js_bytes(html) <= CSS_JS_BUDGET, name
    for seen in (titles, descriptions):
        shared = [names for names in seen.values() if len(names) > 1]
        assert not shared, f"pages sharing a title or description: {shared}"
    assert len(pages["guide"].encode()) <= GUIDE_HTML_BUDGET
    assert_valid_html(pages)


@pytest.mark.django_db
def test_public_pages_run_few_queries_and_no_more_as_guides_multiply(client, demo):
    urls = {name: url for name, url in page_urls().items() if not name.startswith("newsletter")}
    before = {name: cold_query_count(client, url) for name, url in urls.items()}
    call_command("generate_guides", count=40, verbosity=0)
    after = {name: cold_query_count(client, url) for name, url in urls.items()}

    assert {name: count for name, count in before.items() if count > MAX_QUERIES} == {}
    assert after == before


@pytest.mark.django_db
def test_generated_guides_are_published_and_can_be_removed(demo):
    demo_guides = Article.objects.published().count()

    call_command("generate_guides", count=25, verbosity=0)
    bench = Article.objects.filter(slug__startswith="bench-")
    assert Article.objects.published().count() == demo_guides + 25
    assert bench.filter(topics__isnull=False).distinct().count() == 25
    assert len(set(bench.values_list("hero_image", flat=True))) == 1

    call_command("generate_guides", delete=True, verbosity=0)
    assert Article.objects.published().count() == demo_guides


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_page_passes_axe_without_console_errors_or_csp_violations(
    live_server, check_page_in_browser, browser_page
):
    call_command("load_demo_content", verbosity=0)
    urls = page_urls()
    missing = urls.pop("404")
    for name, url in urls.items():
        page = check_page_in_browser(live_server.url + url)
        # CSP violations are reported on the console as errors; the check asserts there are none.
        assert page.console_errors == [], name

    # Chromium logs the 404 status of the page itself; any other console error still counts.
    for viewport in (PHONE, DESKTOP):
        browser_page.set_viewport_size(viewport)
        browser_page.console_errors.clear()
        assert browser_page.goto(live_server.url + missing).status == 404
        assert axe_violations(browser_page) == []
        assert [e for e in browser_page.console_errors if "404 (Not Found)" not in e] == []
        assert not has_horizontal_scroll(browser_page)

    browser_page.console_errors.clear()
    browser_page.goto(live_server.url + "/consultation/")
    browser_page.locator("main form button[type=submit]").click()
    browser_page.wait_for_load_state()
    assert browser_page.locator(".error-summary").count() == 1
    assert axe_violations(browser_page) == []
    assert browser_page.console_errors == []
