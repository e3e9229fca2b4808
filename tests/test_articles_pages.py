import json
import re
import time
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.services import article_preview_token, article_save
from tests.articles_factories import make_article, make_jpeg, make_person, make_topic
from tests.treatments_factories import make_treatment

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
SITE_URL = "https://www.solenne.example"


@pytest.fixture(autouse=True)
def _site(settings, tmp_path):
    settings.SITE_URL = SITE_URL
    settings.MEDIA_ROOT = tmp_path
    settings.MEDIA_URL = "/media/"


def json_ld(html, kind):
    blocks = [json.loads(block) for block in JSON_LD.findall(html)]
    return next(block for block in blocks if block["@type"] == kind)


def days_ago(days):
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def guide(business):
    """A reviewed guide with a hero, topics, treatments, a comparison and a related guide."""
    topic = make_topic(name="Body contouring")
    meso = make_treatment(name="Mesotherapy", price_amount=180, price_unit="per session")
    carboxy = make_treatment(name="Carboxy therapy", price_kind="consultation")
    other = make_article(title="Choosing a treatment", published_at=days_ago(20))
    article = make_article(
        title="Mesotherapy explained",
        summary="What the micro-injections can and cannot do.",
        body=(
            "<h2>What it is</h2><p>Tiny injections.</p><h3>The evidence</h3><p>Thin.</p>"
            "<h2>How it compares</h2><p>[comparison]</p><p>Use it as a guide.</p>"
            "<h2>Who should skip it</h2><p>People who are pregnant.</p>"
        ),
        hero_image=make_jpeg(),
        hero_alt="Sage and sand curves",
        hero_caption="An abstract illustration.",
        medical_reviewer=make_person(
            name="Dr. Priya Raman", role="Medical director", credentials="MD"
        ),
        reviewed_on=date(2026, 3, 2),
        published_at=days_ago(2),
        topics=[topic],
        treatments=[meso],
        compare=[meso, carboxy],
        related=[other],
    )
    return article


# -- The guide list, topics and authors ----------------------------------------------------------


@pytest.mark.django_db
def test_guide_list_shows_published_guides_newest_first_with_reading_time(client, business):
    make_article(title="Older guide", published_at=days_ago(5), body="<p>" + "word " * 500 + "</p>")
    make_article(title="Newer guide", published_at=days_ago(1))
    make_article(title="Draft guide", status=Article.Status.DRAFT)
    make_article(title="Scheduled guide", published_at=timezone.now() + timedelta(hours=1))
    html = client.get("/guides/").content.decode()
    assert html.index("Newer guide") < html.index("Older guide")
    assert "3 min read" in html
    assert "Draft guide" not in html
    assert "Scheduled guide" not in html


@pytest.mark.django_db
def test_guide_list_is_paginated_by_twelve(client, business):
    for number in range(13):
        make_article(title=f"Guide {number:02d}", published_at=days_ago(number + 1))
    first = client.get("/guides/").content.decode()
    second = client.get("/guides/?page=2").content.decode()
    assert "Guide 00" in first and "Guide 11" in first and "Guide 12" not in first
    assert "Guide 12" in second
    assert f'href="{SITE_URL}/guides/?page=2"' in second


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["99", "abc", "-1", "0"])
def test_unknown_page_number_is_404(client, business, page):
    make_article()
    assert client.get(f"/guides/?page={page}").status_code == 404


@pytest.mark.django_db
def test_topic_page_lists_only_its_guides(client, business):
    skin = make_topic(name="Skin")
    make_article(title="About skin", topics=[skin])
    make_article(title="About fat", topics=[make_topic(name="Body contouring")])
    response = client.get(reverse("articles:topic", kwargs={"slug": "skin"}))
    html = response.content.decode()
    assert "About skin" in html and "About fat" not in html
    assert '<a href="/guides/topic/skin/" aria-current="page">Skin</a>' in html
    assert client.get("/guides/topic/no-such-topic/").status_code == 404


