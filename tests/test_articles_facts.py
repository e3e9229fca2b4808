"""Live treatment facts, drift warnings, guide blocks and the link checks."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import cache

from articles.links import external_links_check_due, internal_link_problems
from articles.models import Article, ExternalLink
from articles.proofing import drift_findings, image_findings
from articles.rendering import render_body
from articles.richtext import sanitize_guide_html
from tests.articles_factories import make_article, make_jpeg
from tests.treatments_factories import make_treatment


def fact(treatment, kind):
    return f'<span data-fact="{kind}" data-treatment="{treatment.pk}">old words</span>'


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db
def test_an_inserted_fact_changes_on_the_page_when_the_treatment_changes(client):
    meso = make_treatment(name="Mesotherapy", slug="mesotherapy", typical_sessions="3–6 sessions")
    body = f"<p>A typical course is {fact(meso, 'sessions')}, spaced out.</p>"
    article = make_article(body=body, treatments=[meso])
    assert (
        "A typical course is 3–6 sessions, spaced out."
        in client.get(article.get_absolute_url()).content.decode()
    )

    meso.typical_sessions = "4–8 sessions"
    meso.save()
    cache.clear()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "A typical course is 4–8 sessions, spaced out." in page
    assert "old words" not in page and "data-fact" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("html", "shown"),
    [
        ("<p>{fact} for most people.</p>", "<p>None; mild tenderness for most people.</p>"),
        ("<p>Expect {fact}.</p>", "<p>Expect none; mild tenderness.</p>"),
        ("<p>It stings. {fact}.</p>", "<p>It stings. None; mild tenderness.</p>"),
        ("<table><tr><td>{fact}</td></tr></table>", "<td>None; mild tenderness</td>"),
    ],
)
def test_facts_read_as_part_of_the_sentence(html, shown):
    treatment = make_treatment(downtime="None; mild tenderness")
    rendered = render_body(
        html.format(fact=fact(treatment, "downtime")), treatments={treatment.pk: treatment}
    )
    assert shown in rendered.before


@pytest.mark.django_db
def test_a_fact_about_a_deleted_treatment_keeps_its_words():
    rendered = render_body('<p><span data-fact="price" data-treatment="999">$90</span></p>')
    assert "<p>$90</p>" in rendered.before


@pytest.mark.django_db
def test_the_drift_warning_names_the_disagreeing_number():
    meso = make_treatment(name="Mesotherapy", slug="mesotherapy", typical_sessions="3–6 sessions")
    body = (
        "<h2>How many sessions?</h2><p>A typical plan is four to ten sessions.</p>"
        "<p>Change shows after two sessions.</p>"
        f"<p>Most people need {fact(meso, 'sessions')}.</p>"
    )
    [finding] = drift_findings(body, [meso], about=[meso])
    assert "says 4–10 sessions" in finding.message
    assert "the Mesotherapy record says 3–6 sessions" in finding.message
    assert "How many sessions?" in finding.message


@pytest.mark.django_db
def test_drift_checks_prices_and_downtime_and_who_a_sentence_is_about():
    lipo = make_treatment(name="Laser lipo", slug="laser-lipo", price_kind="fixed")
    lipo.price_amount, lipo.downtime = 90, "None"
    sculpsure = make_treatment(
        name="SculpSure", slug="sculpsure", downtime="Tenderness for 7–21 days"
    )
    body = (
        "<p>Laser lipo costs $95 per session.</p>"
        "<p>SculpSure has no downtime at all.</p>"
        "<p>With laser lipo there is no downtime.</p>"
    )
    messages = [finding.message for finding in drift_findings(body, [lipo, sculpsure])]
    assert len(messages) == 2
    assert "states $95, but the Laser lipo record says $90 per session" in messages[0]
    assert "no downtime, but the SculpSure record says: Tenderness for 7–21 days" in messages[1]


def test_the_sanitiser_keeps_the_editors_blocks_and_nothing_else():
    html = (
        '<aside data-callout="who-should-skip" onclick="x"><p>Skip it if pregnant.</p></aside>'
        '<aside data-callout="made-up"><p>?</p></aside>'
        '<p><span data-fact="sessions" data-treatment="7">3–6</span>'
        '<span data-fact="secret" data-treatment="x">?</span></p>'
        '<figure><img src="/media/guides/body/a-1600w.jpg" data-image="guides/body/a-1600w.jpg" '
        'alt="Room"><figcaption>Our room</figcaption></figure>'
        '<img src="https://tracker.example/p.gif" data-image="../../etc/passwd">'
    )
    clean = sanitize_guide_html(html)
    assert '<aside data-callout="who-should-skip"><p>Skip it if pregnant.</p></aside>' in clean
    assert "<aside><p>?</p></aside>" in clean
    assert '<span data-fact="sessions" data-treatment="7">3–6</span><span>?</span>' in clean
    assert 'data-image="guides/body/a-1600w.jpg"' in clean
    assert "passwd" not in clean and "onclick" not in clean


@pytest.mark.django_db
def test_callouts_and_library_pictures_render_as_site_blocks():
    from articles.models import GuideImage

    picture = GuideImage.objects.create(image=make_jpeg(name="room.jpg"), alt_text="Room")
    body = (
        '<aside data-callout="who-should-skip"><p>Not during pregnancy.</p></aside>'
        f'<figure><img src="/x.jpg" data-image="{picture.image.name}" alt="Our quiet room">'
        "<figcaption>The treatment room</figcaption></figure>"
    )
    html = render_body(body).before
    assert '<div class="callout callout--who-should-skip" role="note">' in html
    assert '<p class="callout__label">Who should skip it</p>' in html
    assert '<figure class="guide-figure"><picture><source type="image/webp"' in html
    assert 'alt="Our quiet room"' in html and 'loading="lazy"' in html and "srcset=" in html
    assert "<figcaption>The treatment room</figcaption>" in html


def test_pictures_without_a_description_or_from_elsewhere_are_flagged():
    findings = image_findings(
        '<figure><img data-image="guides/body/a-1600w.jpg" src="/a.jpg"></figure>'
        '<figure><img data-image="guides/body/b-1600w.jpg" src="/b.jpg" alt=""></figure>'
        '<figure><img src="https://docs.example/c.png" alt="Chart"></figure>'
    )
    assert [finding.message.split(".")[0] for finding in findings] == [
        "A picture has no description",
        "A picture in the text is not from the image library and will not be shown",
    ]


@pytest.mark.django_db
def test_links_to_pages_visitors_cannot_see_are_flagged(settings):
    settings.SITE_URL = "https://www.solenne.example"
    make_article(title="Live guide", slug="live-guide")
    make_article(title="Draft guide", slug="draft-guide", status=Article.Status.DRAFT)
    make_treatment(name="Hidden", slug="hidden", is_published=False)
    body = (
        '<p><a href="/guides/live-guide/">ok</a> <a href="/guides/draft-guide/">draft</a>'
        ' <a href="https://www.solenne.example/guides/gone/">gone</a>'
        ' <a href="/treatments/hidden/">hidden</a> <a href="/no/such/page/">nowhere</a>'
        ' <a href="https://example.org/">elsewhere</a></p>'
    )
    assert internal_link_problems(body) == [
        ("/guides/draft-guide/", "goes to “Draft guide”, which is not published yet"),
        ("https://www.solenne.example/guides/gone/", "goes to a guide that does not exist"),
        ("/treatments/hidden/", "goes to “Hidden”, which is hidden from visitors"),
        ("/no/such/page/", "goes to a page that does not exist"),
    ]


class Answers(BaseHTTPRequestHandler):
    def do_HEAD(self):
        self.send_response({"/ok": 200, "/gone": 404, "/bots": 403}.get(self.path, 405))
        self.end_headers()

    def do_GET(self):
        self.send_response(200 if self.path == "/get-only" else 500)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def link_server(settings):
    settings.LINK_CHECK_ALLOW_PRIVATE = True
    server = ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_the_weekly_link_check_records_broken_links_once_a_week(link_server):
    paths = ["/ok", "/gone", "/bots", "/get-only"]
    body = "".join(f'<p><a href="{link_server}{path}">link</a></p>' for path in paths)
    make_article(body=body)
    from articles.links import article_links_sync

    article_links_sync(article=Article.objects.get())
    external_links_check_due()
    found = {link.url.removeprefix(link_server): link for link in ExternalLink.objects.all()}
    assert {path: found[path].is_broken for path in paths} == {
        "/ok": False,
        "/gone": True,
        "/bots": False,
        "/get-only": False,
    }
    assert found["/gone"].status_code == 404 and "404" in found["/gone"].problem
    assert "turned our checker away" in found["/bots"].problem

    checked = {link.pk: link.checked_at for link in ExternalLink.objects.all()}
    external_links_check_due()  # nothing is due again within the week
    assert {link.pk: link.checked_at for link in ExternalLink.objects.all()} == checked


@pytest.mark.django_db
def test_the_link_check_never_fetches_private_addresses(settings):
    settings.LINK_CHECK_ALLOW_PRIVATE = False
    ExternalLink.objects.create(url="http://127.0.0.1:9/admin/")
    external_links_check_due()
    link = ExternalLink.objects.get()
    assert link.checked_at and not link.is_broken and "private network" in link.problem
