"""Transactional email: rendered once from our templates into post_office's queue, then sent."""

import logging
from email.utils import make_msgid
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from post_office.connections import connections as mail_connections
from post_office.mail import get_queued
from post_office.models import PRIORITY, STATUS, Attachment, Email, Log
from post_office.settings import (
    get_log_level,
    get_max_retries,
    get_message_id_enabled,
    get_message_id_fqdn,
    get_retry_timedelta,
)
from post_office.utils import parse_priority

logger = logging.getLogger(__name__)


def email_queue(*, to, subject, template, context, reply_to=None, attachments=()):
    """Store one email, its bodies rendered from `template`.txt and .html, in the queue.

    The subject is fixed by the caller: nothing a visitor typed ever reaches an email header.
    `attachments` are (filename, content, mimetype) triples, kept in the private
    "email_attachments" storage until the email is deleted.
    """
    # Built here rather than with post_office.mail.send(), which renders subject and bodies once
    # more as Django templates: text a visitor or staff typed, such as "{% ... %}", would run.
    email = Email.objects.create(
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        subject=subject,
        message=render_to_string(f"{template}.txt", context),
        html_message=render_to_string(f"{template}.html", context),
        headers={"Reply-To": reply_to} if reply_to else None,
        # Ahead of bulk mail such as newsletters: these are answers to what someone just did.
        priority=PRIORITY.high,
        status=STATUS.queued,
        message_id=make_msgid(domain=get_message_id_fqdn()) if get_message_id_enabled() else None,
    )
    for filename, content, mimetype in attachments:
        attachment = Attachment(name=filename, mimetype=mimetype)
        attachment.file.save(filename, ContentFile(content), save=True)
        attachment.emails.add(email)
    return email


def emails_delete(email_ids):
    """Delete these emails with their logs, and their attachments with the stored files."""
    attachments = Attachment.objects.filter(emails__in=email_ids)
    for attachment in attachments:
        attachment.file.delete(save=False)
    attachments.delete()
    return Email.objects.filter(id__in=email_ids).delete()[1].get(Email._meta.label, 0)


def emails_send_soon(emails):
    """Send queued emails once the transaction commits when mail goes out at once (DEBUG).

    Otherwise the worker sends them. After commit, so that a mail server failure can never
    undo what the emails are about.
    """
    if parse_priority(None) == PRIORITY.now:
        transaction.on_commit(partial(emails_send_now, email_ids=[email.id for email in emails]))


def _email_dispatch(email):
    """Hand one queued email to the mail server; mark it sent at once, or return the error."""
    try:
        # commit=False: a failure raises instead of marking the email failed for good.
        email.dispatch(commit=False, disconnect_after_delivery=False)
    except Exception as error:
        # The server may have dropped the connection: the next email starts a fresh one.
        mail_connections.close()
        return error
    Email.objects.filter(id=email.id).update(status=STATUS.sent, last_updated=timezone.now())
    return None


def emails_send_now(*, email_ids):
    """Try to send these queued emails at once; any that fail stay queued for the worker."""
    try:
        for email in Email.objects.filter(id__in=email_ids, status=STATUS.queued):
            error = _email_dispatch(email)
            if error is not None:
                # The error text can name recipients: log only its type.
                logger.warning(
                    "Email %s could not be sent now (%s); the worker will retry it",
                    email.id,
                    type(error).__name__,
                )
    finally:
        mail_connections.close()


def emails_send_queued():
    """Send the emails that are due (a worker job), recording each outcome as it happens.

    post_office's own sender marks a whole batch sent at the end, so a worker killed mid-batch
    sent the batch's delivered emails again; here a kill repeats at most the one email the
    mail server was taking at that moment.
    """
    try:
        for email in get_queued():
            error = _email_dispatch(email)
            if error is not None:
                _email_failed(email, error)
    finally:
        mail_connections.close()


def _email_failed(email, error):
    """Schedule another try after the retry interval, or give up after the last one."""
    retries = email.number_of_retries or 0
    now = timezone.now()
    if retries < get_max_retries():
        status, retries, scheduled_time = STATUS.requeued, retries + 1, now + get_retry_timedelta()
    else:
        status, scheduled_time = STATUS.failed, email.scheduled_time
    Email.objects.filter(id=email.id).update(
        status=status, number_of_retries=retries, scheduled_time=scheduled_time, last_updated=now
    )
    if get_log_level() >= 1:
        # Staff see the server's answer in the admin (Post Office › Emails); the log line
        # names only the error's type.
        Log.objects.create(
            email=email,
            status=STATUS.failed,
            message=str(error),
            exception_type=type(error).__name__,
        )
    logger.warning(
        "Email %s could not be sent (%s); %s",
        email.id,
        type(error).__name__,
        "will retry" if status == STATUS.requeued else "gave up after the last retry",
    )
