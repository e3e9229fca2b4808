"""Demo business profile and team, written for this site."""

from datetime import time

from base.models import BusinessProfile, OpeningHours, Person, SocialLink

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
        SocialLink.objects.create(
            profile=profile, label="Instagram", url="https://www.instagram.com/", order=0
        )
    for person in TEAM:
        Person.objects.get_or_create(slug=person["slug"], defaults=person)
