"""Guides in Chromium: axe-core on the public pages, and a guide written in the admin editor."""

import io

import pytest
from django.core.management import call_command
from PIL import Image

from articles.models import Article
from tests.conftest import DESKTOP, PHONE, axe_violations, has_horizontal_scroll


@pytest.fixture
def demo_guides(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo_content")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_guide_pages_pass_axe_at_phone_and_desktop_widths(
    live_server, demo_guides, check_page_in_browser
):
    for path in (
        "/guides/",
        "/guides/mesotherapy-explained/",
        "/guides/laser-lipo-vs-sculpsure-vs-tempsure/",
        "/guides/authors/elena-marsh/",
        "/search/?q=lymphatic",
    ):
        check_page_in_browser(f"{live_server.url}{path}")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_preview_link_that_no_longer_works_is_accessible(live_server, business, browser_page):
    for viewport in (PHONE, DESKTOP):
        browser_page.set_viewport_size(viewport)
        browser_page.console_errors.clear()
        response = browser_page.goto(f"{live_server.url}/guides/preview/link/forged/")
        assert response.status == 404
        heading = browser_page.get_by_role("heading", level=1).inner_text()
        assert heading == "This preview link no longer works"
        assert axe_violations(browser_page) == []
        # Chromium logs the page's own 404 status; any other console error still counts.
        assert [e for e in browser_page.console_errors if "404 (Not Found)" not in e] == []
        assert not has_horizontal_scroll(browser_page)


def hero_png():
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 900), "#9CAF97").save(buffer, "PNG")
    return {"name": "calm.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


def choose_autocomplete(page, field, text):
    page.click(f"#{field} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", text)
    page.click(f".select2-results__option:has-text('{text}')")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_write_a_guide_in_the_editor_and_visitors_find_it(
    live_server, demo_guides, staff_browser_page, chromium
):
    page = staff_browser_page
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.fill("#id_title", "Cryotherapy facials, plainly")
    page.fill("#id_summary", "What a cold facial does for puffiness, and what it does not.")

    editor = page.locator(".ProseMirror[contenteditable=true]")
    editor.click()
    # Markdown-style shortcuts the editor understands: "## " starts a heading, "- " a list.
    page.keyboard.type("## What a cold facial does\nIt calms puffiness for a few hours.\n")
    page.keyboard.type("- Less puffiness\nA brighter look\n\n")
    page.keyboard.type("See our aftercare notes\n")
    page.click("button[title='Insert table']")
    page.fill("dialog[open] input[name=rows]", "2")
    page.fill("dialog[open] input[name=cols]", "2")
    page.select_option("dialog[open] select[name=withHeaderRow]", "Yes")
    page.click("dialog[open] button[type=submit]")
    page.keyboard.type("Session")
    page.keyboard.press("Tab")
    page.keyboard.type("Length")
    page.keyboard.press("Tab")
    page.keyboard.type("Facial")
    page.keyboard.press("Tab")
    page.keyboard.type("20 minutes")
    # The link comes last: nothing typed afterwards can replace the selected text.
    editor.locator("p", has_text="See our aftercare notes").select_text()
    page.click("button[title='insert link']")
    page.fill("dialog[open] input[name=href]", "https://example.com/aftercare")
    page.click("dialog[open] button[type=submit]")
    editor.locator("a[href='https://example.com/aftercare']").wait_for()

    page.set_input_files("#id_hero_image", hero_png())
    page.fill("#id_hero_alt", "Pale sage gradient")
    choose_autocomplete(page, "id_author", "Elena Marsh")
    assert page.console_errors == []
    page.click("input[name=_publish]")
    # The click returns before the redirect lands: wait for the success message.
    page.locator(".messagelist .success").wait_for()

    article = Article.objects.get(slug="cryotherapy-facials-plainly")
    assert "<h2>What a cold facial does</h2>" in article.body
    assert "<li><p>Less puffiness</p></li>" in article.body
    assert 'href="https://example.com/aftercare"' in article.body, article.body
    assert "<table>" in article.body and "20 minutes" in article.body
    assert article.hero_image and article in Article.objects.published()
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.wait_for_selector(".ProseMirror table")
    assert page.console_errors == []  # no CSP violations from the editor

    visitor = chromium.new_context().new_page()
    visitor.goto(f"{live_server.url}/guides/")
    visitor.click("text=Cryotherapy facials, plainly")
    assert visitor.locator("h1").inner_text() == "Cryotherapy facials, plainly"
    assert visitor.locator("nav.toc a[href='#what-a-cold-facial-does']").count() == 1
    assert visitor.locator(".guide__body table td", has_text="20 minutes").count() == 1
    visitor.goto(f"{live_server.url}/search/?q=puffiness")
    assert visitor.locator("#guide-results + ul", has_text="Cryotherapy facials").count() == 1
    visitor.context.close()
