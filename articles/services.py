import math

from django.contrib.postgres.search import SearchVector
from django.core import signing
from django.db import connections, transaction
from django.utils import timezone
from django.utils.html import strip_tags

from articles.models import REVIEW_INTERVAL_MONTHS, Article, ArticleSlugHistory, months_later
from base.cache import content_changed

WORDS_PER_MINUTE = 220
PREVIEW_SALT = "articles.preview"
PREVIEW_MAX_AGE = 60 * 60 * 24 * 7

SEARCH_VECTOR = (
    SearchVector("title", weight="A", config="english")
    + SearchVector("summary", weight="B", config="english")
    + SearchVector("body", weight="C", config="english")
)


def reading_minutes(html):
    """Return the minutes an average reader needs for the HTML, at least one."""
    words = len(strip_tags(html or "").split())
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def article_save(*, article, significant_update=False):
    """Save a guide with its derived fields, keeping its old address when the slug changes."""
    previous = (
        Article.objects.filter(pk=article.pk).values("slug", "status", "reviewed_on").first()
        if article.pk
        else None
    )
    article.reading_minutes = reading_minutes(article.body)
    reviewed = article.reviewed_on
    if reviewed and (
        not article.review_due_on or (previous and previous["reviewed_on"] != reviewed)
    ):
        article.review_due_on = months_later(reviewed, REVIEW_INTERVAL_MONTHS)
    was_draft = previous is not None and previous["status"] == Article.Status.DRAFT
    if was_draft and article.status == Article.Status.PUBLISHED:
        # A draft's date is when it was started; publishing it now makes it the newest.
        article.published_at = max(article.published_at, timezone.now())
    if significant_update:
        article.updated_on = timezone.now()
    with transaction.atomic():
        article.save()
        # A guide's own current slug must never redirect elsewhere.
        ArticleSlugHistory.objects.filter(slug=article.slug).delete()
        if (
            previous
            and previous["slug"] != article.slug
            and previous["status"] == Article.Status.PUBLISHED
        ):
            ArticleSlugHistory.objects.update_or_create(
                slug=previous["slug"], defaults={"article": article}
            )
        article_search_refresh(article=article)
    return article


def articles_publish(*, articles):
    """Publish drafts: past dates become now, future dates stay scheduled. Return the count."""
    drafts = articles.filter(status=Article.Status.DRAFT)
    now = timezone.now()
    count = drafts.filter(published_at__lt=now).update(
        status=Article.Status.PUBLISHED, published_at=now
    )
    count += drafts.update(status=Article.Status.PUBLISHED)
    content_changed()  # update() sends no signals: cached pages must still go stale
    return count


def articles_unpublish(*, articles):
    """Move guides back to draft. Return the count."""
    count = articles.filter(status=Article.Status.PUBLISHED).update(status=Article.Status.DRAFT)
    content_changed()
    return count


def article_search_refresh(*, article):
    """Recompute the guide's full-text search document (PostgreSQL only)."""
    if connections[Article.objects.db].vendor == "postgresql":
        Article.objects.filter(pk=article.pk).update(search_vector=SEARCH_VECTOR)


def article_preview_token(*, article):
    """Return a signed token that shows this guide, published or not, for a week."""
    return signing.dumps({"pk": article.pk}, salt=PREVIEW_SALT)


def article_from_preview_token(token, *, queryset=None, max_age=PREVIEW_MAX_AGE):
    """Return the guide a preview token names, or None if it is forged, expired or deleted.

    queryset, all guides by default, is where it is looked up (to load what the page shows).
    """
    try:
        data = signing.loads(token, salt=PREVIEW_SALT, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    if not isinstance(data, dict):
        return None
    queryset = Article.objects.all() if queryset is None else queryset
    return queryset.filter(pk=data.get("pk")).first()
