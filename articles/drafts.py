"""Drafts, revisions and scheduled changes of guides (Wagtail's model on django-reversion).

The Article row always holds what visitors see. Every save is a revision: a django-reversion
Version of the guide as the writer left it, plus an ArticleRevision saying what kind of save it
was. Saving a published guide stores a draft revision and leaves the row alone; publishing
copies the content onto the row. Changes scheduled for later wait in a revision until the
worker publishes them at their time.
"""

import copy

import reversion
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.formats import date_format
from reversion.models import Version

from articles.apps import REVISION_FIELDS
from articles.links import article_links_sync
from articles.models import Article, ArticleRevision, ComparisonEntry
from articles.services import article_save
from base.cache import content_schedule_changed
from treatments.models import Treatment

M2M_FIELDS = ("topics", "related_treatments", "related_guides")
# Kept from the row when a revision's content is applied to it: how and when it is published.
ROW_FIELDS = ("status", "published_at", "updated_on")
CONTENT_FIELDS = [name for name in REVISION_FIELDS if name not in (*M2M_FIELDS, *ROW_FIELDS)]
LABELS = {
    "comparison": "comparison table",
    **{name: str(Article._meta.get_field(name).verbose_name) for name in REVISION_FIELDS},
}


class Content(dict):
    """A guide's editable content: field values by attname, m2m id lists and 'comparison'."""


def content_of(article, *, relations=None, comparison=None):
    """Return the content of an Article instance (relations and comparison default to the DB)."""
    content = Content()
    for name in CONTENT_FIELDS:
        field = Article._meta.get_field(name)
        value = getattr(article, field.attname)
        content[field.attname] = value.name if isinstance(value, FieldFile) else value
    for name in M2M_FIELDS:
        if relations is not None and name in relations:
            content[name] = sorted(relations[name])
        else:
            content[name] = sorted(getattr(article, name).values_list("pk", flat=True))
    if comparison is None:
        comparison = list(article.comparison.values_list("treatment_id", flat=True))
    content["comparison"] = list(comparison)
    return content


def revision_content(article_revision):
    """Return the content a revision saved."""
    version = Version.objects.get(
        revision_id=article_revision.revision_id,
        content_type=ContentType.objects.get_for_model(Article),
        object_id=str(article_revision.article_id),
    )
    fields = version.field_dict
    content = Content()
    for name in CONTENT_FIELDS:
        attname = Article._meta.get_field(name).attname
        value = fields.get(attname)
        content[attname] = value.name if isinstance(value, FieldFile) else value
    for name in M2M_FIELDS:
        content[name] = sorted(int(pk) for pk in fields.get(name, []))
    content["comparison"] = list(article_revision.comparison)
    return content


def content_apply(article, content):
    """Set a content's field values on an in-memory guide; its m2m are cached, not saved."""
    for attname, value in content.items():
        if attname not in (*M2M_FIELDS, "comparison"):
            setattr(article, attname, value if value is not None or attname != "body" else "")
    models = {name: Article._meta.get_field(name).related_model for name in M2M_FIELDS}
    article._prefetched_objects_cache = {
        name: models[name].objects.filter(pk__in=content[name]) for name in M2M_FIELDS
    }
    article.comparison_ids = list(content["comparison"])
    return article


def working_copy(article):
    """Return the guide as the editor should show it: its draft or scheduled change, or the row.

    The copy is never saved; it carries `comparison_ids` and `revision` (None for the row).
    """
    revision = article.working_revision
    copy_ = copy.copy(article)
    copy_._state = copy.copy(article._state)
    copy_._state.fields_cache = dict(article._state.fields_cache)
    if revision is not None:
        try:
            content = revision_content(revision)
        except Version.DoesNotExist:  # its stored version was pruned: show the live row
            revision = None
    if revision is None:
        copy_.comparison_ids = list(article.comparison.values_list("treatment_id", flat=True))
        copy_.revision = None
        return copy_
    content_apply(copy_, content)
    copy_._state.fields_cache.pop("author", None)
    copy_._state.fields_cache.pop("medical_reviewer", None)
    copy_.revision = revision
    return copy_


def changed_labels(before, after):
    """Return the readable names of the content that differs between two contents."""
    names = [key for key in after if before.get(key) != after.get(key)]
    labels = []
    for key in names:
        name = key.removesuffix("_id")
        labels.append(LABELS.get(name, name).capitalize())
    return labels


def _previous_content(article):
    latest = article.revisions.order_by("-pk").first()
    return revision_content(latest) if latest else None


def _review_note(before, after, article):
    if not after.get("reviewed_on") or (
        before and before.get("reviewed_on") == after["reviewed_on"]
    ):
        return ""
    reviewer = article.medical_reviewer.name if article.medical_reviewer_id else "a clinician"
    return f"Medical review by {reviewer} on {date_format(after['reviewed_on'], 'F j, Y')}"


