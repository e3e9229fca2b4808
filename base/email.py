"""Transactional email: rendered once from our templates into post_office's queue, then sent."""

import logging
from email.utils import make_msgid
from functools import partial

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from post_office.models import PRIORITY, STATUS, Email
from post_office.settings import get_message_id_enabled, get_message_id_fqdn
from post_office.utils import parse_priority

logger = logging.getLogger(__name__)


def email_queue(*, to, subject, template, context, reply_to=None):
    """Store one email, its bodies rendered from `template`.txt and .html, in the queue.

    The subject is fixed by the caller: nothing a visitor typed ever reaches an email header.
    """
    # Built here rather than with post_office.mail.send(), which renders subject and bodies once
    # more as Django templates: text a visitor or staff typed, such as "{% ... %}", would run.
    return Email.objects.create(
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


def emails_send_soon(emails):
    """Send queued emails once the transaction commits when mail goes out at once (DEBUG).

    Otherwise the worker sends them. After commit, so that a mail server failure can never
    undo what the emails are about.
    """
    if parse_priority(None) == PRIORITY.now:
        transaction.on_commit(partial(emails_send_now, email_ids=[email.id for email in emails]))


def emails_send_now(*, email_ids):
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
