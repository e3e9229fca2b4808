"""Small helpers that build subscribers, guides and signup posts for the newsletter tests."""

import time
from datetime import timedelta

from django.core import signing
from django.utils import timezone

from articles.models import Article
from base.models import Person
from newsletter.models import CONSENT_WORDINGS, CURRENT_CONSENT_VERSION, Subscriber


def make_subscriber(**fields):
    fields.setdefault("email", "reader@example.com")
    fields.setdefault("status", Subscriber.Status.CONFIRMED)
    fields.setdefault("consent_version", CURRENT_CONSENT_VERSION)
    fields.setdefault("consent_text", CONSENT_WORDINGS[CURRENT_CONSENT_VERSION])
    if fields["status"] == Subscriber.Status.CONFIRMED:
        fields.setdefault("confirmed_at", timezone.now())
    return Subscriber.objects.create(**fields)


def make_author():
    author, _ = Person.objects.get_or_create(
        slug="test-author",
        defaults={"name": "Test Author", "role": "Writer", "bio": "Writes guides."},
    )
    return author


def make_guide(**fields):
    fields.setdefault("title", "What laser lipo really costs")
    fields.setdefault("slug", "what-laser-lipo-really-costs")
    fields.setdefault("summary", "An honest look at prices, sessions and results.")
    fields.setdefault("body", "<p>Plain facts about the treatment.</p>")
    fields.setdefault("author", make_author())
    fields.setdefault("status", Article.Status.PUBLISHED)
    fields.setdefault("published_at", timezone.now() - timedelta(days=1))
    return Article.objects.create(**fields)


def signup_data(email="reader@example.com", **fields):
    """Return a signup POST as a person sends it: filled in well after the page was shown."""
    fields.setdefault("email", email)
    fields.setdefault("consent_version", CURRENT_CONSENT_VERSION)
    fields.setdefault("source_path", "/guides/")
    fields.setdefault("website", "")
    fields.setdefault("rendered_at", signing.dumps(time.time() - 60, salt="base.forms.rendered-at"))
    return fields
