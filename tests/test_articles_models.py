from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, ArticleSlugHistory
from articles.rendering import render_body
from articles.services import (
    article_from_preview_token,
    article_preview_token,
    article_save,
    articles_publish,
    articles_unpublish,
    reading_minutes,
)
from tests.articles_factories import make_article

NOW = timezone.now().replace(microsecond=0)


@pytest.fixture
def frozen_now(monkeypatch):
    """Pin timezone.now() to a value the test can move."""
    clock = {"now": NOW}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])
    return clock


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "published_at", "visible"),
    [
        (Article.Status.PUBLISHED, NOW - timedelta(seconds=1), True),
        (Article.Status.PUBLISHED, NOW, True),
        (Article.Status.PUBLISHED, NOW + timedelta(seconds=1), False),
        (Article.Status.DRAFT, NOW - timedelta(days=30), False),
        (Article.Status.DRAFT, NOW + timedelta(days=1), False),
    ],
)
def test_published_queryset_boundaries(frozen_now, status, published_at, visible):
    article = make_article(status=status, published_at=published_at)
    assert (article in Article.objects.published()) is visible
    assert article.is_visible is visible


@pytest.mark.django_db
def test_scheduled_guide_appears_at_its_exact_second(frozen_now):
    article = make_article(published_at=NOW + timedelta(hours=2))
    frozen_now["now"] = NOW + timedelta(hours=2) - timedelta(seconds=1)
    assert not Article.objects.published().filter(pk=article.pk).exists()
    frozen_now["now"] = NOW + timedelta(hours=2)
    assert Article.objects.published().filter(pk=article.pk).exists()


@pytest.mark.parametrize(
    ("words", "minutes"), [(0, 1), (1, 1), (220, 1), (221, 2), (1100, 5), (1101, 6)]
)
def test_reading_time_rounds_up_at_220_words_a_minute(words, minutes):
    assert reading_minutes("<p>" + "word " * words + "</p>") == minutes


@pytest.mark.django_db
def test_saving_a_guide_stores_its_reading_time():
    article = make_article(body="<p>" + "word " * 700 + "</p>")
    assert Article.objects.get(pk=article.pk).reading_minutes == 4


@pytest.mark.django_db
def test_updated_on_is_set_only_for_a_significant_update():
    article = make_article()
    article.title = "A typo fixed"
    article_save(article=article)
    assert article.updated_on is None
    article_save(article=article, significant_update=True)
    assert article.updated_on is not None


@pytest.mark.django_db
def test_renaming_a_published_guide_keeps_its_old_slug():
    article = make_article(slug="old-name")
    article.slug = "new-name"
    article_save(article=article)
    assert ArticleSlugHistory.objects.get(slug="old-name").article == article


@pytest.mark.django_db
def test_renaming_a_draft_keeps_no_old_slug():
    article = make_article(slug="old-name", status=Article.Status.DRAFT)
    article.slug = "new-name"
    article_save(article=article)
    assert not ArticleSlugHistory.objects.exists()


@pytest.mark.django_db
def test_renaming_back_removes_the_redirect_from_the_current_slug():
    article = make_article(slug="first")
    article.slug = "second"
    article_save(article=article)
    article.slug = "first"
    article_save(article=article)
    assert list(ArticleSlugHistory.objects.values_list("slug", flat=True)) == ["second"]


@pytest.mark.django_db
def test_publishing_an_old_draft_makes_it_the_newest_guide():
    article = make_article(status=Article.Status.DRAFT, published_at=NOW - timedelta(days=40))
    article.status = Article.Status.PUBLISHED
    article_save(article=article)
    assert article.published_at >= NOW


@pytest.mark.django_db
def test_publish_action_keeps_future_dates_scheduled():
    old = make_article(
        title="Old draft", status=Article.Status.DRAFT, published_at=NOW - timedelta(days=9)
    )
    future = make_article(
        title="Future", status=Article.Status.DRAFT, published_at=NOW + timedelta(days=3)
    )
    assert articles_publish(articles=Article.objects.all()) == 2
    old.refresh_from_db()
    future.refresh_from_db()
    assert old.status == future.status == Article.Status.PUBLISHED
    assert old.published_at >= NOW
    assert future.published_at == NOW + timedelta(days=3)
    assert articles_unpublish(articles=Article.objects.all()) == 2
    assert not Article.objects.published().exists()


@pytest.mark.django_db
def test_preview_token_round_trip_and_expiry(frozen_now):
    article = make_article(status=Article.Status.DRAFT)
    token = article_preview_token(article=article)
    assert article_from_preview_token(token) == article
    # signing uses time.time(), so expiry is checked with a max_age the token is already past.
    assert article_from_preview_token(token, max_age=-1) is None
    assert article_from_preview_token(token[:-2] + "xx") is None
    assert article_from_preview_token("not-a-token") is None


XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">link</a>',
    '<a href="JaVaScRiPt:alert(1)">link</a>',
    '<a href="&#106;avascript:alert(1)">link</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">link</a>',
    '<p onclick="alert(1)">text</p>',
    '<p style="background:url(javascript:alert(1))">text</p>',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<iframe src="https://evil.example/"></iframe>',
    '<h2 onmouseover="alert(1)" id="main">Heading</h2>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<object data="javascript:alert(1)"></object>',
    '<form action="https://evil.example/"><input name="x"></form>',
    "<style>body{display:none}</style>",
    "<!--<script>alert(1)</script>-->",
    '<a href="https://example.com/" target="_blank" onfocus="alert(1)">x</a>',
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_rendered_body_neutralises_hostile_html(payload):
    body = render_body(f"<p>Before</p>{payload}<p>After</p>")
    html = (body.before + body.after).lower()
    for forbidden in (
        "<script",
        "onerror",
        "onload",
        "onclick",
        "onmouseover",
        "onfocus",
        "javascript:",
        "<iframe",
        "<svg",
        "<style",
        "style=",
        "<object",
        "<form",
        "<input",
        "data:text",
    ):
        assert forbidden not in html, (payload, html)
    assert "<p>before</p>" in html


def test_headings_get_unique_anchors_and_a_nested_contents_list():
    body = render_body(
        "<h2>What it is</h2><h3>The evidence</h3><h2>What it is</h2><h2>Main</h2><h4>Small</h4>"
    )
    assert '<h2 id="what-it-is">' in body.before
    assert '<h2 id="what-it-is-2">' in body.before
    assert '<h2 id="main-2">' in body.before  # "main" is the page's own landmark id
    assert [entry.anchor for entry in body.toc] == ["what-it-is", "what-it-is-2", "main-2"]
    assert [child.text for child in body.toc[0].children] == ["The evidence"]


def test_contents_entries_keep_entities_escaped():
    body = render_body("<h2>Fat &amp; skin &lt;b&gt;</h2>")
    assert body.toc[0].text == "Fat &amp; skin &lt;b&gt;"


def test_comparison_marker_splits_the_body_once():
    body = render_body("<p>One</p><p>[comparison]</p><p>Two</p><p>[comparison]</p>")
    assert body.has_marker
    assert body.before == "<p>One</p>"
    assert body.after == "<p>Two</p>"


def test_tables_scroll_in_a_labelled_focusable_region():
    body = render_body("<table><tr><td>1</td></tr></table><table><tr><td>2</td></tr></table>")
    assert body.before.count('role="region"') == 2
    assert 'aria-label="Table 2" tabindex="0"' in body.before
