"""Demo business profile and team, written for this site."""

from datetime import time, timedelta

from django.utils import timezone

from base.images import generated_image
from base.models import (
    BusinessProfile,
    HomePage,
    HomePageTreatment,
    OpeningHours,
    Person,
    Review,
)

TEAM = [
    {
        "slug": "elena-marsh",
        "name": "Elena Marsh",
        "role": "Founder and director",
        "credentials": "Licensed esthetician; certified lymphatic drainage therapist",
        "bio": (
            "Elena has worked in medical aesthetics and lymphatic drainage for more than "
            "twenty-five years, first in plastic surgery recovery clinics and then in her own "
            "practice. She opened Solenne to give people straight answers about what "
            "non-surgical treatments can and cannot do, and she writes most of our guides."
        ),
        "order": 0,
    },
    {
        "slug": "priya-raman",
        "name": "Dr. Priya Raman",
        "role": "Medical director",
        "credentials": "MD, board-certified in internal medicine",
        "bio": (
            "Dr. Raman oversees treatment protocols, screens for medical reasons to wait or "
            "skip a treatment, and reviews our guides for accuracy before they are published."
        ),
        "order": 1,
    },
    {
        "slug": "jordan-ellis",
        "name": "Jordan Ellis",
        "role": "Aesthetic nurse",
        "credentials": "RN",
        "bio": (
            "Jordan runs most of our body-contouring and laser sessions and is usually the "
            "person you meet at a free consultation. Ask Jordan anything; no question is silly."
        ),
        "order": 2,
    },
]

HOURS = [(0, 9, 18), (1, 9, 18), (2, 9, 19), (3, 9, 19), (4, 9, 17), (5, 10, 15)]


def load():
    """Create the business profile and the team if they are missing."""
    profile, created = BusinessProfile.objects.get_or_create(
        pk=1,
        defaults={
            "name": "Solenne Med Spa",
            "tagline": "Honest advice. Free consultations. No pressure.",
            "phone": "(503) 555-0142",
            "phone_e164": "+15035550142",
            "email": "hello@solenne.example",
            "street_address": "418 NW Alder Street, Suite 2",
            "locality": "Portland",
            "region": "OR",
            "postal_code": "97209",
            "instagram_url": "https://www.instagram.com/",
            "google_profile_url": "https://www.google.com/maps/search/?api=1&query=Solenne+Med+Spa",
            "medical_disclaimer": (
                "The information on this site is general education, not medical advice. "
                "Results vary from person to person. Talk to a clinician about your own health "
                "before starting any treatment."
            ),
        },
    )
    if created:
        OpeningHours.objects.bulk_create(
            OpeningHours(profile=profile, weekday=day, opens=time(opens), closes=time(closes))
            for day, opens, closes in HOURS
        )
    for person in TEAM:
        Person.objects.get_or_create(slug=person["slug"], defaults=person)


PORTRAIT_COLORS = {
    "elena-marsh": ("#2f4a3e", "#d9c3a5"),
    "priya-raman": ("#5b3a4a", "#e6d5c3"),
    "jordan-ellis": ("#3c5a6e", "#e9e1d2"),
}

HOME_PAGE = {
    "hero_heading": "Honest advice about body and skin treatments in Portland",
    "hero_text": (
        "We tell you plainly what a treatment can do for you, what it cannot, and what it "
        "costs. Your first consultation is free, and nobody will push you to book."
    ),
    "promises": (
        "Straight answers, including when a treatment is not right for you\n"
        "A free consultation with a nurse or clinician\n"
        "Prices on the website, and no pressure to buy a package"
    ),
    "meta_description": (
        "Portland med spa for body contouring, lymphatic drainage and skin treatments: "
        "honest advice, published prices and a free, no-pressure consultation."
    ),
}
FEATURED_TREATMENTS = ["lymphatic-drainage", "body-contouring", "sculpsure"]

