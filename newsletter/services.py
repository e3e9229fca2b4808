"""Signups, confirmations, unsubscribes and announcements: every newsletter side effect."""

import contextlib
import logging
import smtplib
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from post_office.models import Email

from articles.models import Article
from base.email import email_queue, emails_send_now, emails_send_soon
from base.models import BusinessProfile
from newsletter.models import (
    CONSENT_WORDINGS,
    Announcement,
    Delivery,
    Subscriber,
)

logger = logging.getLogger(__name__)

CONFIRM_SALT = "newsletter.confirm"
CONFIRM_MAX_AGE = timedelta(days=3)
# A pending address gets at most one confirmation email in this time, however often it is
# submitted, so nobody can flood someone else's inbox through the form.
RESEND_AFTER = timedelta(minutes=10)
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
CONFIRM_SUBJECT = "Please confirm your subscription to Solenne's guides"
# An unsent claim this old belongs to a run that died mid-send; a new run may take it over.
CLAIM_TIMEOUT = timedelta(minutes=10)
# A failed announcement waits this long before the worker tries it again.
RETRY_AFTER = timedelta(minutes=5)


class NewsletterError(Exception):
    """A send that cannot go ahead; the message is safe to show staff and to log."""


class ArticleNotPublishedError(NewsletterError):
    pass


class SendStoppedError(NewsletterError):
    pass


@dataclass
class SendResult:
    sent: int = 0
    refused: int = 0  # addresses the mail server refused for good
    held: int = 0  # recipients claimed by another run that is still in progress


# -- Tokens ---------------------------------------------------------------------------------------


def confirm_token(subscriber):
    """Return a signed confirmation token that expires after CONFIRM_MAX_AGE."""
    return signing.dumps(subscriber.pk, salt=CONFIRM_SALT)


def unsubscribe_token(subscriber):
    """Return a signed unsubscribe token that never expires."""
    return signing.dumps(subscriber.pk, salt=UNSUBSCRIBE_SALT)


def subscriber_from_confirm_token(token):
    """Return the subscriber or None; raise SignatureExpired or BadSignature for bad tokens."""
    pk = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    return Subscriber.objects.filter(pk=pk).first()


def subscriber_from_unsubscribe_token(token):
    """Return the subscriber or None; raise BadSignature for a tampered token."""
    pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    return Subscriber.objects.filter(pk=pk).first()


def _site_url(name, token):
    return f"{settings.SITE_URL}{reverse(name, args=[token])}"


# -- Subscribers ----------------------------------------------------------------------------------


def subscriber_signup(*, email, consent_version, source_path=""):
    """Record a signup and email a confirmation link, unless confirmed or emailed just now."""
    email = email.strip().lower()
    consent = {
        "status": Subscriber.Status.PENDING,
        "consent_version": consent_version,
        "consent_text": CONSENT_WORDINGS[consent_version],
        "source_path": source_path,
        "signed_up_at": timezone.now(),
        "confirmed_at": None,
    }
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
        if subscriber is None:
            try:
                with transaction.atomic():
                    subscriber = Subscriber.objects.create(email=email, **consent)
            except IntegrityError:
                return None  # the same address signed up at this very moment
        elif subscriber.status == Subscriber.Status.CONFIRMED or _emailed_recently(subscriber):
            return subscriber
        else:
            for field, value in consent.items():
                setattr(subscriber, field, value)
            subscriber.save()
        transaction.on_commit(partial(confirmation_email_send, subscriber=subscriber))
    return subscriber


def _emailed_recently(subscriber):
    return (
        subscriber.status == Subscriber.Status.PENDING
        and subscriber.signed_up_at > timezone.now() - RESEND_AFTER
    )


def confirmation_email_send(*, subscriber):
    """Queue the double opt-in email with its expiring confirmation link."""
    context = {
        "business": BusinessProfile.load(),
        "confirm_url": _site_url("newsletter:confirm", confirm_token(subscriber)),
        "valid_days": CONFIRM_MAX_AGE.days,
    }
    email = email_queue(
        to=subscriber.email,
        subject=CONFIRM_SUBJECT,
        template="newsletter/email/confirm",
        context=context,
    )
    emails_send_soon([email])


def subscriber_confirm(*, subscriber):
    """Mark a pending subscriber confirmed; confirming twice changes nothing."""
    Subscriber.objects.filter(pk=subscriber.pk, status=Subscriber.Status.PENDING).update(
        status=Subscriber.Status.CONFIRMED, confirmed_at=timezone.now()
    )


