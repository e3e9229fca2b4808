"""Small helpers that build booked consultations for the booking lifecycle tests."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from consultations.models import Booking, Clinician
from tests.consultations_factories import make_clinician, make_consultation


def spa_time(*args):
    """Return an aware datetime in the spa's time zone, e.g. spa_time(2027, 3, 15, 9, 0)."""
    return datetime(*args, tzinfo=ZoneInfo(settings.TIME_ZONE))


def make_booking(*, starts_at, clinician=None, minutes=30, **fields):
    """Create an active booking for a fresh consultation request."""
    if "request" not in fields:
        fields["request"] = make_consultation(status="booked")
    created_at = fields.pop("created_at", None)
    booking = Booking.objects.create(
        # A clinician of its own unless given, so bookings made for a test never overlap.
        clinician=clinician or make_clinician(f"Clinician {Clinician.objects.count() + 1}"),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        **fields,
    )
    if created_at is not None:
        # auto_now_add ignores a given value on create.
        Booking.objects.filter(pk=booking.pk).update(created_at=created_at)
        booking.refresh_from_db()
    return booking