# Written for the demo; every one is flagged is_sample and labelled as such on the site.
SAMPLE_REVIEWS = [
    {
        "source_review_id": "sample-01",
        "reviewer_name": "Maya R.",
        "rating": 5,
        "days_ago": 12,
        "treatment": "lymphatic-drainage",
        "is_featured": True,
        "comment": (
            "I came in two weeks after my tummy tuck, swollen and nervous. Jordan explained "
            "every step before starting and checked with my surgeon's notes. The swelling went "
            "down noticeably over the first four sessions and I finally slept properly again."
        ),
        "owner_reply": (
            "Thank you, Maya. It was lovely to see your recovery go so smoothly. "
            "Keep up the walks, and call us if anything feels off."
        ),
    },
    {
        "source_review_id": "sample-02",
        "reviewer_name": "Daniel K.",
        "rating": 5,
        "days_ago": 40,
        "treatment": "body-contouring",
        "comment": (
            "I expected a sales pitch and got the opposite. They told me that for the amount I "
            "wanted to lose, diet and time would do more than any machine, and suggested one "
            "small area to treat instead of a package. Refreshing."
        ),
    },
    {
        "source_review_id": "sample-03",
        "reviewer_name": "Lucía M.",
        "rating": 5,
        "days_ago": 75,
        "comment": (
            "Muy buena atención desde la primera consulta. Me explicaron los precios sin "
            "rodeos y nunca me sentí presionada. La recepcionista habla un poco de español."
        ),
        "translated_comment": (
            "Very good care from the first consultation. They explained the prices without "
            "beating around the bush and I never felt pressured. The receptionist speaks a "
            "little Spanish."
        ),
    },
    {
        "source_review_id": "sample-04",
        "is_anonymous": True,
        "rating": 4,
        "days_ago": 110,
        "treatment": "vacuum-therapy",
        "comment": (
            "Friendly staff and a spotless room. Results from vacuum therapy were subtle for me, "
            "which is what they said to expect, so no complaints. Parking nearby is tricky."
        ),
    },
    {
        "source_review_id": "sample-05",
        "reviewer_name": "Hannah W.",
        "rating": 4,
        "days_ago": 160,
        "comment": (
            "Good experience overall. My appointment started fifteen minutes late, but they "
            "apologised and did not cut the session short. I liked that the price on the "
            "website was the price I paid."
        ),
    },
    {
        "source_review_id": "sample-06",
        "reviewer_name": "Tom B.",
        "rating": 5,
        "days_ago": 230,
        "comment": (
            "Booked the free consultation to ask about SculpSure for my flanks. Dr. Raman went "
            "through my medications first, then walked me through realistic results. No "
            "pressure at all, and they emailed a written quote the same day."
        ),
    },
]


def load_home_and_reviews():
    """Create the home page, team portraits and sample reviews if they are missing."""
    from treatments.models import Treatment

    treatments = Treatment.objects.in_bulk(
        {*FEATURED_TREATMENTS, *(r.get("treatment") for r in SAMPLE_REVIEWS)} - {None},
        field_name="slug",
    )
    home_page, created = HomePage.objects.get_or_create(
        pk=HomePage.SINGLETON_ID, defaults=HOME_PAGE
    )
    if created:
        HomePageTreatment.objects.bulk_create(
            HomePageTreatment(home_page=home_page, treatment=treatments[slug], order=order)
            for order, slug in enumerate(FEATURED_TREATMENTS)
            if slug in treatments
        )
    for person in Person.objects.filter(slug__in=PORTRAIT_COLORS, photo=""):
        person.photo.save(
            f"{person.slug}.jpg",
            generated_image(PORTRAIT_COLORS[person.slug], kind="portrait", seed=person.order),
        )
    now = timezone.now()
    for sample in SAMPLE_REVIEWS:
        fields = {**sample}
        review_id = fields.pop("source_review_id")
        created_at = now - timedelta(days=fields.pop("days_ago"))
        treatment = treatments.get(fields.pop("treatment", None))
        replied_at = created_at + timedelta(days=1) if fields.get("owner_reply") else None
        Review.objects.update_or_create(
            source=Review.Source.GOOGLE,
            source_review_id=review_id,
            defaults={
                **fields,
                "related_treatment": treatment,
                "created_at": created_at,
                "updated_at": created_at,
                "owner_reply_updated_at": replied_at,
                "is_sample": True,
            },
        )