def subscribers_unsubscribe(*, subscribers):
    """Take these subscribers off the list at once; return how many were still on it."""
    return subscribers.exclude(status=Subscriber.Status.UNSUBSCRIBED).update(
        status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now()
    )


@dataclass
class PurgeResult:
    unconfirmed: int = 0
    unsubscribed: int = 0
    deliveries: int = 0
    emails: int = 0


def subscribers_purge(*, unconfirmed_older_than_days, unsubscribed_older_than_days):
    """Delete signups never confirmed and addresses unsubscribed longer ago than the given days."""
    now = timezone.now()
    never_confirmed = Q(
        status=Subscriber.Status.PENDING,
        signed_up_at__lt=now - timedelta(days=unconfirmed_older_than_days),
    )
    left = Q(
        status=Subscriber.Status.UNSUBSCRIBED,
        unsubscribed_at__lt=now - timedelta(days=unsubscribed_older_than_days),
    )
    result = PurgeResult()
    with transaction.atomic():
        stale = Subscriber.objects.filter(never_confirmed | left)
        result.unconfirmed = stale.filter(never_confirmed).count()
        result.unsubscribed = stale.filter(left).count()
        # Their confirmation emails hold the address too; the emails' logs go with them.
        confirmations = Email.objects.filter(subject=CONFIRM_SUBJECT, to__in=stale.values("email"))
        result.emails = confirmations.delete()[1].get(Email._meta.label, 0)
        result.deliveries = stale.delete()[1].get(Delivery._meta.label, 0)
    return result


# -- Announcements --------------------------------------------------------------------------------


def announcement_subject(article):
    # Staff write titles, but a header must never carry a line break.
    return " ".join(article.title.split())


def announcement_context(*, article, intro, unsubscribe_url):
    """Return what the announcement templates show: the guide card, the intro, the footer."""
    return {
        "article": article,
        "intro": intro,
        "article_url": f"{settings.SITE_URL}{article.get_absolute_url()}",
        "unsubscribe_url": unsubscribe_url,
        "business": BusinessProfile.load(),
    }


