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
