"""Booking a consultation time so that no clinician is ever booked twice at once.

On PostgreSQL the exclusion constraint `booking_no_overlap` refuses an overlapping active
booking whatever the application does: each candidate clinician is tried in a savepoint and the
next one on refusal. On SQLite every transaction takes the write lock when it begins
(`transaction_mode` IMMEDIATE in settings), so the check and the insert below cannot interleave
with another booking's.
"""

from django.db import IntegrityError, transaction

from consultations.availability import clinicians_free_at
from consultations.models import Booking, BookingSettings

OVERLAP_CONSTRAINT = "booking_no_overlap"


class SlotTakenError(Exception):
    """Nobody is free at that time any more (someone booked it a moment earlier)."""


def booking_create(*, request, starts_at, booking_settings=None):
    """Book the time starting at starts_at for request, with a clinician free then.

    Call it inside `transaction.atomic()`, together with whatever else belongs to the booking,
    so that a refused time rolls everything back. Raises SlotTakenError when no clinician is free.
    """
    booking_settings = booking_settings or BookingSettings.load()
    ends_at = starts_at + booking_settings.length
    for clinician_id in clinicians_free_at(starts_at, booking_settings=booking_settings):
        try:
            with transaction.atomic():
                return Booking.objects.create(
                    request=request, clinician_id=clinician_id, starts_at=starts_at, ends_at=ends_at
                )
        except IntegrityError as error:
            if not _is_overlap(error):
                raise
            # Booked a moment ago by someone else: try the next clinician.
    raise SlotTakenError


def _is_overlap(error):
    diagnostics = getattr(error.__cause__, "diag", None)
    return getattr(diagnostics, "constraint_name", None) == OVERLAP_CONSTRAINT
