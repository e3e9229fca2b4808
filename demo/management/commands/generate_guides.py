"""Create (or remove) many synthetic published guides, to measure how pages cope with scale."""

import random
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction
from django.utils import timezone

from articles.models import Article, Topic
from articles.services import SEARCH_VECTOR, reading_minutes
from base.cache import content_changed
from base.models import Person
from demo.images import illustration
from treatments.models import Treatment

SLUG_PREFIX = "bench-"
BATCH = 1000
HERO_COLORS = ["#A8B8A0", "#E8DCCB"]

SUBJECTS = [
    "skin texture",
    "lymphatic drainage",
    "facial massage",
    "body contouring",
    "hydration",
    "sun care",
    "recovery days",
    "collagen",
    "sensitive skin",
    "evening routines",
    "circulation",
    "posture",
    "sleep",
    "scalp care",
    "hand care",
    "winter dryness",
]
VERBS = [
    "supports",
    "softens",
    "changes",
    "shapes",
    "calms",
    "affects",
    "helps",
    "slows",
    "steadies",
    "refreshes",
    "brightens",
    "balances",
]
NOUNS = [
    "the outer layer of the skin",
    "a weekly routine",
    "the first appointment",
    "the results",
    "everyday comfort",
    "the healing time",
    "a realistic plan",
    "the way skin feels",
    "long-term habits",
    "the cost over a year",
    "the choice of treatment",
    "aftercare",
]
CLAUSES = [
    "according to most clinicians we asked",
    "for most healthy adults",
    "when it is done by a trained therapist",
    "over several weeks rather than days",
    "if you keep a simple routine at home",
    "although results vary from person to person",
    "as long as expectations stay realistic",
    "once the first few sessions are over",
]
HEADINGS = [
    "What it is",
    "Who it suits",
    "What a session is like",
    "What the evidence says",
    "Aftercare",
    "Costs and timing",
    "Questions to ask first",
    "When to skip it",
]


def _sentence(rng):
    return (
        f"{rng.choice(SUBJECTS).capitalize()} {rng.choice(VERBS)} {rng.choice(NOUNS)} "
        f"{rng.choice(CLAUSES)}."
    )


def _paragraph(rng, sentences=5):
    return "<p>" + " ".join(_sentence(rng) for _ in range(sentences)) + "</p>"


def guide_body(rng):
    """Return an original filler body: sections with headings and plain paragraphs."""
    parts = []
    for heading in rng.sample(HEADINGS, 5):
        parts.append(f"<h2>{heading}</h2>")
        parts.extend(_paragraph(rng) for _ in range(3))
    return "".join(parts)


class Command(BaseCommand):
    help = (
        f"Create N published synthetic guides (slugs start with '{SLUG_PREFIX}') for load "
        "tests, or remove them with --delete."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=10_000, help="How many guides to add.")
        parser.add_argument("--delete", action="store_true", help="Remove the synthetic guides.")
        parser.add_argument("--seed", type=int, default=7, help="Random seed for the filler.")

    def handle(self, *args, count, delete, seed, **options):
        if delete:
            with transaction.atomic():
                deleted = Article.objects.filter(slug__startswith=SLUG_PREFIX).delete()[1]
                content_changed()
            self.stdout.write(f"Removed {deleted.get(Article._meta.label, 0)} synthetic guides.")
            return
        author = Person.objects.order_by("pk").first()
        if author is None:
            raise CommandError("Add a team member first (manage.py load_demo_content).")
        with transaction.atomic():
            created = self._create(count, author, random.Random(seed))
            content_changed()
        self.stdout.write(self.style.SUCCESS(f"Added {created} synthetic guides."))

    def _create(self, count, author, rng):
        start = Article.objects.filter(slug__startswith=SLUG_PREFIX).count()
        topics = list(Topic.objects.all())
        treatments = list(Treatment.objects.published())
        hero = self._hero_name()
        now = timezone.now()
        for first in range(start, start + count, BATCH):
            articles = []
            for number in range(first, min(first + BATCH, start + count)):
                subject = rng.choice(SUBJECTS)
                body = guide_body(rng)
                articles.append(
                    Article(
                        title=f"{subject.capitalize()}: practical notes, part {number + 1}",
                        slug=f"{SLUG_PREFIX}{number + 1:05d}",
                        summary=f"Plain answers about {subject}. {_sentence(rng)}",
                        body=body,
                        reading_minutes=reading_minutes(body),
                        hero_image=hero,
                        hero_alt="An abstract sage and sand gradient.",
                        author=author,
                        status=Article.Status.PUBLISHED,
                        # Older than the demo guides, so the newest pages look the same.
                        published_at=now - timedelta(days=60, minutes=number * 37),
                    )
                )
            Article.objects.bulk_create(articles)
            self._link(Article.topics.through, "topic", articles, topics, rng)
            self._link(Article.related_treatments.through, "treatment", articles, treatments, rng)
        if connections[Article.objects.db].vendor == "postgresql":
            Article.objects.filter(slug__startswith=SLUG_PREFIX, search_vector=None).update(
                search_vector=SEARCH_VECTOR
            )
        return count

    def _link(self, through, field, articles, choices, rng):
        if not choices:
            return
        through.objects.bulk_create(
            through(article_id=article.pk, **{f"{field}_id": choice.pk})
            for article in articles
            for choice in rng.sample(choices, min(2, len(choices)))
        )

    def _hero_name(self):
        """Return the stored name of one shared hero image, creating it the first time."""
        existing = (
            Article.objects.filter(slug__startswith=SLUG_PREFIX)
            .exclude(hero_image="")
            .values_list("hero_image", flat=True)
            .first()
        )
        if existing:
            return existing
        holder = Article(slug=f"{SLUG_PREFIX}hero")
        holder.hero_image.save(
            "bench-hero.jpg", illustration("sprig", HERO_COLORS, seed=1), save=False
        )
        return holder.hero_image.name
