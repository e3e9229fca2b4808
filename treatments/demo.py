"""Load the demo treatments from treatments/demo_content.py."""

from django.utils.text import slugify

from base.images import generated_image
from treatments.demo_content import TREATMENTS
from treatments.models import (
    Category,
    Treatment,
    TreatmentContraindication,
    TreatmentFAQ,
    TreatmentNotFor,
)

CATEGORY_ORDER = ["Body", "Face & skin", "Lymphatic & recovery"]
FIELDS = [
    "name",
    "short_description",
    "body",
    "price_kind",
    "price_amount",
    "price_unit",
    "how_it_works",
    "best_for",
    "format",
    "typical_sessions",
    "spacing",
    "session_length",
    "downtime",
    "results_timeline",
    "hero_alt",
]


def _category(name):
    order = CATEGORY_ORDER.index(name) if name in CATEGORY_ORDER else len(CATEGORY_ORDER)
    category, _ = Category.objects.get_or_create(
        slug=slugify(name), defaults={"name": name, "order": order}
    )
    return category


def load():
    """Create the demo treatments that are missing; leave ones staff have edited alone."""
    for order, data in enumerate(TREATMENTS):
        treatment, created = Treatment.objects.get_or_create(
            slug=data["slug"],
            defaults={
                **{name: data[name] for name in FIELDS},
                "category": _category(data["category"]),
                "order": order,
                "is_published": True,
            },
        )
        if not created:
            continue
        TreatmentContraindication.objects.bulk_create(
            TreatmentContraindication(treatment=treatment, text=text, order=index)
            for index, text in enumerate(data["skip_if"])
        )
        TreatmentNotFor.objects.bulk_create(
            TreatmentNotFor(treatment=treatment, text=text, order=index)
            for index, text in enumerate(data["not_for"])
        )
        TreatmentFAQ.objects.bulk_create(
            TreatmentFAQ(treatment=treatment, order=index, **faq)
            for index, faq in enumerate(data["faqs"])
        )
        treatment.hero_image.save(
            f"{treatment.slug}.jpg", generated_image(data["hero_colors"], seed=order)
        )