@pytest.mark.django_db
def test_reviewer_page_lists_the_published_guides_they_reviewed(client, business):
    reviewer = make_person(name="Dr. Priya Raman", role="Medical director")
    make_article(title="Reviewed and live", medical_reviewer=reviewer, reviewed_on=date(2026, 1, 5))
    make_article(
        title="Reviewed draft",
        medical_reviewer=reviewer,
        reviewed_on=date(2026, 1, 5),
        status=Article.Status.DRAFT,
    )

    html = client.get(reviewer.get_absolute_url()).content.decode()

    assert "Guides medically reviewed by Dr. Priya Raman" in html
    assert "Reviewed and live" in html
    assert "Reviewed draft" not in html
    assert "has not written a guide yet" in html


def test_author_page_lists_their_published_guides_and_links_to_about(client, business):
    author = make_person(name="Jordan Ellis", role="Aesthetic nurse")
    make_article(title="Jordan's guide", author=author)
    make_article(title="Jordan's draft", author=author, status=Article.Status.DRAFT)
    make_article(title="Someone else's guide")
    html = client.get(author.get_absolute_url()).content.decode()
    assert "Jordan&#x27;s guide" in html
    assert "draft" not in html.lower().split("<main")[1]
    assert "Someone else" not in html
    assert f'href="{author.about_url}"' in html
    assert client.get("/guides/authors/nobody/").status_code == 404


# -- The guide page -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_guide_page_shows_everything_a_reader_needs(client, guide):
    html = client.get(guide.get_absolute_url()).content.decode()
    assert '<nav class="breadcrumbs" aria-label="Breadcrumb">' in html
    assert f'<a href="{guide.get_absolute_url()}" aria-current="page">' in html
    assert "<h1>Mesotherapy explained</h1>" in html
    assert "What the micro-injections can and cannot do." in html
    assert f'By <a href="{guide.author.get_absolute_url()}">Elena Marsh</a>' in html
    assert "Medically reviewed by" in html and "Dr. Priya Raman</a>, MD" in html
    assert '<time datetime="2026-03-02">March 2, 2026</time>' in html
    assert "1 min read" in html
    assert "Updated" not in html
    # Table of contents with anchors that exist in the body.
    assert '<a href="#what-it-is">What it is</a>' in html
    assert '<a href="#the-evidence">The evidence</a>' in html
    assert '<h2 id="what-it-is">' in html and '<h3 id="the-evidence">' in html
    # Hero image with its description and caption, not lazy (it is above the fold).
    assert 'alt="Sage and sand curves"' in html and "An abstract illustration." in html
    assert 'srcset="' in html
    # Related treatment with its live price, comparison built from records, exactly once.
    assert "From $180 per session" in html
    assert html.count('<table class="comparison">') == 1
    assert html.index("How it compares") < html.index('<table class="comparison">')
    assert html.index('<table class="comparison">') < html.index("Use it as a guide.")
    assert "[comparison]" not in html
    # Consultation, reviews, newsletter and keep reading blocks.
    assert reverse("consultations:request") in html
    assert 'action="/newsletter/' in html
    assert "Keep reading" in html and "Choosing a treatment" in html


