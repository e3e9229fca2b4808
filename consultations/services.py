from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables
from post_office.models import Email

from base.email import email_queue, emails_send_soon
from consultations.models import CONSENT_VERSION, ConsultationRequest, RequestNote

# Fixed subjects: nothing a visitor typed ever reaches an email header.
STAFF_SUBJECT = "New consultation request from the website"
CLIENT_SUBJECT = "We received your consultation request"
# Staff write the body; the subject stays fixed and says nothing about health.
STAFF_MESSAGE_SUBJECT = "About your consultation request"


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
):
    """Store a consultation request and queue its two emails, once per submission key."""
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
            context = {
                "consultation": consultation,
                "admin_url": settings.SITE_URL
                + reverse("admin:consultations_consultationrequest_change", args=[consultation.pk]),
                "SITE_URL": settings.SITE_URL,
            }
            emails = [
                email_queue(
                    to=settings.STAFF_NOTIFICATION_EMAIL,
                    subject=STAFF_SUBJECT,
                    template="consultations/email/staff_notification",
                    context=context,
                ),
                email_queue(
                    to=consultation.email,
                    subject=CLIENT_SUBJECT,
                    template="consultations/email/client_confirmation",
                    context=context,
                    reply_to=settings.STAFF_NOTIFICATION_EMAIL,
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


def consultation_requests_purge(*, older_than_days):
    """Delete requests older than the given days and the emails holding their details."""
    with transaction.atomic():
        old = ConsultationRequest.objects.older_than(older_than_days)
        email_ids = list(old.values_list("emails", flat=True).exclude(emails=None))
        # Logs and attachments of these emails go with them (cascade).
        emails_deleted = (
            Email.objects.filter(id__in=email_ids).delete()[1].get(Email._meta.label, 0)
        )
        requests_deleted = old.delete()[1].get(ConsultationRequest._meta.label, 0)
    return requests_deleted, emails_deleted


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
