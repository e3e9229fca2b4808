from datetime import timedelta

import phonenumbers
from django.conf import settings
from django.db import models
from django.utils import timezone

STAFF_GROUP = "Consultation staff"

# Bump the version whenever CONSENT_TEXT changes, so each request records what its sender agreed to.
CONSENT_VERSION = "2025-01"
CONSENT_TEXT = (
    "I agree that Solenne Med Spa may contact me about this consultation request "
    "by the method I chose. My details are kept only as long as needed to follow up."
)


class ConsultationRequestQuerySet(models.QuerySet):
    def new(self):
        """Return the requests nobody has handled yet."""
        return self.filter(status=ConsultationRequest.Status.NEW)

    def older_than(self, days):
        """Return the requests created more than `days` days ago."""
        return self.filter(created_at__lt=timezone.now() - timedelta(days=days))


class ConsultationRequest(models.Model):
    """A visitor's request for a free consultation, and how staff followed it up."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        CONTACTED = "contacted", "Contacted"
        BOOKED = "booked", "Booked"
        CLOSED = "closed", "Closed"
        DECLINED = "declined", "Declined"

    class ContactMethod(models.TextChoices):
        CALL = "call", "Phone call"
        TEXT = "text", "Text message"
        EMAIL = "email", "Email"

    class PreferredTime(models.TextChoices):
        WEEKDAY_MORNINGS = "weekday_mornings", "Weekday mornings"
        WEEKDAY_AFTERNOONS = "weekday_afternoons", "Weekday afternoons"
        WEEKDAY_EVENINGS = "weekday_evenings", "Weekday evenings"
        SATURDAY = "saturday", "Saturday"

    name = models.CharField(max_length=100, help_text="The name the client gave.")
    email = models.EmailField(max_length=254, help_text="The client's email address.")
    phone = models.CharField(
        max_length=20, help_text="The client's phone number in international form."
    )
    treatment = models.ForeignKey(
        "treatments.Treatment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation_requests",
        help_text="The treatment the client asked about; empty means 'not sure yet'.",
    )
    contact_method = models.CharField(
        "preferred contact",
        max_length=10,
        choices=ContactMethod.choices,
        help_text="How the client would like to be contacted.",
    )
    preferred_times = models.JSONField(
        default=list, blank=True, help_text="When the client would like to be contacted."
    )
    message = models.TextField(
        max_length=1000, blank=True, help_text="Anything else the client wrote to us."
    )

    consent_version = models.CharField(
        max_length=20, editable=False, help_text="Version of the consent wording the client saw."
    )
    consented_at = models.DateTimeField(editable=False, help_text="When the client gave consent.")
    referrer_path = models.CharField(
        "came from",
        max_length=200,
        blank=True,
        editable=False,
        help_text="The page on this site the client came from.",
    )
    preselected_treatment = models.ForeignKey(
        "treatments.Treatment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="The treatment the form was opened for, e.g. from a treatment page.",
    )
    submission_key = models.UUIDField(
        editable=False, help_text="One-time key of the form that sent this request."
    )
    emails = models.ManyToManyField(
        "post_office.Email",
        blank=True,
        editable=False,
        related_name="+",
        help_text="The notification and confirmation emails about this request.",
    )

    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.NEW,
        help_text="Where this request stands.",
    )
    staff_notes = models.TextField(
        blank=True, help_text="Internal notes for the team; never shown to the client."
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        limit_choices_to={"is_staff": True},
        related_name="consultation_requests",
        help_text="The team member following this request up.",
    )
    created_at = models.DateTimeField("received", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConsultationRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission_key"], name="consultation_submission_key_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["new", "contacted", "booked", "closed", "declined"]),
                name="consultation_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(contact_method__in=["call", "text", "email"]),
                name="consultation_contact_method_valid",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.created_at:%Y-%m-%d})" if self.created_at else self.name

    @property
    def phone_display(self):
        """Return the phone number as people read it, e.g. (503) 555-0142."""
        try:
            number = phonenumbers.parse(self.phone, None)
        except phonenumbers.NumberParseException:
            return self.phone
        style = (
            phonenumbers.PhoneNumberFormat.NATIONAL
            if phonenumbers.region_code_for_number(number) == "US"
            else phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
        return phonenumbers.format_number(number, style)

    @property
    def preferred_times_display(self):
        """Return the preferred times as readable labels, e.g. "Weekday mornings, Saturday"."""
        labels = dict(self.PreferredTime.choices)
        return ", ".join(labels.get(value, value) for value in self.preferred_times) or "Any time"