@pytest.mark.django_db
def test_live_price_change_shows_on_the_guide(client, guide):
    treatment = guide.related_treatments.get()
    treatment.price_amount = 210
    treatment.save()
    assert "From $210 per session" in client.get(guide.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_unpublished_treatments_stay_out_of_the_guide(client, guide):
    guide.related_treatments.update(is_published=False)
    html = client.get(guide.get_absolute_url()).content.decode()
    assert "From $180 per session" not in html
    assert "Carboxy therapy</a></th>" in html and "Mesotherapy</a></th>" not in html


@pytest.mark.django_db
def test_significant_update_shows_updated_on(client, guide):
    article_save(article=guide, significant_update=True)
    html = client.get(guide.get_absolute_url()).content.decode()
    assert "Updated <time" in html


@pytest.mark.django_db
def test_guide_page_seo_tags_and_structured_data(client, guide):
    html = client.get(guide.get_absolute_url()).content.decode()
    url = f"{SITE_URL}{guide.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert (
        '<meta name="description" content="What the micro-injections can and cannot do.">' in html
    )
    og_image = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    assert og_image.startswith(f"{SITE_URL}/media/guides/")
    assert f'<meta name="twitter:image" content="{og_image}">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    page = json_ld(html, "MedicalWebPage")
    assert page["headline"] == "Mesotherapy explained"
    assert page["url"] == url
    assert page["image"] == og_image
    assert page["author"] | {"description": ""} == {
        "@type": "Person",
        "name": "Elena Marsh",
        "jobTitle": "Founder and director",
        "url": f"{SITE_URL}/guides/authors/elena-marsh/",
        "description": "",
    }
    assert page["reviewedBy"]["name"] == "Dr. Priya Raman"
    assert page["lastReviewed"] == "2026-03-02"
    assert page["publisher"]["@type"] == ["MedicalBusiness", "HealthAndBeautyBusiness"]
    assert page["publisher"]["@id"] == f"{SITE_URL}/#business"
    assert page["publisher"]["name"] == "Solenne Med Spa"
    assert page["datePublished"] == guide.published_at.isoformat()
    crumbs = json_ld(html, "BreadcrumbList")["itemListElement"]
    assert [crumb["item"] for crumb in crumbs] == [f"{SITE_URL}/", f"{SITE_URL}/guides/", url]


