import uuid
from datetime import timedelta

import phonenumbers
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format

from base.models import OpeningHours

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

    def follow_up_due(self):
        """Return the requests whose follow-up date is today or already past (local date)."""
        return self.filter(follow_up_on__lte=timezone.localdate())

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
    follow_up_on = models.DateField(
        "follow up on",
        null=True,
        blank=True,
        db_index=True,
        help_text="The day someone should get back to the client; empty when nothing is due.",
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
                fields=["submission_key"],
                name="consultation_submission_key_unique",
                violation_error_message="This request has already been sent.",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["new", "contacted", "booked", "closed", "declined"]),
                name="consultation_status_valid",
                violation_error_message="Choose one of the listed statuses.",
            ),
            models.CheckConstraint(
                condition=models.Q(contact_method__in=["call", "text", "email"]),
                name="consultation_contact_method_valid",
                violation_error_message="Choose phone call, text message or email.",
            ),
        ]

    def __str__(self):
        if self.created_at is None:
            return self.name
        return f"{self.name} ({date_format(timezone.localtime(self.created_at), 'M j, Y')})"

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


class RequestNote(models.Model):
    """One dated line in a request's log: a staff note, a status change or an email sent."""

    class Kind(models.TextChoices):
        NOTE = "note", "Note"
        STATUS = "status", "Status change"
        EMAIL = "email", "Email to client"

    request = models.ForeignKey(ConsultationRequest, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.NOTE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who wrote it; empty for notes from before the log existed.",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    text = models.TextField(max_length=2000, help_text="Internal; never shown to the client.")

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["note", "status", "email"]),
                name="consultation_note_kind_valid",
                violation_error_message="Choose note, status change or email.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {date_format(timezone.localtime(self.created_at))}"


class InboxVisit(models.Model):
    """When a staff member last looked at the consultation inbox, for "new since my last visit"."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    seen_at = models.DateTimeField()

    def __str__(self):
        return f"{self.user} saw the inbox at {timezone.localtime(self.seen_at):%Y-%m-%d %H:%M}"


class BookingSettings(models.Model):
    """How free consultations are booked; one record, edited by staff in the admin."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", "In person at the spa"
        VIDEO = "video", "Video call"

    length_minutes = models.PositiveSmallIntegerField(
        "consultation length (minutes)",
        default=30,
        help_text="How long each free consultation lasts.",
    )
    buffer_minutes = models.PositiveSmallIntegerField(
        "break between consultations (minutes)",
        default=0,
        help_text="Time kept free after each consultation before the next one can start.",
    )
    minimum_notice_hours = models.PositiveSmallIntegerField(
        "minimum notice (hours)",
        default=12,
        help_text="Clients cannot book a time that starts sooner than this.",
    )
    booking_window_days = models.PositiveSmallIntegerField(
        "book up to (days ahead)",
        default=28,
        help_text="How far ahead clients can book.",
    )
    mode = models.CharField(
        "where consultations happen",
        max_length=10,
        choices=Mode.choices,
        default=Mode.IN_PERSON,
    )
    location = models.CharField(
        max_length=200,
        blank=True,
        help_text="For in-person consultations: where to come, e.g. the address and floor.",
    )
    video_url = models.URLField(
        "video call link",
        blank=True,
        help_text="For video consultations: the link clients use to join.",
    )
    what_to_bring = models.TextField(
        max_length=1000,
        blank=True,
        help_text="Shown on the confirmation page and in the email, e.g. a list of medicines.",
    )
    reminder_lead_hours = models.PositiveSmallIntegerField(
        "send the reminder (hours before)",
        default=24,
        help_text="How long before the consultation the reminder email goes out.",
    )

    class Meta:
        verbose_name = "booking settings"
        verbose_name_plural = "booking settings"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(length_minutes__gte=5),
                name="booking_length_at_least_5",
                violation_error_message="A consultation lasts at least 5 minutes.",
            ),
            models.CheckConstraint(
                condition=models.Q(mode__in=["in_person", "video"]),
                name="booking_mode_valid",
                violation_error_message="Choose in person or video call.",
            ),
        ]

    def __str__(self):
        return "Booking settings"


class Clinician(models.Model):
    """A team member who takes free consultations."""

    person = models.OneToOneField(
        "base.Person",
        on_delete=models.CASCADE,
        related_name="clinician",
        help_text="The team member, as shown on the site.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        limit_choices_to={"is_staff": True},
        related_name="clinician",
        help_text="Their staff login, if they have one.",
    )
    is_active = models.BooleanField(
        "takes bookings", default=True, help_text="Untick to stop offering their times."
    )

    class Meta:
        ordering = ["person__order", "person__name"]

    def __str__(self):
        return self.person.name


class WorkingHours(models.Model):
    """One window of a clinician's weekly hours; a day may have several."""

    clinician = models.ForeignKey(Clinician, on_delete=models.CASCADE, related_name="working_hours")
    weekday = models.PositiveSmallIntegerField(choices=OpeningHours.Weekday)
    starts = models.TimeField(help_text="Local time, e.g. 09:00.")
    ends = models.TimeField(help_text="Local time, e.g. 13:00.")

    class Meta:
        ordering = ["clinician", "weekday", "starts"]
        verbose_name_plural = "working hours"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")),
                name="working_hours_ends_later",
                violation_error_message="The end time must be later than the start time.",
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"


class TimeOff(models.Model):
    """A stretch when a clinician takes no bookings: leave, a part day, or time staff block."""

    clinician = models.ForeignKey(Clinician, on_delete=models.CASCADE, related_name="time_off")
    starts_at = models.DateTimeField(help_text="From (the spa's local time).")
    ends_at = models.DateTimeField(help_text="Until (the spa's local time).")
    reason = models.CharField(
        max_length=100, blank=True, help_text="For the team only, e.g. 'Training'."
    )

    class Meta:
        ordering = ["starts_at"]
        verbose_name_plural = "time off"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="time_off_ends_later",
                violation_error_message="Time off must end later than it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.clinician} off from {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"


class BookingQuerySet(models.QuerySet):
    def active(self):
        """Return the bookings that hold their time (everything but cancellations)."""
        return self.exclude(status=Booking.Status.CANCELLED)


class Booking(models.Model):
    """A consultation time booked for a request, with one clinician.

    On PostgreSQL an exclusion constraint (migration 0003) refuses two active bookings of one
    clinician whose times overlap, whatever the application does.
    """

    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        CANCELLED = "cancelled", "Cancelled"
        ATTENDED = "attended", "Attended"
        NO_SHOW = "no_show", "No-show"

    request = models.ForeignKey(
        ConsultationRequest,
        on_delete=models.CASCADE,
        related_name="bookings",
        help_text="The client's request this time was booked for.",
    )
    clinician = models.ForeignKey(Clinician, on_delete=models.PROTECT, related_name="bookings")
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BOOKED)
    uid = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, help_text="The calendar invite's UID."
    )
    sequence = models.PositiveIntegerField(
        default=0, editable=False, help_text="Bumped each time the invite changes."
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="booking_ends_later",
                violation_error_message="A booking must end after it starts.",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["booked", "cancelled", "attended", "no_show"]),
                name="booking_status_valid",
                violation_error_message="Choose one of the listed booking statuses.",
            ),
        ]

    def __str__(self):
        return f"{self.request.name}, {timezone.localtime(self.starts_at):%a %d %b %Y %H:%M}"