def announcement_message(*, article, subscriber, connection, intro=""):
    """Build one subscriber's announcement email with its one-click unsubscribe headers."""
    unsubscribe_url = _site_url("newsletter:unsubscribe", unsubscribe_token(subscriber))
    context = announcement_context(article=article, intro=intro, unsubscribe_url=unsubscribe_url)
    message = EmailMultiAlternatives(
        subject=announcement_subject(article),
        body=render_to_string("newsletter/email/announcement.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        render_to_string("newsletter/email/announcement.html", context), "text/html"
    )
    return message


def _delivery_claim(*, article, subscriber_id):
    """Return a claimed Delivery, or None when another run holds it or it was sent."""
    now = timezone.now()
    try:
        with transaction.atomic():
            return Delivery.objects.create(
                article=article, subscriber_id=subscriber_id, claimed_at=now
            )
    except IntegrityError:
        pass
    taken = Delivery.objects.filter(
        article=article,
        subscriber_id=subscriber_id,
        sent_at__isnull=True,
        claimed_at__lt=now - CLAIM_TIMEOUT,
    ).update(claimed_at=now)
    return Delivery.objects.get(article=article, subscriber_id=subscriber_id) if taken else None


def newsletter_recipients(*, article):
    """Return the confirmed subscribers who have not received this guide's announcement."""
    served = Delivery.objects.filter(subscriber=OuterRef("pk"), article=article).filter(
        Q(sent_at__isnull=False) | ~Q(refused="")
    )
    return Subscriber.objects.confirmed().filter(~Exists(served))


def newsletter_send(*, article, intro="", progress=None, progress_every=100):
    """Send the guide's announcement once to every confirmed subscriber not yet served."""
    if not Article.objects.published().filter(pk=article.pk).exists():
        raise ArticleNotPublishedError(f'"{article}" is not published, so it cannot be announced.')
    recipient_ids = list(
        newsletter_recipients(article=article).order_by("pk").values_list("pk", flat=True)
    )
    total = len(recipient_ids)
    result = SendResult()
    connection = get_connection(settings.POST_OFFICE["BACKENDS"]["default"])
    try:
        connection.open()
        for subscriber_id in recipient_ids:
            delivery = _delivery_claim(article=article, subscriber_id=subscriber_id)
            if delivery is None:
                result.held += 1
                continue
            # Someone may have unsubscribed since the list was read.
            subscriber = Subscriber.objects.confirmed().filter(pk=subscriber_id).first()
            if subscriber is None:
                delivery.delete()
                continue
            message = announcement_message(
                article=article, subscriber=subscriber, connection=connection, intro=intro
            )
            try:
                message.send()
            except smtplib.SMTPRecipientsRefused as error:
                if not _refused_for_good(error):
                    delivery.delete()
                    raise SendStoppedError(_stopped_message(error, result.sent, total)) from error
                # One dead address must not block the list: record it and move on.
                Delivery.objects.filter(pk=delivery.pk).update(refused=_error_reason(error))
                result.refused += 1
                continue
            except (smtplib.SMTPException, OSError) as error:
                delivery.delete()
                raise SendStoppedError(_stopped_message(error, result.sent, total)) from error
            Delivery.objects.filter(pk=delivery.pk).update(sent_at=timezone.now())
            result.sent += 1
            if progress and result.sent % progress_every == 0:
                progress(result.sent, total)
    except (smtplib.SMTPException, OSError) as error:
        raise SendStoppedError(_stopped_message(error, result.sent, total)) from error
    finally:
        # If the server already hung up, there is nothing left to close and nothing is lost.
        with contextlib.suppress(smtplib.SMTPException, OSError):
            connection.close()
    return result


def _smtp_codes(error):
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return [code for code, _reply in error.recipients.values()]
    code = getattr(error, "smtp_code", None)
    return [code] if code else []


def _refused_for_good(error):
    codes = _smtp_codes(error)
    return bool(codes) and all(code >= 500 for code in codes)


def _error_reason(error):
    # Only the error's type and SMTP code: server replies may quote the recipient's address.
    codes = " ".join(str(code) for code in _smtp_codes(error))
    return f"{type(error).__name__} {codes}".strip()


def _stopped_message(error, sent, total):
    reason = _error_reason(error)
    return (
        f"The mail server stopped the send ({reason}) after {sent} of {total} messages. "
        "Nobody was sent a copy twice; run the send again to reach the rest."
    )


def announcement_request(*, article, user, intro=""):
    """Queue the guide's announcement for the worker (again, if it ran before).

    A guide scheduled to go live later is announced by the worker once it is live.
    """
    Announcement.objects.update_or_create(
        article=article,
        defaults={
            "intro": intro,
            "requested_at": timezone.now(),
            "requested_by": user,
            "started_at": None,
            "finished_at": None,
            "last_error": "",
        },
    )


def announcement_send(*, announcement, progress=None, progress_every=100):
    """Run the announcement's send and record how the attempt ended."""
    Announcement.objects.filter(pk=announcement.pk).update(started_at=timezone.now())
    try:
        result = newsletter_send(
            article=announcement.article,
            intro=announcement.intro,
            progress=progress,
            progress_every=progress_every,
        )
    except ArticleNotPublishedError as error:
        # Retrying cannot help until staff publish the guide and ask again.
        Announcement.objects.filter(pk=announcement.pk).update(
            finished_at=timezone.now(), last_error=str(error)
        )
        raise
    except NewsletterError as error:
        Announcement.objects.filter(pk=announcement.pk).update(last_error=str(error))
        raise
    # Recipients held by an interrupted run are served by a later attempt.
    Announcement.objects.filter(pk=announcement.pk).update(
        finished_at=None if result.held else timezone.now(), last_error=""
    )
    return result


def announcements_send_due():
    """Send every queued announcement that is unfinished and not tried in the last few minutes."""
    now = timezone.now()
    due = Announcement.objects.filter(
        finished_at__isnull=True,
        # A guide announced ahead of its publish date waits until it is live.
        article__in=Article.objects.published(),
    ).filter(Q(started_at__isnull=True) | Q(started_at__lt=now - RETRY_AFTER))
    for announcement in due.select_related("article"):
        # Claim the attempt so a second worker process leaves it alone.
        claimed = Announcement.objects.filter(
            pk=announcement.pk, started_at=announcement.started_at
        ).update(started_at=now)
        if not claimed:
            continue
        try:
            announcement_send(announcement=announcement)
        except NewsletterError as error:
            logger.warning("Announcement %s stopped: %s", announcement.pk, error)


def announcement_test_send(*, article, intro, user):
    """Email the announcement as subscribers will get it to this staff member only.

    Through the email queue, tried at once: if the mail server fails, the worker retries.
    """
    context = announcement_context(
        article=article,
        intro=intro,
        # Staff are not subscribers: their copy's unsubscribe link leads to the signup page.
        unsubscribe_url=f"{settings.SITE_URL}{reverse('newsletter:signup')}",
    )
    email = email_queue(
        to=user.email,
        subject=f"Test: {announcement_subject(article)}",
        template="newsletter/email/announcement",
        context=context,
    )
    emails_send_now(email_ids=[email.id])
    email.refresh_from_db()
    return email
