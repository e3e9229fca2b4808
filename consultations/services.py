import logging
from email.utils import make_msgid
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables
from post_office.models import PRIORITY, STATUS, Email
from post_office.settings import get_message_id_enabled, get_message_id_fqdn
from post_office.utils import parse_priority

from consultations.models import CONSENT_VERSION, ConsultationRequest

logger = logging.getLogger(__name__)

# Fixed subjects: nothing a visitor typed ever reaches an email header.
STAFF_SUBJECT = "New consultation request from the website"
CLIENT_SUBJECT = "We received your consultation request"


def _email_queue(*, to, template, context, subject, reply_to=None):
    """Store one email, rendered from our .txt and .html templates, in post_office's queue."""
    # Built here rather than with post_office.mail.send(), which renders subject and bodies once
    # more as Django templates: a visitor typing "{% ... %}" could then run template code.
    return Email.objects.create(
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        subject=subject,
        message=render_to_string(f"consultations/email/{template}.txt", context),
        html_message=render_to_string(f"consultations/email/{template}.html", context),
        headers={"Reply-To": reply_to} if reply_to else None,
        # Ahead of bulk mail such as newsletters: staff should hear about requests at once.
        priority=PRIORITY.high,
        status=STATUS.queued,
        message_id=make_msgid(domain=get_message_id_fqdn()) if get_message_id_enabled() else None,
    )


def consultation_emails_send_now(*, email_ids):
    """Try to send these queued emails at once; any that fail stay queued for the worker."""
    for email in Email.objects.filter(id__in=email_ids, status=STATUS.queued):
        try:
            # commit=False: a failure raises instead of marking the email failed for good.
            email.dispatch(commit=False)
        except Exception as error:
            # The error text can name recipients: log only its type.
            logger.warning(
                "Email %s could not be sent now (%s); the worker will retry it",
                email.id,
                type(error).__name__,
            )
        else:
            Email.objects.filter(id=email.id).update(
                status=STATUS.sent, last_updated=timezone.now()
            )


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
                _email_queue(
                    to=settings.STAFF_NOTIFICATION_EMAIL,
                    template="staff_notification",
                    context=context,
                    subject=STAFF_SUBJECT,
                ),
                _email_queue(
                    to=consultation.email,
                    template="client_confirmation",
                    context=context,
                    subject=CLIENT_SUBJECT,
                    reply_to=settings.STAFF_NOTIFICATION_EMAIL,
                ),
            ]
            consultation.emails.set(emails)
            if parse_priority(None) == PRIORITY.now:
                # After commit, so that a mail server failure can never undo the stored request.
                transaction.on_commit(
                    partial(consultation_emails_send_now, email_ids=[e.id for e in emails])
                )
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
