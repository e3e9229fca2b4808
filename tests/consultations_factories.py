"""Small helpers that build consultation requests and form submissions for tests."""

import uuid

from django.utils import timezone

from consultations.forms import ConsultationRequestForm
from consultations.models import CONSENT_VERSION, ConsultationRequest

CLIENT_NAME = "Marguerite Okonkwo-Lindqvist"
CLIENT_EMAIL = "marguerite.lindqvist@example.org"
CLIENT_PHONE = "(971) 555-0188"
CLIENT_PHONE_E164 = "+19715550188"
CLIENT_MESSAGE = "Zebra-striped umbrella question about evenings"


def form_data(**overrides):
    """Return a valid POST body for the consultation form, with a fresh submission key."""
    data = {
        "name": CLIENT_NAME,
        "email": CLIENT_EMAIL,
        "phone": CLIENT_PHONE,
        "treatment": "",
        "contact_method": "call",
        "preferred_times": ["weekday_mornings", "saturday"],
        "message": CLIENT_MESSAGE,
        "consent": "on",
        "website": "",
        "rendered_at": ConsultationRequestForm().initial["rendered_at"],
        "submission_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def make_consultation(**fields):
    """Create a stored consultation request."""
    fields.setdefault("name", CLIENT_NAME)
    fields.setdefault("email", CLIENT_EMAIL)
    fields.setdefault("phone", CLIENT_PHONE_E164)
    fields.setdefault("contact_method", ConsultationRequest.ContactMethod.CALL)
    fields.setdefault("consent_version", CONSENT_VERSION)
    fields.setdefault("consented_at", timezone.now())
    fields.setdefault("submission_key", uuid.uuid4())
    created_at = fields.pop("created_at", None)
    consultation = ConsultationRequest.objects.create(**fields)
    if created_at is not None:
        # auto_now_add ignores a given value on create.
        ConsultationRequest.objects.filter(pk=consultation.pk).update(created_at=created_at)
        consultation.refresh_from_db()
    return consultation


def make_clinician(name="Elena Marsh", *, hours=None, **person_fields):
    """Create a clinician; hours maps weekday (0 = Monday) to [("09:00", "17:00"), ...]."""
    from base.models import Person
    from consultations.models import Clinician, WorkingHours

    slug = name.lower().replace(" ", "-").replace(".", "")
    person_fields.setdefault("role", "Clinician")
    person_fields.setdefault("bio", "Takes free consultations.")
    person, _ = Person.objects.get_or_create(slug=slug, defaults={"name": name, **person_fields})
    clinician = Clinician.objects.create(person=person)
    every_day = {weekday: [("09:00", "17:00")] for weekday in range(7)}
    for weekday, windows in (every_day if hours is None else hours).items():
        for starts, ends in windows:
            WorkingHours.objects.create(
                clinician=clinician, weekday=weekday, starts=starts, ends=ends
            )
    return clinician


def open_every_day(profile, opens="08:00", closes="20:00"):
    """Replace the spa's weekly hours with one window every day, and drop its closures."""
    from base.models import Closure, OpeningHours

    OpeningHours.objects.all().delete()
    Closure.objects.all().delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(profile=profile, weekday=weekday, opens=opens, closes=closes)
        for weekday in range(7)
    )
