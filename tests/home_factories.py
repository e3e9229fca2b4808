"""Test data for the home and about pages."""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from articles.models import Article
from base.models import Person
from demo import loader as demo_loader
from pages.models import HomePage, HomePageTreatment
from tests.treatments_factories import make_treatment


def make_guide(**fields):
    """Create a published guide by the demo founder, dated yesterday."""
    fields.setdefault("title", "An honest guide")
    fields.setdefault("slug", fields["title"].lower().replace(" ", "-"))
    fields.setdefault("summary", "What it does and what it does not.")
    fields.setdefault("body", "<p>Plain words.</p>")
    fields.setdefault("author", Person.objects.get(slug="elena-marsh"))
    fields.setdefault("status", Article.Status.PUBLISHED)
    fields.setdefault("published_at", timezone.now() - timedelta(days=1))
    return Article.objects.create(**fields)


def feature_treatments(*treatments, **home_fields):
    """Save the home page with these treatments featured, in this order."""
    home_page = HomePage.objects.create(**home_fields)
    for order, treatment in enumerate(treatments):
        HomePageTreatment.objects.create(home_page=home_page, treatment=treatment, order=order)
    return home_page


def load_demo_site(settings, media_root):
    """Load the full demo content, writing its generated images under media_root."""
    settings.MEDIA_ROOT = media_root
    call_command("load_demo_content", stdout=None)


def load_demo_home(settings, media_root):
    """Load the demo business, team, home page and reviews, without the slow hero images."""
    settings.MEDIA_ROOT = media_root
    demo_loader.business_load()
    for slug in demo_loader.site()["home_page"]["featured_treatments"]:
        make_treatment(name=slug.replace("-", " ").capitalize(), slug=slug)
    demo_loader.home_page_and_reviews_load()