@pytest.mark.django_db
def test_guide_without_a_reviewer_claims_no_review(client, business):
    article = make_article()
    html = client.get(article.get_absolute_url()).content.decode()
    page = json_ld(html, "MedicalWebPage")
    assert "reviewedBy" not in page and "lastReviewed" not in page
    assert "Medically reviewed" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [{"status": Article.Status.DRAFT}, {"published_at": timezone.now() + timedelta(days=1)}],
)
def test_hidden_guides_are_404_by_url(client, business, fields):
    article = make_article(**fields)
    assert client.get(article.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_old_slug_redirects_permanently(client, business):
    article = make_article(slug="mesotherapy-guide")
    article.slug = "mesotherapy-explained"
    article_save(article=article)
    response = client.get("/guides/mesotherapy-guide/")
    assert response.status_code == 301
    assert response["Location"] == "/guides/mesotherapy-explained/"
    article.status = Article.Status.DRAFT
    article_save(article=article)
    assert client.get("/guides/mesotherapy-guide/").status_code == 404


@pytest.mark.django_db
def test_keep_reading_prefers_hand_picked_then_shared_then_newest(client, business):
    topic = make_topic(name="Skin")
    picked = make_article(title="Picked guide", published_at=days_ago(50))
    make_article(title="Shared topic guide", published_at=days_ago(40), topics=[topic])
    make_article(title="Newest unrelated", published_at=days_ago(1))
    make_article(title="Second newest", published_at=days_ago(3))
    make_article(title="Hidden draft", status=Article.Status.DRAFT, related=[])
    article = make_article(title="Main", topics=[topic], related=[picked], published_at=days_ago(9))
    html = client.get(article.get_absolute_url()).content.decode()
    section = html.split('id="keep-reading"')[1]
    titles = re.findall(r'class="card__title"><a href="[^"]+">([^<]+)</a>', section)
    assert titles == ["Picked guide", "Shared topic guide", "Newest unrelated"]


@pytest.mark.django_db
def test_list_and_detail_query_counts_stay_flat(
    client, guide, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0  # measure rendering, not the page cache
    client.get("/guides/")  # warm the cached business profile, as in production

    def counts():
        with CaptureQueriesContext(connection) as listing:
            client.get("/guides/")
        with CaptureQueriesContext(connection) as detail:
            client.get(guide.get_absolute_url())
        return len(listing), len(detail)

    before = counts()
    topic = make_topic(name="Body contouring")
    for number in range(12):
        make_article(
            title=f"Extra {number}",
            topics=[topic],
            hero_image=make_jpeg(),
            hero_alt="Shapes",
            treatments=list(guide.related_treatments.all()),
            related=[guide],
        )
    with django_assert_max_num_queries(8):
        client.get("/guides/")
    with django_assert_max_num_queries(8):
        client.get(guide.get_absolute_url())
    assert counts() == before


# -- Feed and sitemap ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_feed_parses_and_lists_only_published_guides(client, business):
    make_article(title="Visible guide")
    make_article(title="Draft guide", status=Article.Status.DRAFT)
    make_article(title="Future guide", published_at=timezone.now() + timedelta(days=1))
    response = client.get(reverse("articles:feed"))
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 - our own feed
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Visible guide"]
    assert items[0].findtext("link") == f"{SITE_URL}/guides/visible-guide/"
    assert channel.findtext("link") == f"{SITE_URL}/guides/"


@pytest.mark.django_db
def test_feed_items_carry_their_topics_as_categories(client, business):
    make_article(topics=[make_topic(name="Skin"), make_topic(name="Body contouring")])
    response = client.get(reverse("articles:feed"))
    item = ET.fromstring(response.content).find("channel/item")  # noqa: S314 - our own feed
    assert [category.text for category in item.findall("category")] == [
        "Body contouring",
        "Skin",
    ]


@pytest.mark.django_db
def test_sitemap_lists_published_guides_with_last_modified(client, business):
    visible = make_article(title="Visible guide", topics=[make_topic(name="Skin")])
    make_article(title="Draft guide", status=Article.Status.DRAFT)
    response = client.get("/sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = {
        url.findtext("s:loc", namespaces=namespace): url.findtext("s:lastmod", namespaces=namespace)
        for url in ET.fromstring(response.content).findall("s:url", namespace)  # noqa: S314
    }
    published_on = timezone.localdate(visible.published_at).isoformat()
    assert urls[f"{SITE_URL}/guides/visible-guide/"] == published_on
    assert f"{SITE_URL}/guides/" in urls
    assert f"{SITE_URL}/guides/topic/skin/" in urls
    assert f"{SITE_URL}/guides/draft-guide/" not in urls


# -- Previews -----------------------------------------------------------------------------------


@pytest.fixture
def staff_client(client):
    user = User.objects.create_user("editor", password="pw", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_staff_preview_shows_a_draft_in_the_site_layout(staff_client, business):
    draft = make_article(title="Work in progress", status=Article.Status.DRAFT)
    response = staff_client.get(reverse("articles:preview", kwargs={"pk": draft.pk}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Work in progress</h1>" in html
    assert "This is a draft" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "application/ld+json" not in html


@pytest.mark.django_db
def test_preview_needs_a_staff_login(client, business):
    draft = make_article(status=Article.Status.DRAFT)
    response = client.get(reverse("articles:preview", kwargs={"pk": draft.pk}))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_signed_preview_link_works_without_login_and_sets_no_cookie(client, business):
    draft = make_article(title="For the reviewer", status=Article.Status.DRAFT)
    url = reverse("articles:preview_link", kwargs={"token": article_preview_token(article=draft)})
    response = client.get(url)
    assert response.status_code == 200
    assert "<h1>For the reviewer</h1>" in response.content.decode()
    assert "Preview." in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert not response.cookies


@pytest.mark.django_db
def test_expired_or_forged_preview_link_explains_itself(client, business, monkeypatch):
    draft = make_article(status=Article.Status.DRAFT)
    token = article_preview_token(article=draft)
    eight_days_later = time.time() + 8 * 24 * 3600
    monkeypatch.setattr(time, "time", lambda: eight_days_later)
    expired = client.get(reverse("articles:preview_link", kwargs={"token": token}))
    assert expired.status_code == 404
    assert "preview link no longer works" in expired.content.decode()
    forged = client.get(reverse("articles:preview_link", kwargs={"token": token + "x"}))
    assert forged.status_code == 404


@pytest.mark.django_db
def test_preview_link_of_a_deleted_guide_explains_itself(client, business):
    draft = make_article(status=Article.Status.DRAFT)
    token = article_preview_token(article=draft)
    draft.delete()

    response = client.get(reverse("articles:preview_link", kwargs={"token": token}))

    assert response.status_code == 404
    assert "preview link no longer works" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"


# -- Search -------------------------------------------------------------------------------------


@pytest.fixture
def searchable(business):
    make_article(
        title="Lymphatic drainage after surgery",
        summary="When to start and what to expect.",
        body="<p>Gentle massage that moves swelling toward the lymph nodes.</p>",
    )
    make_article(title="Secret draft about drainage", status=Article.Status.DRAFT)
    make_article(title="Vacuum therapy", body="<p>Suction cups lift the skin.</p>")
    make_treatment(name="Lymphatic drainage", short_description="A light, rhythmic massage.")
    make_treatment(name="Hidden drainage treatment", is_published=False)


@pytest.mark.django_db
def test_search_finds_published_guides_and_treatments(client, searchable):
    html = client.get("/search/", {"q": "drainage"}).content.decode()
    assert "Lymphatic drainage after surgery" in html
    assert "Lymphatic drainage</a>" in html
    assert "Secret draft" not in html
    assert "Hidden drainage" not in html
    assert "Vacuum therapy" not in html


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite fallback")
def test_sqlite_search_matches_words_in_the_body(client, searchable):
    html = client.get("/search/", {"q": "suction"}).content.decode()
    assert "Vacuum therapy" in html


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs DATABASE_URL=postgres://")
def test_postgres_search_stems_ranks_and_uses_its_index(client, searchable):
    make_article(title="Massage basics", body="<p>Where to start.</p>")
    # "massaging" stems to "massag"; a title match (weight A) outranks a body match (weight C).
    html = client.get("/search/", {"q": "massaging"}).content.decode()
    guides = html.split('id="guide-results"')[1]
    assert guides.index("Massage basics") < guides.index("Lymphatic drainage after surgery")
    # websearch syntax: a minus excludes.
    html = client.get("/search/", {"q": "massage -surgery"}).content.decode()
    assert "Massage basics" in html and "after surgery" not in html
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'articles_article_search_gin'"
        )
        assert "gin (search_vector)" in cursor.fetchone()[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", "Type a word or two"),
        ("   ", "Type a word or two"),
        ("x" * 201, "That search is too long"),
        ("lymph " * 2000, "That search is too long"),
        ("\x00" * 50, "Type a word or two"),
        ("<script>alert(1)</script>", "0 results for “&lt;script&gt;alert(1)&lt;/script&gt;”"),
        ("drain\x00age", "Lymphatic drainage after surgery"),
        ("' OR 1=1 --", "0 results"),
        ("%", "0 results"),
        ('"unbalanced ( quote', "0 results"),
    ],
)
def test_search_handles_awkward_queries_with_a_message(client, searchable, query, expected):
    response = client.get("/search/", {"q": query})
    html = response.content.decode()
    assert response.status_code == 200
    assert expected in html
    assert "<script>alert(1)" not in html


# -- Demo content -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_content_loads_five_guides_once_with_one_comparison_table(client):
    call_command("load_demo_content")
    call_command("load_demo_content")
    assert Article.objects.published().count() == 5
    meso = Article.objects.get(slug="mesotherapy-explained")
    assert meso.medical_reviewer.slug == "priya-raman"
    assert meso.hero_image and meso.related_guides.count() == 2
    html = client.get(meso.get_absolute_url()).content.decode()
    assert html.count("<table") == 1
    assert "Mesotherapy, carboxy therapy and body contouring at a glance" not in html
    assert html.index("How does it compare with similar treatments?") < html.index("<table")
    assert html.index("<table") < html.index("This table is a general guide")


# -- Valid HTML ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_guide_pages_are_valid_html(client, guide, assert_valid_html, staff_client):
    draft = make_article(title="Draft", status=Article.Status.DRAFT)
    assert_valid_html(
        {
            "list": client.get("/guides/").content.decode(),
            "topic": client.get("/guides/topic/body-contouring/").content.decode(),
            "author": client.get(guide.author.get_absolute_url()).content.decode(),
            "guide": client.get(guide.get_absolute_url()).content.decode(),
            "search": client.get("/search/", {"q": "mesotherapy"}).content.decode(),
            "empty search": client.get("/search/", {"q": ""}).content.decode(),
            "preview": staff_client.get(
                reverse("articles:preview", kwargs={"pk": draft.pk})
            ).content.decode(),
            "preview link no longer works": client.get(
                reverse("articles:preview_link", kwargs={"token": "forged"})
            ).content.decode(),
        }
    )
