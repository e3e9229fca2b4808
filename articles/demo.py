"""Demo guides: bodies from demo_content/*.html, metadata from demo_content/guides.py."""

import re
from datetime import timedelta
from pathlib import Path

from django.utils import timezone
from django.utils.text import slugify

from articles.demo_content.guides import GUIDES
from articles.models import COMPARISON_MARKER, Article, ComparisonEntry, Topic
from articles.services import article_save
from base.images import generated_image
from base.models import Person
from treatments.models import Treatment

CONTENT = Path(__file__).parent / "demo_content"
# The static table (and its heading) that a data-driven comparison replaces.
STATIC_TABLE = re.compile(r"<h3>[^<]*</h3>\s*<table>.*?</table>", re.DOTALL)


def demo_body(guide):
    """Return a guide's body, its hand-written comparison table swapped for the live one."""
    body = (CONTENT / guide["body_file"]).read_text(encoding="utf-8")
    if guide["comparison_treatments"]:
        body = STATIC_TABLE.sub(f"<p>{COMPARISON_MARKER}</p>", body, count=1)
    return body


def load():
    """Create the demo guides that are missing; leave ones staff have edited alone."""
    author = Person.objects.get(slug="elena-marsh")
    reviewer = Person.objects.get(slug="priya-raman")
    treatments = Treatment.objects.in_bulk(field_name="slug")
    now = timezone.now()
    created = {}
    for index, guide in enumerate(GUIDES):
        if Article.objects.filter(slug=guide["slug"]).exists():
            continue
        published_at = now - timedelta(days=5 + 9 * index, hours=index)
        article = Article(
            slug=guide["slug"],
            title=guide["title"],
            summary=guide["summary"],
            seo_title=guide["seo_title"],
            seo_description=guide["seo_description"],
            body=demo_body(guide),
            hero_alt=guide["hero_alt"],
            hero_caption=guide["hero_caption"],
            author=author,
            medical_reviewer=reviewer if guide["medically_reviewed"] else None,
            reviewed_on=published_at.date() if guide["medically_reviewed"] else None,
            status=Article.Status.PUBLISHED,
            published_at=published_at,
        )
        article.hero_image.save(
            f"{guide['slug']}.jpg",
            generated_image(guide["hero_colors"], seed=100 + index),
            save=False,
        )
        article_save(article=article)
        article.topics.set(
            Topic.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
            for name in guide["topics"]
        )
        article.related_treatments.set(
            treatments[slug] for slug in guide["treatments"] if slug in treatments
        )
        ComparisonEntry.objects.bulk_create(
            ComparisonEntry(article=article, treatment=treatments[slug], order=order)
            for order, slug in enumerate(guide["comparison_treatments"])
            if slug in treatments
        )
        created[guide["slug"]] = (article, guide)
    for article, guide in created.values():
        article.related_guides.set(Article.objects.filter(slug__in=guide["related_guides"]))
