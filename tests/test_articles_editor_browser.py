"""The guide editor in Chromium, with two signed-in writers: nothing a writer types is lost."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from PIL import Image

from articles.drafts import article_content_write, content_of
from articles.models import Article
from tests.articles_factories import make_article, make_person
from tests.conftest import DESKTOP, PHONE, axe_violations
from tests.treatments_factories import make_treatment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDITOR = ".ProseMirror[contenteditable=true]"
GOOGLE_DOCS_PASTE = (
    '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1a2b">'
    '<h1 dir="ltr" style="line-height:1.38"><span style="font-size:20pt;font-weight:400">'
    "Before your visit</span></h1>"
    '<p dir="ltr" style="line-height:1.38"><span style="font-size:11pt;font-weight:400">'
    'Plain words and </span><span style="font-size:11pt;font-weight:700">one bold idea</span>'
    '<span style="font-size:11pt;font-style:italic">, gently said</span>.</p>'
    '<ul style="margin-top:0"><li dir="ltr" style="list-style-type:disc"><p dir="ltr">'
    '<span style="font-size:11pt">Drink water</span></p></li></ul>'
    '<p dir="ltr"><a href="https://www.google.com/url?q=https://example.org/aftercare&amp;sa=D">'
    '<span style="color:#1155cc;text-decoration:underline">aftercare notes</span></a></p>'
    '<div dir="ltr"><table style="border:none"><colgroup><col width="200"></colgroup><tbody>'
    '<tr><td style="border:solid 1px"><p dir="ltr"><span>Session</span></p></td></tr>'
    "</tbody></table></div>"
    '<p dir="ltr"><img src="https://lh7-rt.googleusercontent.com/docsz/picture" width="300"></p>'
    "</b>"
)


WORD_PASTE = (
    "<html xmlns:o='urn:schemas-microsoft-com:office:office'><body>"
    "<p class=MsoListParagraphCxSpFirst style='mso-list:l0 level1 lfo1'>"
    "<span style='mso-list:Ignore'>·<span>&nbsp;&nbsp;</span></span>Eat a light meal<o:p></o:p></p>"
    "<p class=MsoListParagraphCxSpLast style='mso-list:l0 level1 lfo1'>"
    "<span style='mso-list:Ignore'>·<span>&nbsp;</span></span>Bring your garment<o:p></o:p></p>"
    "<p class=MsoNormal><o:p>&nbsp;</o:p></p>"
    "<p class=MsoListParagraph style='mso-list:l1 level1 lfo2'>"
    "<span style='mso-list:Ignore'>1.<span>&nbsp;</span></span>Arrive early<o:p></o:p></p>"
    "</body></html>"
)


def paste(page, html):
    """Paste HTML into the editor as the browser would from the clipboard."""
    page.evaluate(
        """html => {
            const data = new DataTransfer()
            data.setData("text/html", html)
            data.setData("text/plain", "pasted")
            const event = new ClipboardEvent(
                "paste", {clipboardData: data, bubbles: true, cancelable: true}
            )
            document.querySelector(".ProseMirror[contenteditable=true]").dispatchEvent(event)
        }""",
        html,
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def sign_in(chromium, live_server):
    """Return a function signing a new writer in; their browser closes when the test ends.

    Open editors keep autosaving, so none may outlive its test.
    """
    contexts = []

    def sign_in(username, name):
        first, last = name.split()
        User.objects.create_user(
            username,
            password="a-long-password-1",
            is_staff=True,
            is_superuser=True,
            first_name=first,
            last_name=last,
        )
        context = chromium.new_context(viewport=DESKTOP)
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
        page.on("pageerror", lambda error: page.console_errors.append(str(error)))
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", "a-long-password-1")
        page.click("input[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")
        return page

    yield sign_in
    for context in contexts:
        context.close()


def open_guide(page, live_server, article):
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.wait_for_selector("#article_form[data-editor-ready]")
    return page.locator(EDITOR)


def type_at_end(page, editor, text):
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type(text)


def public_text(chromium, live_server, article):
    cache.clear()
    visitor = chromium.new_context().new_page()
    visitor.goto(f"{live_server.url}{article.get_absolute_url()}")
    text = visitor.locator(".guide__body").inner_text()
    visitor.context.close()
    return text


def test_a_draft_of_a_live_guide_changes_the_public_page_only_when_published(
    live_server, chromium, media, sign_in
):
    article = make_article(body="<h2>Plan</h2><p>The live advice.</p>")
    mara = sign_in("mara", "Mara Lind")
    editor = open_guide(mara, live_server, article)
    type_at_end(mara, editor, "A sentence still being checked.")
    assert mara.locator("#guide-wordcount").inner_text() == "9 words · about 1 min read"
    mara.fill("#id_seo_title", "Mesotherapy: " + "a plain guide " * 4)
    assert (
        "69 / 70 characters · search results may cut it after 60"
        in mara.locator("#counter-seo_title").inner_text()
    )
    assert mara.locator("#serp-title").inner_text().startswith("Mesotherapy: a plain guide")
    mara.click("input[name=_save]")
    mara.locator(".messagelist .success", has_text="Draft saved").wait_for()
    assert "still being checked" not in public_text(chromium, live_server, article)

    mara.click("input[name=_publish]")
    mara.locator(".messagelist .success", has_text="Published").wait_for()
    assert "still being checked" in public_text(chromium, live_server, article)
    assert mara.console_errors == []  # the editor runs within the admin's CSP


def test_a_stale_save_is_refused_and_both_texts_are_kept(live_server, chromium, media, sign_in):
    article = make_article(body="<p>The starting text.</p>")
    mara = sign_in("mara", "Mara Lind")
    theo = sign_in("theo", "Theo Grant")
    mara_editor = open_guide(mara, live_server, article)
    theo_editor = open_guide(theo, live_server, article)
    # Theo opened second, so Mara's page was already open when he arrived.
    assert "Mara Lind" in theo.locator("#guide-others").inner_text()

    type_at_end(theo, theo_editor, "Theo's addition.")
    theo.click("input[name=_save]")
    theo.locator(".messagelist .success").wait_for()

    type_at_end(mara, mara_editor, "Mara's addition.")
    mara.click("input[name=_save]")
    mara.locator(".errornote").wait_for()
    assert "Theo Grant saved this guide at" in mara.locator(".errorlist").inner_text()
    assert "Mara's addition." in mara.locator(EDITOR).inner_text()
    # Words both sides share are not marked, and either side may hold more than one change.
    assert mara.locator(".guide-conflict del", has_text="Theo's").count() == 1  # theirs
    assert mara.locator(".guide-conflict ins", has_text="Mara's").count() == 1  # yours
    article.refresh_from_db()
    saved = article.draft
    assert saved is not None and saved.revision.user.username == "theo"

    mara.check("#id_overwrite")
    mara.click("input[name=_save]")
    mara.locator(".messagelist .success").wait_for()
    assert article.revisions.count() == 2  # Theo's draft stays in the history
    assert mara.console_errors == [] and theo.console_errors == []


def test_autosave_survives_a_closed_tab(live_server, chromium, media, sign_in):
    article = make_article(body="<p>Saved words.</p>")
    mara = sign_in("mara", "Mara Lind")
    editor = open_guide(mara, live_server, article)
    type_at_end(mara, editor, "Words typed just before the tab closed.")
    mara.locator("#article_form[data-autosaved]").wait_for(state="attached")
    asked = []
    mara.once("dialog", lambda dialog: asked.append(dialog.type) or dialog.dismiss())
    mara.close(run_before_unload=True)  # leaving with unsaved changes asks first
    mara.wait_for_timeout(200) if not asked else None
    assert asked == ["beforeunload"]
    context = mara.context
    mara.close(run_before_unload=False)

    again = context.new_page()
    editor = open_guide(again, live_server, article)
    assert "Words typed just before" not in editor.inner_text()
    again.click("#guide-autosave-restore")
    assert "Words typed just before the tab closed." in editor.inner_text()
    again.click("input[name=_save]")
    again.locator(".messagelist .success").wait_for()
    assert "Words typed just before the tab closed." in again.locator(EDITOR).inner_text()
    article.refresh_from_db()
    assert article.draft is not None and "Saved words." in article.body


def test_restore_brings_back_an_old_body(live_server, chromium, media, sign_in):
    article = make_article(status=Article.Status.DRAFT, body="<p>The first wording.</p>")
    user = User.objects.create_user("editor-x", is_staff=True)
    article_content_write(article=article, user=user, content=content_of(article))
    article.body = "<p>The second wording.</p>"
    article_content_write(article=article, user=user, content=content_of(article))
    mara = sign_in("mara", "Mara Lind")

    mara.goto(f"{live_server.url}/admin/articles/article/{article.pk}/history/")
    mara.click("text=Compare the two ticked versions")
    assert "first" in mara.locator(".body-diff del").inner_text()
    mara.click("text=Restore the older version as a draft")
    mara.locator(".messagelist .success", has_text="is back as a draft").wait_for()
    mara.wait_for_selector("#article_form[data-editor-ready]")
    assert "The first wording." in mara.locator(EDITOR).inner_text()
    article.refresh_from_db()
    assert "The first wording." in article.body  # a draft guide's row is its working copy


def hero_png():
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 900), "#9CAF97").save(buffer, "PNG")
    return {"name": "calm.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


def test_the_hero_image_survives_a_validation_error(live_server, chromium, media, sign_in):
    make_person()
    mara = sign_in("mara", "Mara Lind")
    mara.goto(f"{live_server.url}/admin/articles/article/add/")
    mara.fill("#id_title", "Cold facials")
    mara.set_input_files("#id_hero_image", hero_png())
    mara.fill("#id_hero_alt", "Pale sage gradient")
    mara.click("input[name=_save]")  # no summary and no author: refused
    mara.locator(".errornote").wait_for()
    assert "calm.png" in mara.locator(".guide-notice--kept").inner_text()

    mara.fill("#id_summary", "What a cold facial does.")
    mara.click("#id_author + .select2 .select2-selection")
    mara.fill(".select2-container--open .select2-search__field", "Elena")
    mara.click(".select2-results__option:has-text('Elena Marsh')")
    mara.wait_for_selector("#article_form[data-editor-ready]")
    mara.locator(EDITOR).click()
    mara.keyboard.type("Cold calms puffiness for a few hours.")
    mara.click("input[name=_save]")
    mara.locator(".messagelist .success").wait_for()
    article = Article.objects.get(title="Cold facials")
    assert article.hero_image.name.startswith("guides/calm-")


def test_a_google_docs_paste_gives_clean_markup(live_server, chromium, media, sign_in):
    mara = sign_in("mara", "Mara Lind")
    mara.goto(f"{live_server.url}/admin/articles/article/add/")
    mara.wait_for_selector("#article_form[data-editor-ready]")
    mara.locator(EDITOR).click()
    paste(mara, GOOGLE_DOCS_PASTE)
    body = mara.locator("textarea[name=body]").input_value()
    assert "<h2>Before your visit</h2>" in body
    assert "<p>Plain words and <strong>one bold idea</strong><em>, gently said</em>.</p>" in body
    assert "<ul><li><p>Drink water</p></li></ul>" in body
    assert '<a href="https://example.org/aftercare">aftercare notes</a>' in body
    assert "<table>" in body and "Session" in body
    for residue in ("<span", "style=", "<b>", "docs-internal", "googleusercontent", "dir="):
        assert residue not in body
    assert (
        "1 picture(s) in the pasted text were left out"
        in mara.locator("#guide-editor-message").inner_text()
    )
    assert mara.console_errors == []

    mara.locator(EDITOR).click()
    mara.keyboard.press("Control+A")
    mara.keyboard.press("Delete")
    paste(mara, WORD_PASTE)
    body = mara.locator("textarea[name=body]").input_value()
    assert (
        "<ul><li><p>Eat a light meal</p></li><li><p>Bring your garment</p></li></ul>"
        '<ol data-type="decimal"><li><p>Arrive early</p></li></ol>'
    ) in body
    assert "Mso" not in body and "o:p" not in body


def test_a_fact_inserted_with_the_toolbar_follows_the_treatment(
    live_server, chromium, media, sign_in
):
    meso = make_treatment(name="Mesotherapy", slug="mesotherapy", typical_sessions="3–6 sessions")
    article = make_article(status=Article.Status.DRAFT, body="<p>Most courses are </p>")
    article.related_treatments.set([meso])
    mara = sign_in("mara", "Mara Lind")
    editor = open_guide(mara, live_server, article)
    editor.locator("p").click()
    mara.keyboard.press("End")
    mara.keyboard.type(" ")
    mara.click("button[title^='Insert a live fact']")
    mara.select_option("#guide-fact-treatment", label="Mesotherapy")
    mara.check("dialog[open] input[value=sessions]")
    mara.click("dialog[open] button[type=submit]")
    assert editor.locator(".guide-fact").inner_text() == "3–6 sessions"
    mara.click("button[title^='Put the paragraph in a']")
    mara.check("dialog[open] input[value=who-should-skip]")
    mara.click("dialog[open] button[type=submit]")
    mara.click("input[name=_publish]")
    mara.locator(".messagelist .success").wait_for()
    assert "Most courses are 3–6 sessions" in public_text(chromium, live_server, article)

    meso.typical_sessions = "4–8 sessions"
    meso.save()
    assert "Most courses are 4–8 sessions" in public_text(chromium, live_server, article)
    cache.clear()
    visitor = chromium.new_context().new_page()
    visitor.goto(f"{live_server.url}{article.get_absolute_url()}")
    label = visitor.locator(".callout--who-should-skip .callout__label").text_content()
    visitor.context.close()
    assert label == "Who should skip it"
    assert mara.console_errors == []


def test_the_editor_page_passes_axe_at_phone_and_desktop_widths(
    live_server, chromium, media, sign_in
):
    article = make_article()
    mara = sign_in("mara", "Mara Lind")
    for viewport in (PHONE, DESKTOP):
        mara.set_viewport_size(viewport)
        open_guide(mara, live_server, article)
        # axe-core adds probing styles of its own, which the CSP reports: check errors first.
        assert mara.console_errors == []
        assert axe_violations(mara) == [], viewport
        mara.console_errors.clear()
