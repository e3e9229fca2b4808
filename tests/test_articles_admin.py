import re

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleSlugHistory
from tests.articles_factories import make_article, make_jpeg, make_person, make_topic

ADD_URL = reverse("admin:articles_article_add")
LIST_URL = reverse("admin:articles_article_changelist")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def admin_client(client, db):
    user = User.objects.create_user("editor", password="pw", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def form_data(**fields):
    now = timezone.localtime()
    data = {
        "title": "How lymphatic drainage helps",
        "slug": "how-lymphatic-drainage-helps",
        "summary": "A gentle massage for swelling.",
        "body": "<h2>What it is</h2><p>A gentle massage.</p><script>alert(1)</script>",
        "hero_alt": "",
        "hero_caption": "",
        "author": make_person().pk,
        "_publish": "Publish",
        "published_at_0": now.strftime("%Y-%m-%d"),
        "published_at_1": now.strftime("%H:%M:%S"),
        "seo_title": "",
        "seo_description": "",
        "comparison-TOTAL_FORMS": "0",
        "comparison-INITIAL_FORMS": "0",
        "comparison-MIN_NUM_FORMS": "0",
        "comparison-MAX_NUM_FORMS": "1000",
    }
    data.update(fields)
    return data


@pytest.mark.django_db
def test_changelist_shows_status_date_author_and_reading_time(admin_client):
    make_article(title="Listed guide", body="<p>" + "word " * 500 + "</p>")
    response = admin_client.get(LIST_URL, {"q": "Listed"})
    html = response.content.decode()
    assert response.status_code == 200
    for column in (
        "column-visibility",
        "column-published_at",
        "column-author",
        "column-reading_minutes",
    ):
        assert column in html
    assert "Listed guide" in html and ">3<" in html
    assert 'id="changelist-filter"' in html


@pytest.mark.django_db
def test_add_page_gives_the_editor_import_map_the_csp_nonce(admin_client):
    response = admin_client.get(ADD_URL)
    html = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<script type="importmap" nonce="{nonce}">' in html
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_staff_create_a_guide_with_a_hero_image_in_the_admin(admin_client):
    topic = make_topic()
    data = form_data(hero_image=make_jpeg(), hero_alt="Soft shapes", topics=[topic.pk])
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get()
    assert "<script" not in article.body
    assert article.reading_minutes == 1
    assert article.hero_image.name.startswith("guides/")
    assert list(article.topics.all()) == [topic]
    assert article in Article.objects.published()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "x" * 151}, "Ensure this value has at most 150 characters (it has 151)."),
        ({"summary": "x" * 301}, "Ensure this value has at most 300 characters (it has 301)."),
        ({"seo_description": "x" * 161}, "Ensure this value has at most 160 characters"),
        (
            {"hero_image": make_jpeg(), "hero_alt": ""},
            "Describe the image for people who cannot see it.",
        ),
        ({"reviewed_on": "2026-01-05"}, "Choose who reviewed the guide"),
        ({"slug": "not a slug!"}, "Enter a valid “slug”"),
    ],
)
def test_admin_refuses_bad_input_with_a_message(admin_client, fields, message):
    response = admin_client.post(ADD_URL, form_data(**fields))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("hero.jpg", b"not really an image", "image/jpeg"),
            "not a usable image",
        ),
        (make_jpeg(size=(200, 120)), "to look sharp"),
    ],
)
def test_admin_refuses_a_bad_hero_image(admin_client, upload, message):
    response = admin_client.post(ADD_URL, form_data(hero_image=upload, hero_alt="Shapes"))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_changing_the_slug_in_the_admin_keeps_the_old_address(admin_client, client):
    article = make_article(slug="old-address")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(slug="new-address", title=article.title, author=article.author.pk)
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert ArticleSlugHistory.objects.get().slug == "old-address"


@pytest.mark.django_db
def test_significant_update_checkbox_sets_updated_on(admin_client):
    article = make_article(slug="how-lymphatic-drainage-helps")
    url = reverse("admin:articles_article_change", args=[article.pk])
    admin_client.post(url, form_data(author=article.author.pk, edit_version=0))
    article.refresh_from_db()
    assert article.updated_on is None
    admin_client.post(
        url, form_data(author=article.author.pk, significant_update="on", edit_version=1)
    )
    article.refresh_from_db()
    assert article.updated_on is not None


@pytest.mark.django_db
def test_publish_and_unpublish_actions(admin_client):
    draft = make_article(status=Article.Status.DRAFT)
    admin_client.post(LIST_URL, {"action": "publish", "_selected_action": [draft.pk]})
    assert Article.objects.published().get() == draft
    admin_client.post(LIST_URL, {"action": "unpublish", "_selected_action": [draft.pk]})
    assert not Article.objects.published().exists()


@pytest.mark.django_db
def test_change_page_offers_a_preview_and_a_shareable_link(admin_client):
    article = make_article(status=Article.Status.DRAFT)
    html = admin_client.get(reverse("admin:articles_article_change", args=[article.pk])).content
    html = html.decode()
    assert f'href="{reverse("articles:preview", kwargs={"pk": article.pk})}"' in html
    token_url = re.search(r'value="(http[^"]+/guides/preview/link/[^"]+)"', html).group(1)
    path = token_url.split("://", 1)[1].split("/", 1)[1]
    assert admin_client.logout() is None
    assert "This is a draft" in admin_client.get(f"/{path}").content.decode()
