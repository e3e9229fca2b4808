"""Drafts, revisions, stale saves, kept uploads, autosave and review dates in the guide admin."""

import json
import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.drafts import scheduled_changes_publish_due
from articles.models import Article, ArticleEditSession, ArticleRevision
from base.cache import _next_publish, content_version
from tests.articles_factories import make_article, make_jpeg, make_person
from tests.conftest import validate_html
from tests.treatments_factories import make_treatment


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def writer(client, username, name="Mara Lind"):
    first, last = name.split()
    user = User.objects.create_user(
        username, password="pw", is_staff=True, is_superuser=True, first_name=first, last_name=last
    )
    client.force_login(user)
    return client


@pytest.fixture
def mara(client, db):
    return writer(client, "mara")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def form_data(article, **fields):
    """Return the change form's fields for a guide as a writer would post them."""
    data = {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "body": article.body,
        "hero_alt": article.hero_alt,
        "hero_caption": article.hero_caption,
        "author": article.author_id,
        "seo_title": "",
        "seo_description": "",
        "edit_version": article.edit_version,
        "_save": "Save draft",
        "comparison-TOTAL_FORMS": "0",
        "comparison-INITIAL_FORMS": "0",
        "comparison-MIN_NUM_FORMS": "0",
        "comparison-MAX_NUM_FORMS": "1000",
    }
    if not article.is_visible:
        now = timezone.localtime(article.published_at)
        data["published_at_0"] = now.strftime("%Y-%m-%d")
        data["published_at_1"] = now.strftime("%H:%M:%S")
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def public_body(client, article):
    cache.clear()
    client.logout()
    return client.get(article.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_saving_a_live_guide_keeps_a_draft_until_publish(mara, client):
    article = make_article(body="<h2>Plan</h2><p>The old advice.</p>")
    response = mara.post(change_url(article), form_data(article, body="<p>The new advice.</p>"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert "old advice" in article.body and article.draft is not None
    page = mara.get(change_url(article)).content.decode()
    assert "The new advice." in page and "unpublished changes" in page
    preview = mara.get(reverse("articles:preview", args=[article.pk])).content.decode()
    assert "The new advice." in preview and "unpublished changes" in preview

    mara.post(
        change_url(article),
        form_data(article, body="<p>The new advice.</p>", _save=None, _publish="Publish"),
    )
    article.refresh_from_db()
    assert "The new advice." in article.body and article.draft is None
    kinds = list(article.revisions.values_list("kind", flat=True))
    assert kinds == [ArticleRevision.Kind.PUBLISHED, ArticleRevision.Kind.DRAFT]
    assert "The new advice." in public_body(client, article)


@pytest.mark.django_db
def test_a_draft_guide_saves_to_its_row_and_publish_makes_it_live(mara):
    article = make_article(status=Article.Status.DRAFT)
    mara.post(change_url(article), form_data(article, title="Renamed draft"))
    article.refresh_from_db()
    assert article.title == "Renamed draft" and article.status == Article.Status.DRAFT
    mara.post(change_url(article), form_data(article, _save=None, _publish="Publish"))
    assert Article.objects.published().get() == article


@pytest.mark.django_db
def test_a_stale_save_is_refused_naming_who_saved_and_keeping_the_text(client, django_user_model):
    article = make_article(body="<p>Original.</p>")
    opened = form_data(article)  # both writers open version 0
    theo = writer(client, "theo", "Theo Grant")
    theo.post(change_url(article), {**opened, "body": "<p>Theo's careful edit.</p>"})
    mara = writer(client, "mara")

    response = mara.post(change_url(article), {**opened, "body": "<p>Mara's own words.</p>"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Theo Grant saved this guide at " in html and "after you opened it" in html
    assert "Mara&#x27;s own words." in html  # still in the form
    article.refresh_from_db()
    draft_body = article.draft and article.revisions.first()
    assert draft_body.kind == ArticleRevision.Kind.DRAFT
    assert "Theo" in mara.get(change_url(article)).content.decode()

    version = int(re.search(r'name="overwrite_version" value="(\d+)"', html).group(1))
    mara.post(
        change_url(article),
        {
            **opened,
            "body": "<p>Mara's own words.</p>",
            "overwrite": "on",
            "overwrite_version": version,
        },
    )
    article.refresh_from_db()
    assert article.revisions.count() == 2  # both versions are in the history


@pytest.mark.django_db
def test_the_hero_image_survives_an_error_elsewhere_and_is_saved_next_time(mara):
    article = make_article(status=Article.Status.DRAFT)
    bad = form_data(article, title="", hero_image=make_jpeg(name="calm.jpg"), hero_alt="Calm")
    response = mara.post(change_url(article), bad)
    html = response.content.decode()
    assert response.status_code == 200 and "This field is required" in html
    assert "calm.jpg" in html and "is kept" in html
    token = re.search(r'name="hero_image_kept" value="([^"]+)"', html).group(1)

    mara.post(change_url(article), form_data(article, hero_alt="Calm", hero_image_kept=token))
    article.refresh_from_db()
    assert article.hero_image.name.startswith("guides/calm-")


@pytest.mark.django_db
def test_a_forged_kept_image_token_is_ignored(mara):
    article = make_article(status=Article.Status.DRAFT)
    mara.post(change_url(article), form_data(article, hero_image_kept="guides/other.jpg"))
    article.refresh_from_db()
    assert not article.hero_image


@pytest.mark.django_db
def test_history_compares_versions_and_restore_brings_an_old_body_back_as_a_draft(mara):
    article = make_article(status=Article.Status.DRAFT, body="<p>First wording.</p>")
    mara.post(change_url(article), form_data(article, body="<p>First wording.</p>"))
    article.refresh_from_db()
    mara.post(change_url(article), form_data(article, body="<p>Second wording.</p>"))
    article.refresh_from_db()
    mara.post(change_url(article), form_data(article, _save=None, _publish="Publish"))
    old, new = article.revisions.order_by("pk")[:2]

    history = mara.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert "Restore as draft" in history.content.decode()
    compare = mara.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"revision": [old.pk, new.pk]},
    ).content.decode()
    assert "<del>First </del>" in compare and "<ins>Second </ins>" in compare

    mara.post(reverse("admin:articles_article_restore", args=[article.pk, old.pk]))
    article.refresh_from_db()
    assert "Second wording." in article.body  # the live page is unchanged
    assert "First wording." in mara.get(change_url(article)).content.decode()


def next_publish():
    """Return the next scheduled moment the page cache holds (0 when nothing is scheduled)."""
    return _next_publish(content_version())


@pytest.mark.django_db
def test_scheduled_changes_wait_for_their_time_and_the_worker_publishes_them(mara, client):
    article = make_article(body="<p>Live text.</p>")
    assert next_publish() == 0  # nothing scheduled yet, and the cache remembers that
    later = timezone.localtime() + timedelta(hours=2)
    mara.post(
        change_url(article),
        form_data(
            article,
            body="<p>Scheduled text.</p>",
            _save=None,
            _publish="Publish changes",
            changes_go_live_at_0=later.strftime("%Y-%m-%d"),
            changes_go_live_at_1=later.strftime("%H:%M:%S"),
        ),
    )
    article.refresh_from_db()
    assert article.scheduled is not None and "Live text." in article.body
    assert Article.objects.next_change_at() == article.scheduled.go_live_at
    # No cached page outlives the go-live time.
    assert next_publish() == article.scheduled.go_live_at.timestamp()
    scheduled_changes_publish_due()
    article.refresh_from_db()
    assert "Live text." in article.body

    ArticleRevision.objects.filter(pk=article.scheduled_id).update(
        go_live_at=timezone.now() - timedelta(seconds=1)
    )
    scheduled_changes_publish_due()
    article.refresh_from_db()
    assert "Scheduled text." in article.body and article.scheduled is None
    assert "Scheduled text." in public_body(client, article)
    assert article.revisions.first().kind == ArticleRevision.Kind.WENT_LIVE


@pytest.mark.django_db
def test_publishing_text_that_disagrees_with_a_record_needs_a_second_look(mara):
    meso = make_treatment(name="Mesotherapy", slug="mesotherapy", typical_sessions="3–6 sessions")
    article = make_article(status=Article.Status.DRAFT, treatments=[meso])
    body = "<p>Most people need four to ten sessions.</p>"
    data = form_data(article, body=body, related_treatments=[meso.pk], _save=None, _publish="1")
    response = mara.post(change_url(article), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "says 4–10 sessions, but the Mesotherapy record says 3–6 sessions" in html
    assert not Article.objects.published().exists()

    mara.post(change_url(article), {**data, "publish_anyway": "on"})
    assert Article.objects.published().get() == article


@pytest.mark.django_db
def test_review_due_date_defaults_to_a_year_and_the_admin_home_lists_due_guides(mara):
    reviewer = make_person(name="Priya Raman")
    article = make_article(title="Reviewed long ago")
    make_article(title="Fresh and reviewed", slug="fresh")
    Article.objects.filter(slug="fresh").update(review_due_on=date.today() + timedelta(days=200))
    data = form_data(
        article, medical_reviewer=reviewer.pk, reviewed_on="2024-03-05", _save=None, _publish="1"
    )
    mara.post(change_url(article), data)
    article.refresh_from_db()
    assert article.review_due_on == date(2025, 3, 5)
    assert "Medical review by Priya Raman on March 5, 2024" in article.revisions.first().note

    home = mara.get(reverse("admin:index")).content.decode()
    assert "Guides due for a medical review" in home
    assert "Reviewed long ago" in home and "overdue since Mar 5, 2025" in home
    assert "Fresh and reviewed" not in home


@pytest.mark.django_db
def test_autosave_keeps_unsaved_text_offers_it_back_and_says_who_else_is_editing(client):
    article = make_article()
    theo = writer(client, "theo", "Theo Grant")
    theo.get(change_url(article))
    mara = writer(client, "mara")
    url = reverse("admin:articles_article_autosave", kwargs={"pk": article.pk})
    answer = mara.post(url, {"body": "<p>Typed but not saved.</p>", "title": article.title})
    assert answer.json()["others"] == ["Theo Grant"]
    assert ArticleEditSession.objects.get(user__username="mara").autosave["body"]
    article.refresh_from_db()
    assert "Typed but not saved." not in article.body and article.edit_version == 0

    page = mara.get(change_url(article)).content.decode()
    offer = json.loads(re.search(r'id="guide-autosave-offer"[^>]*>(.*?)</script>', page, re.S)[1])
    assert offer["fields"]["body"] == "<p>Typed but not saved.</p>"
    assert "Theo Grant</strong> has this guide open too" in page


@pytest.mark.django_db
def test_the_link_picker_finds_guides_and_treatments_by_title(mara):
    make_article(title="Mesotherapy explained")
    make_treatment(name="Mesotherapy", slug="mesotherapy", is_published=False)
    results = mara.get(reverse("admin:articles_article_links"), {"q": "meso"}).json()["results"]
    assert {(item["kind"], item["url"], item["note"]) for item in results} == {
        ("Guide", "/guides/mesotherapy-explained/", ""),
        ("Treatment", "/treatments/mesotherapy/", "hidden from visitors"),
    }


@pytest.mark.django_db
def test_pictures_are_uploaded_to_the_library_and_listed_for_the_picker(mara):
    url = reverse("admin:articles_article_images")
    answer = mara.post(url, {"image": make_jpeg(name="room.jpg"), "alt_text": "Treatment room"})
    image = answer.json()["image"]
    assert image["name"].startswith("guides/body/room-") and image["alt"] == "Treatment room"
    assert mara.get(url).json()["images"] == [image]
    refused = mara.post(url, {"image": make_jpeg(size=(100, 60))})
    assert refused.status_code == 400 and "to look sharp" in refused.json()["error"]


@pytest.mark.django_db
def test_demo_guides_arrive_with_a_first_revision_and_a_review_due_date(db):
    call_command("load_demo_content", verbosity=0)
    reviewed = Article.objects.get(slug="mesotherapy-explained")
    assert reviewed.review_due_on is not None
    assert reviewed.revisions.count() == 1


# Markup from Django's own admin widgets, and the import map the pinned Nu checker (2020)
# predates; everything the guide editor adds must validate.
DJANGO_ADMIN_MARKUP = (
    "“script”: Subtype missing.",
    "must have a child “option” element.",
    "Consider either adding a placeholder option label, or adding a “size” attribute with a "
    "value equal to the number of “option” elements.",
    "Element “option” without attribute “label” must not be empty.",
)


@pytest.mark.django_db
def test_the_editor_history_compare_and_admin_home_are_valid_html(mara):
    make_treatment(name="Mesotherapy", slug="mesotherapy")
    article = make_article(status=Article.Status.DRAFT, body="<p>First.</p>")
    mara.post(change_url(article), form_data(article, body="<p>First.</p>"))
    article.refresh_from_db()
    mara.post(change_url(article), form_data(article, body="<p>Second.</p>"))
    revisions = list(article.revisions.values_list("pk", flat=True))
    conflict = mara.post(change_url(article), form_data(article, edit_version=0))
    pages = {
        "add": mara.get(reverse("admin:articles_article_add")),
        "change": mara.get(change_url(article)),
        "stale save": conflict,
        "history": mara.get(reverse("admin:articles_article_history", args=[article.pk])),
        "compare": mara.get(
            reverse("admin:articles_article_compare", args=[article.pk]), {"revision": revisions}
        ),
        "admin home": mara.get(reverse("admin:index")),
    }
    assert "Their version and yours" in pages["stale save"].content.decode()
    errors = {
        name: [error for error in messages if not error.endswith(DJANGO_ADMIN_MARKUP)]
        for name, messages in validate_html(
            {name: response.content.decode() for name, response in pages.items()}
        ).items()
    }
    assert {name: messages for name, messages in errors.items() if messages} == {}
