"""What happens to a booking after it is made: emails with invites, cancel, move, mark, remind.

Every change to the time a client holds bumps the booking's SEQUENCE and queues the client's
email with a new invite in the same transaction, so a calendar never keeps a stale time.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from base.email import email_queue, emails_send_soon
from base.models import BusinessProfile
from consultations.availability import clinicians_free_at
from consultations.booking import SlotTakenError, _is_overlap
from consultations.invites import (
    CANCEL,
    REQUEST,
    booking_invite,
    booking_location,
    invite_mimetype,
)
from consultations.models import Booking, BookingSettings

# Fixed subjects: no name, treatment or health detail in any header. The booking's own
# confirmation is consultation_request_create's (services.CLIENT_BOOKED_SUBJECT).
CLIENT_SUBJECTS = {
    "moved": "Your free consultation has a new time",
    "cancelled": "Your free consultation is cancelled",
    "reminder": "Reminder: your free consultation is coming up",
}
STAFF_CHANGED_SUBJECT = "A consultation booking was changed"

MANAGE_SALT = "consultations.booking-manage"
# Longer than any booking can lie ahead (the window is at most a few months); a link that has
# outlived its booking shows the "this link has expired" page.
MANAGE_LINK_MAX_AGE = timedelta(days=180)


class BookingClosedError(Exception):
    """The booking is cancelled, over or marked: its time can no longer change."""


def local_day_starts_at(day):
    """Return the aware moment a local calendar day begins in the spa's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def booking_manage_token(booking):
    """Return the signed token of the client's "manage your booking" link."""
    return signing.dumps(str(booking.uid), salt=MANAGE_SALT, compress=True)


def booking_manage_url(booking):
    """Return the full address of the client's "manage your booking" page."""
    token = booking_manage_token(booking)
    return settings.SITE_URL + reverse("consultations:manage", args=[token])


def booking_for_token(token):
    """Return the booking a manage link points at; raise signing.BadSignature if it is not ours.

    An expired link raises signing.SignatureExpired (a BadSignature); a valid link whose booking
    was deleted raises Booking.DoesNotExist.
    """
    uid = signing.loads(token, salt=MANAGE_SALT, max_age=MANAGE_LINK_MAX_AGE)
    return Booking.objects.select_related("clinician__person", "request").get(uid=uid)


def booking_is_changeable(booking):
    """Return whether the client or staff may still cancel or move this booking."""
    return booking.status == Booking.Status.BOOKED and booking.starts_at > timezone.now()


def booking_details_context(booking):
    """Return what templates/consultations/includes/booking_details.* show about a booking."""
    current = BookingSettings.load()
    return {
        "booking": booking,
        "settings": current,
        "location": booking_location(booking_settings=current, profile=BusinessProfile.load()),
        "TIME_ZONE": settings.TIME_ZONE,
    }


def booking_invite_attachment(*, booking, method=REQUEST):
    """Return the booking's invite as an email_queue() attachment."""
    return ("invite.ics", booking_invite(booking=booking, method=method), invite_mimetype(method))


def booking_client_email_queue(*, booking, kind):
    """Queue the client's email of this kind, with its invite; return the email.

    Call inside the transaction that changed the booking, and send with emails_send_soon().
    A reminder carries no invite: the calendar already holds the current one.
    """
    context = booking_details_context(booking)
    attachments = []
    if kind != "reminder":
        method = CANCEL if kind == "cancelled" else REQUEST
        attachments.append(booking_invite_attachment(booking=booking, method=method))
    email = email_queue(
        to=booking.request.email,
        subject=CLIENT_SUBJECTS[kind],
        template="consultations/email/booking_client",
        context={
            **context,
            "kind": kind,
            "subject": CLIENT_SUBJECTS[kind],
            "manage_url": booking_manage_url(booking) if kind != "cancelled" else "",
            "SITE_URL": settings.SITE_URL,
        },
        reply_to=settings.STAFF_NOTIFICATION_EMAIL,
        attachments=attachments,
    )
    booking.request.emails.add(email)
    return email


