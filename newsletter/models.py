from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

# Every wording ever shown next to the signup field, by version. Never edit a published one:
# add a new version, so each subscriber's consent record keeps what they actually saw.
CONSENT_WORDINGS = {
    "1": (
        "Email me when Solenne publishes a new honest guide or real prices, about once a month. "
        "No spam; unsubscribe at any time."
    ),
}
CURRENT_CONSENT_VERSION = "1"


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        """Return the subscribers who may receive announcements."""
        return self.filter(status=Subscriber.Status.CONFIRMED)


class Subscriber(models.Model):
    """One email address on the list, with the record of how and when it consented."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    email = models.EmailField(help_text="Stored in lower case; unique regardless of case.")
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.PENDING,
        help_text="Only confirmed subscribers receive announcements.",
    )
    consent_version = models.CharField(
        max_length=20, help_text="Version of the signup wording the subscriber agreed to."
    )
    consent_text = models.TextField(help_text="The exact signup wording the subscriber saw.")
    source_path = models.CharField(
        max_length=200, blank=True, help_text="The page the subscriber signed up on."
    )
    signed_up_at = models.DateTimeField(
        default=timezone.now, help_text="When the address was last submitted on the site."
    )
    confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the subscriber clicked the confirmation link."
    )
    unsubscribed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the subscriber left the list."
    )

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_up_at"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="newsletter_subscriber_email_ci_unique",
                violation_error_message="This email address is already on the list.",
            ),
        ]

    def __str__(self):
        return self.email


class Announcement(models.Model):
    """A request to announce one guide to the list, worked through by the worker or command."""

    article = models.OneToOneField(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="newsletter_announcement",
        help_text="The guide announced to confirmed subscribers.",
    )
    intro = models.TextField(
        "introduction",
        max_length=1000,
        blank=True,
        help_text="A few words from the team above the guide card; plain text.",
    )
    requested_at = models.DateTimeField(default=timezone.now, help_text="When staff asked.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Staff member who asked for the send; empty when run from the command line.",
    )
    started_at = models.DateTimeField(
        null=True, blank=True, help_text="When the latest sending attempt began."
    )
    finished_at = models.DateTimeField(
        null=True, blank=True, help_text="When every confirmed subscriber had been served."
    )
    last_error = models.TextField(
        blank=True, help_text="Why the latest attempt stopped, if it did."
    )

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self):
        return f"Announcement of {self.article}"


class Delivery(models.Model):
    """One subscriber's copy of one announcement: claimed before sending, marked once sent."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="newsletter_deliveries"
    )
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    refused = models.CharField(
        max_length=100, blank=True, help_text="Why the mail server refused this address for good."
    )

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "subscriber"],
                name="newsletter_delivery_once_per_subscriber",
                violation_error_message="This subscriber has already been sent this guide.",
            ),
        ]

    def __str__(self):
        return f"{self.article} to {self.subscriber}"