def revision_record(*, article, kind, user, content, go_live_at=None):
    """Store a revision of the in-memory guide with the given content; return its record."""
    before = _previous_content(article)
    # The serializer stores m2m from the prefetch cache content_apply fills: the content's ids.
    snapshot = content_apply(copy.copy(article), content)
    changed = changed_labels(before, content) if before else ["Created"]
    with reversion.create_revision(manage_manually=True):
        reversion.set_user(user)
        reversion.set_comment(f"{ArticleRevision.Kind(kind).label}: {', '.join(changed)}"[:200])
        reversion.add_to_revision(snapshot)
        reversion.add_meta(
            ArticleRevision,
            article=article,
            kind=kind,
            comparison=content["comparison"],
            changed=", ".join(changed)[:400] or "Nothing",
            note=_review_note(before, content, snapshot),
            go_live_at=go_live_at,
        )
    return article.revisions.order_by("-pk").first()


def _bump(article, **fields):
    """Count one more save of the guide, updating bookkeeping fields without touching content."""
    Article.objects.filter(pk=article.pk).update(edit_version=F("edit_version") + 1, **fields)
    article.edit_version += 1
    for name, value in fields.items():
        setattr(article, name, value)


def _commit_hero_file(article):
    """Store a newly chosen hero image now (a draft keeps only its stored name)."""
    hero = article.hero_image
    if hero and not hero._committed:
        hero.save(hero.name, hero.file, save=False)


def draft_save(*, article, user, content):
    """Keep the writer's content as the guide's draft; visitors keep seeing the row."""
    _commit_hero_file(article)
    content["hero_image"] = article.hero_image.name or ""
    with transaction.atomic():
        revision = revision_record(
            article=article, kind=ArticleRevision.Kind.DRAFT, user=user, content=content
        )
        _bump(article, draft=revision)
    return revision


def changes_schedule(*, article, user, content, go_live_at):
    """Keep the writer's content to be published by the worker at go_live_at."""
    _commit_hero_file(article)
    content["hero_image"] = article.hero_image.name or ""
    with transaction.atomic():
        revision = revision_record(
            article=article,
            kind=ArticleRevision.Kind.SCHEDULED,
            user=user,
            content=content,
            go_live_at=go_live_at,
        )
        _bump(article, draft=None, scheduled=revision)
        content_schedule_changed()  # no page may outlive the new go-live time
    return revision


def article_content_write(
    *, article, user, content, significant_update=False, kind=ArticleRevision.Kind.PUBLISHED
):
    """Write the content to the row as a revision: live for a published guide, else a draft."""
    _commit_hero_file(article)
    content["hero_image"] = article.hero_image.name or ""
    with transaction.atomic():
        content_apply(article, content)
        # Published content replaces both the draft and any change still waiting for its time.
        article.draft = None
        article.scheduled = None
        article.edit_version += 1
        article_save(article=article, significant_update=significant_update)
        # The cache holds the new ids; set() must compare them with what the database holds.
        del article._prefetched_objects_cache
        for name in M2M_FIELDS:
            getattr(article, name).set(content[name])
        comparison_set(article=article, treatment_ids=content["comparison"])
        article_links_sync(article=article)
        content["review_due_on"] = article.review_due_on
        return revision_record(article=article, kind=kind, user=user, content=content)


def comparison_set(*, article, treatment_ids):
    """Make the guide's comparison table show these treatments, in this order."""
    ids = list(dict.fromkeys(treatment_ids))
    existing = Treatment.objects.filter(pk__in=ids).values_list("pk", flat=True)
    ids = [pk for pk in ids if pk in set(existing)]
    current = list(
        article.comparison.order_by("order", "pk").values_list("treatment_id", flat=True)
    )
    if current == ids:
        return
    ComparisonEntry.objects.filter(article=article).delete()
    ComparisonEntry.objects.bulk_create(
        ComparisonEntry(article=article, treatment_id=pk, order=order)
        for order, pk in enumerate(ids)
    )


def draft_discard(*, article):
    """Drop the guide's unpublished changes; the live row stays as it is."""
    _bump(article, draft=None)


def schedule_cancel(*, article):
    """Cancel the guide's scheduled changes; they stay in the history."""
    _bump(article, scheduled=None)
    content_schedule_changed()


def revision_restore(*, article, revision, user):
    """Bring an earlier revision back: as a draft of a published guide, or onto a draft guide."""
    content = revision_content(revision)
    live = article.status == Article.Status.PUBLISHED
    with transaction.atomic():
        if not live:
            return article_content_write(
                article=article, user=user, content=content, kind=ArticleRevision.Kind.RESTORED
            )
        snapshot = content_apply(copy.copy(article), content)
        new = revision_record(
            article=snapshot, kind=ArticleRevision.Kind.RESTORED, user=user, content=content
        )
        _bump(article, draft=new)
        return new


def scheduled_changes_publish_due():
    """Publish every scheduled change whose time has come (a worker job, safe to repeat)."""
    due = Article.objects.filter(scheduled__go_live_at__lte=timezone.now()).select_related(
        "scheduled"
    )
    for article in due:
        content = revision_content(article.scheduled)
        article_content_write(
            article=article, user=None, content=content, kind=ArticleRevision.Kind.WENT_LIVE
        )


def drafts_publish(*, articles, user):
    """Publish the unpublished changes of the given guides. Return how many were published."""
    count = 0
    for article in articles.filter(draft__isnull=False).select_related("draft"):
        article_content_write(article=article, user=user, content=revision_content(article.draft))
        count += 1
    return count
