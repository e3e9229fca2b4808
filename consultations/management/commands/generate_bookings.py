"""Create many synthetic bookings, to measure how the consultation form copes with them."""

import uuid
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from consultations.availability import free_slots
from consultations.models import CONSENT_VERSION, Booking, BookingSettings, ConsultationRequest

# One booking in this many is still to come (taking every other free time, at most); the rest
# are history, as in a clinic that has been booking for a while.
FUTURE_SHARE = 5


class Command(BaseCommand):
    help = "Create synthetic bookings (bench clients): a fifth still to come, the rest past."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="Bookings to create.")

    def handle(self, *, count, **options):
        slots = free_slots()
        if not slots:
            raise CommandError("No free times: load the demo content first.")
        length = BookingSettings.load().length
        future = [
            (slot.starts_at, slot.clinician_ids[0])
            for slot in slots[::2][: min(count // FUTURE_SHARE, len(slots) // 2)]
        ]
        clinicians = sorted({clinician for slot in slots for clinician in slot.clinician_ids})
        midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        # History goes back from before anything already booked, so a second run adds to it.
        earliest = Booking.objects.order_by("starts_at").values_list("starts_at", flat=True)
        history_ends = min(midnight, earliest.first() or midnight)
        past = [
            (history_ends - timedelta(hours=1 + number // 2), clinicians[number % len(clinicians)])
            for number in range(count - len(future))
        ]
        now = timezone.now()
        with transaction.atomic():
            requests = ConsultationRequest.objects.bulk_create(
                ConsultationRequest(
                    name=f"Bench client {number}",
                    email=f"bench-{number}@example.com",
                    phone="+15035550100",
                    contact_method=ConsultationRequest.ContactMethod.CALL,
                    consent_version=CONSENT_VERSION,
                    consented_at=now,
                    submission_key=uuid.uuid4(),
                )
                for number in range(count)
            )
            Booking.objects.bulk_create(
                Booking(
                    request=request,
                    clinician_id=clinician,
                    starts_at=starts_at,
                    ends_at=starts_at + length,
                    status=Booking.Status.BOOKED if starts_at > now else Booking.Status.ATTENDED,
                )
                for request, (starts_at, clinician) in zip(requests, future + past, strict=True)
            )
        self.stdout.write(f"Created {count} bookings, {len(future)} of them still to come.")