def _staff_email_queue(*, booking, change):
    email = email_queue(
        to=settings.STAFF_NOTIFICATION_EMAIL,
        subject=STAFF_CHANGED_SUBJECT,
        template="consultations/email/staff_booking_changed",
        context={
            **booking_details_context(booking),
            "change": change,
            "admin_url": settings.SITE_URL
            + reverse("admin:consultations_booking_change", args=[booking.pk]),
        },
    )
    booking.request.emails.add(email)
    return email


def _locked(booking):
    """Return the booking's row locked for this transaction, refusing one that cannot change."""
    locked = (
        Booking.objects.select_for_update()
        .select_related("clinician__person", "request")
        .get(pk=booking.pk)
    )
    if not booking_is_changeable(locked):
        raise BookingClosedError
    return locked


def booking_cancel(*, booking, by_staff=False):
    """Cancel the booking (its time is free at once) and send the client a CANCEL invite."""
    with transaction.atomic():
        booking = _locked(booking)
        booking.status = Booking.Status.CANCELLED
        booking.sequence += 1
        booking.save(update_fields=["status", "sequence", "updated_at"])
        emails = [booking_client_email_queue(booking=booking, kind="cancelled")]
        if not by_staff:
            emails.append(_staff_email_queue(booking=booking, change="cancelled"))
        emails_send_soon(emails)
    return booking


def booking_move(*, booking, starts_at, by_staff=False):
    """Move the booking to a free time and send the client the updated invite; return it.

    Through the same refusal as a new booking (consultations.booking): the database refuses an
    overlap (PostgreSQL) or the write lock keeps the check and the change together (SQLite).
    The client keeps their clinician when that clinician is free then. Raises SlotTakenError
    when nobody is, and BookingClosedError when the booking can no longer change.
    """
    with transaction.atomic():
        booking = _locked(booking)
        current = BookingSettings.load()
        lead = timedelta(hours=current.reminder_lead_hours)
        free = clinicians_free_at(starts_at, booking_settings=current)
        now = timezone.now()
        for clinician_id in sorted(free, key=lambda free_id: free_id != booking.clinician_id):
            try:
                with transaction.atomic():
                    Booking.objects.filter(pk=booking.pk).update(
                        clinician_id=clinician_id,
                        starts_at=starts_at,
                        ends_at=starts_at + current.length,
                        sequence=F("sequence") + 1,
                        # Moved to within the lead: the email below is the reminder.
                        reminder_sent_at=now if starts_at - now <= lead else None,
                        updated_at=now,
                    )
                break
            except IntegrityError as error:
                if not _is_overlap(error):
                    raise
        else:
            raise SlotTakenError
        booking = Booking.objects.select_related("clinician__person", "request").get(pk=booking.pk)
        emails = [booking_client_email_queue(booking=booking, kind="moved")]
        if not by_staff:
            emails.append(_staff_email_queue(booking=booking, change="moved"))
        emails_send_soon(emails)
    return booking


def booking_mark(*, booking, status):
    """Record that the client came or did not come; return whether the booking changed."""
    if status not in (Booking.Status.ATTENDED, Booking.Status.NO_SHOW):
        raise ValueError(status)
    changed = (
        Booking.objects.filter(pk=booking.pk)
        .exclude(status=Booking.Status.CANCELLED)
        .update(status=status, updated_at=timezone.now())
    )
    return bool(changed)


def bookings_remind_due():
    """Queue the reminder of every booking that is now within the reminder lead (a worker job).

    Exactly once: the claim (reminder_sent_at) and the queued email commit together, so a
    worker killed at any moment leaves either both or neither. Delivery then goes through the
    mail queue, which repeats at most the one message the mail server was taking at a kill.
    """
    lead = timedelta(hours=BookingSettings.load().reminder_lead_hours)
    now = timezone.now()
    due = Booking.objects.filter(
        status=Booking.Status.BOOKED,
        reminder_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + lead,
        # Booked less than the lead ahead: the confirmation was the reminder.
        created_at__lte=F("starts_at") - lead,
    )
    for booking_id in due.values_list("id", flat=True):
        with transaction.atomic():
            claimed = Booking.objects.filter(
                id=booking_id, status=Booking.Status.BOOKED, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if not claimed:
                continue
            booking = Booking.objects.select_related("clinician__person", "request").get(
                id=booking_id
            )
            emails_send_soon([booking_client_email_queue(booking=booking, kind="reminder")])
