"""Small helpers that build treatments for tests."""

from decimal import Decimal

from django.utils.text import slugify

from treatments.models import (
    Category,
    Treatment,
    TreatmentContraindication,
    TreatmentFAQ,
    TreatmentNotFor,
)


def make_category(**fields):
    fields.setdefault("name", "Body")
    fields.setdefault("slug", slugify(fields["name"]))
    category, _ = Category.objects.get_or_create(slug=fields.pop("slug"), defaults=fields)
    return category


def make_treatment(**fields):
    fields.setdefault("name", "Body contouring")
    fields.setdefault("slug", slugify(fields["name"]))
    fields.setdefault("category", make_category())
    fields.setdefault("short_description", f"A short note about {fields['name']}.")
    fields.setdefault("body", f"<p>All about {fields['name']}.</p>")
    fields.setdefault("is_published", True)
    fields.setdefault("price_kind", Treatment.PriceKind.FROM)
    fields.setdefault(
        "price_amount", None if fields["price_kind"] == "consultation" else Decimal("140")
    )
    fields.setdefault("price_unit", "per session")
    fields.setdefault("how_it_works", f"How {fields['name']} works.")
    fields.setdefault("best_for", f"Who {fields['name']} suits.")
    fields.setdefault("typical_sessions", "6–8 sessions")
    fields.setdefault("spacing", "1 week apart")
    fields.setdefault("session_length", "45 minutes")
    fields.setdefault("downtime", "None")
    fields.setdefault("results_timeline", "After 3 sessions")
    return Treatment.objects.create(**fields)


def make_full_treatment(**fields):
    """Return a treatment with skip-if and not-for lines and FAQs."""
    treatment = make_treatment(**fields)
    TreatmentContraindication.objects.create(treatment=treatment, text="You are pregnant", order=0)
    TreatmentContraindication.objects.create(
        treatment=treatment, text="You have a pacemaker", order=1
    )
    TreatmentNotFor.objects.create(treatment=treatment, text="Not liposuction", order=0)
    TreatmentFAQ.objects.create(
        treatment=treatment, question="Does it hurt?", answer="It feels warm.", order=0
    )
    TreatmentFAQ.objects.create(
        treatment=treatment,
        question="How soon will I see a change?",
        answer="After a few weeks.",
        order=1,
    )
    return treatment
