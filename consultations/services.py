from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from base.email import email_queue, emails_delete, emails_send_soon
from consultations.booking import booking_create
from consultations.lifecycle import booking_invite_attachment, booking_manage_url
from consultations.models import (
    CONSENT_VERSION,
    Booking,
    BookingSettings,
    ConsultationRequest,
    RequestNote,
)

# Fixed subjects: nothing a visitor typed ever reaches an email header, and no treatment either.
STAFF_SUBJECT = "New consultation request from the website"
CLIENT_SUBJECT = "We received your consultation request"
# Staff write the body; the subject stays fixed and says nothing about health.
STAFF_MESSAGE_SUBJECT = "About your consultation request"
STAFF_BOOKED_SUBJECT = "New consultation booked on the website"
CLIENT_BOOKED_SUBJECT = "Your free consultation is booked"


# Every local and every frame below holds personal data: keep them all out of error reports.
@sensitive_variables()
def consultation_request_create(
    *,
    submission_key,
    name,
    email,
    phone,
    contact_method,
    treatment=None,
    preferred_times=(),
    message="",
    referrer_path="",
    preselected_treatment=None,
    starts_at=None,
):
    """Store a consultation request and queue its two emails, once per submission key.

    With starts_at (an aware datetime, a free time from consultations.availability) the request
    also books that time with a free clinician (`request.bookings`), and the emails name it.
    Raises SlotTakenError, storing and sending nothing, when nobody is free then any more. A
    submission key seen before returns the earlier request, booked or not, and sends nothing.
    """
    existing = ConsultationRequest.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            consultation = ConsultationRequest.objects.create(
                submission_key=submission_key,
                name=name,
                email=email,
                phone=phone,
                contact_method=contact_method,
                treatment=treatment,
                preferred_times=list(preferred_times),
                message=message,
                consent_version=CONSENT_VERSION,
                consented_at=timezone.now(),
                referrer_path=referrer_path[:200],
                preselected_treatment=preselected_treatment,
            )
            booking = (
                booking_create(request=consultation, starts_at=starts_at) if starts_at else None
            )
            context = {
                "consultation": consultation,
                "booking": booking,
                "booking_settings": BookingSettings.load() if booking else None,
                "confirmation_url": settings.SITE_URL + booking.get_absolute_url()
                if booking
                else "",
                "manage_url": booking_manage_url(booking) if booking else "",
                "admin_url": settings.SITE_URL
                + reverse("admin:consultations_consultationrequest_change", args=[consultation.pk]),
                "SITE_URL": settings.SITE_URL,
            }
            emails = [
                email_queue(
                    to=settings.STAFF_NOTIFICATION_EMAIL,
                    subject=STAFF_BOOKED_SUBJECT if booking else STAFF_SUBJECT,
                    template="consultations/email/staff_notification",
                    context=context,
                ),
                email_queue(
                    to=consultation.email,
                    subject=CLIENT_BOOKED_SUBJECT if booking else CLIENT_SUBJECT,
                    template="consultations/email/client_confirmation",
                    context=context,
                    reply_to=settings.STAFF_NOTIFICATION_EMAIL,
                    attachments=[booking_invite_attachment(booking=booking)] if booking else [],
                ),
            ]
            consultation.emails.set(emails)
            emails_send_soon(emails)
    except IntegrityError:
        # A simultaneous submission with the same key won the race: answer with its request.
        existing = ConsultationRequest.objects.filter(submission_key=submission_key).first()
        if existing is None:
            raise
        return existing
    return consultation


@sensitive_variables()
def booking_create_for_client(*, submission_key, name, email, phone, starts_at, staff_user):
    """Book a time for a client who called; return the booking. Raises SlotTakenError.

    The same path as the public form (the client gets the same confirmation, invite and
    link), with the request marked booked and assigned to the staff member who took the call.
    """
    consultation = consultation_request_create(
        submission_key=submission_key,
        name=name,
        email=email,
        phone=phone,
        contact_method=ConsultationRequest.ContactMethod.CALL,
        starts_at=starts_at,
    )
    ConsultationRequest.objects.filter(pk=consultation.pk, assigned_to=None).update(
        status=ConsultationRequest.Status.BOOKED, assigned_to=staff_user
    )
    return consultation.bookings.get()


def consultation_requests_purge(*, older_than_days):
    """Delete requests older than the given days, their bookings and the emails about them.

    A request whose booked time is more recent than that stays until its time is as old.
    Return the numbers of requests, bookings and emails deleted.
    """
    cutoff = timezone.now() - timedelta(days=older_than_days)
    with transaction.atomic():
        old = ConsultationRequest.objects.older_than(older_than_days).exclude(
            bookings__starts_at__gte=cutoff
        )
        email_ids = list(old.values_list("emails", flat=True).exclude(emails=None))
        emails_deleted = emails_delete(email_ids)
        deleted = old.delete()[1]  # bookings go with their request (cascade)
    return (
        deleted.get(ConsultationRequest._meta.label, 0),
        deleted.get(Booking._meta.label, 0),
        emails_deleted,
    )


def request_note_add(*, consultation, author, text, kind=RequestNote.Kind.NOTE):
    """Add one dated line to a request's log; earlier lines are never changed."""
    return RequestNote.objects.create(request=consultation, author=author, text=text, kind=kind)


def requests_status_set(*, consultations, status, author):
    """Set the status of these requests, logging the change on each one that changes."""
    changed = 0
    with transaction.atomic():
        for consultation in consultations.exclude(status=status).select_for_update(of=("self",)):
            previous = consultation.status
            consultation.status = status
            consultation.save(update_fields=["status", "updated_at"])
            request_status_change_log(consultation=consultation, previous=previous, author=author)
            changed += 1
    return changed


def request_status_change_log(*, consultation, previous, author):
    """Record in the request's log that its status changed from `previous` to the current one."""
    return request_note_add(
        consultation=consultation,
        author=author,
        kind=RequestNote.Kind.STATUS,
        text=f"Status changed from {ConsultationRequest.Status(previous).label} "
        f"to {consultation.get_status_display()}.",
    )


@sensitive_variables()
def client_email_send(*, consultation, author, message):
    """Queue a staff-written email to the client and keep a copy in the request's log."""
    with transaction.atomic():
        sent = email_queue(
            to=consultation.email,
            subject=STAFF_MESSAGE_SUBJECT,
            template="consultations/email/staff_message",
            context={
                "consultation": consultation,
                "message": message,
                "sender": author.get_full_name() or author.get_username(),
                "SITE_URL": settings.SITE_URL,
            },
            reply_to=settings.STAFF_NOTIFICATION_EMAIL,
        )
        consultation.emails.add(sent)
        request_note_add(
            consultation=consultation, author=author, kind=RequestNote.Kind.EMAIL, text=message
        )
        emails_send_soon([sent])
    return sent
