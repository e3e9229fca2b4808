"""Small helpers that build guides, topics and people for the articles tests."""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image

from articles.models import Article, ComparisonEntry, Topic
from articles.services import article_save
from base.models import Person


def make_person(**fields):
    fields.setdefault("name", "Elena Marsh")
    fields.setdefault("slug", slugify(fields["name"]))
    fields.setdefault("role", "Founder and director")
    fields.setdefault("credentials", "Licensed esthetician")
    fields.setdefault("bio", "Writes our guides.")
    person, _ = Person.objects.get_or_create(slug=fields.pop("slug"), defaults=fields)
    return person


def make_topic(**fields):
    fields.setdefault("name", "Body contouring")
    fields.setdefault("slug", slugify(fields["name"]))
    topic, _ = Topic.objects.get_or_create(slug=fields.pop("slug"), defaults=fields)
    return topic


def make_article(*, topics=(), treatments=(), compare=(), related=(), **fields):
    """Save a guide through the service (so reading time is set); published yesterday by default."""
    fields.setdefault("title", "Mesotherapy explained")
    fields.setdefault("slug", slugify(fields["title"]))
    fields.setdefault("summary", f"A plain look at {fields['title'].lower()}.")
    fields.setdefault("body", "<h2>What it is</h2><p>Plain facts about the treatment.</p>")
    fields.setdefault("author", make_person())
    fields.setdefault("status", Article.Status.PUBLISHED)
    fields.setdefault("published_at", timezone.now() - timedelta(days=1))
    article = article_save(article=Article(**fields))
    article.topics.set(topics)
    article.related_treatments.set(treatments)
    for order, treatment in enumerate(compare):
        ComparisonEntry.objects.create(article=article, treatment=treatment, order=order)
    article.related_guides.set(related)
    return article


def make_jpeg(size=(1600, 900), color="seagreen", name="hero.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
