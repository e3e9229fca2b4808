from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from base.cache import content_cached
from base.images import PortraitImageField

PROFILE_CACHE_KEY = "base:business-profile"


class BusinessProfile(models.Model):
    """The spa's contact details, shown in the header, footer and structured data."""

    SOCIAL_PROFILE_FIELDS = ["instagram_url", "facebook_url", "tiktok_url", "youtube_url"]

    name = models.CharField(max_length=100, help_text="The spa's public name.")
    tagline = models.CharField(
        max_length=160, blank=True, help_text="One line under the name, e.g. 'Honest advice'."
    )
    phone = models.CharField(
        max_length=30, help_text="Phone number as visitors should read it, e.g. (503) 555-0142."
    )
    phone_e164 = models.CharField(
        "phone for dialling",
        max_length=20,
        help_text="The same number in international form for click-to-call, e.g. +15035550142.",
    )
    email = models.EmailField(help_text="Public contact address.")
    street_address = models.CharField(max_length=200, help_text="Street and suite.")
    locality = models.CharField("city", max_length=100)
    region = models.CharField("state", max_length=50, help_text="Two-letter state, e.g. OR.")
    postal_code = models.CharField("ZIP code", max_length=20)
    country = models.CharField(max_length=2, default="US", help_text="Two-letter country code.")
    booking_url = models.URLField(
        blank=True, help_text="Optional online booking page; leave empty to use the site's form."
    )
    google_profile_url = models.URLField(
        blank=True, help_text="The spa's Google Business Profile, linked under reviews."
    )
    map_url = models.URLField(blank=True, help_text="Optional link to directions on a map.")
    instagram_url = models.URLField(
        "Instagram", blank=True, help_text="Full address of the spa's Instagram profile."
    )
    facebook_url = models.URLField(
        "Facebook", blank=True, help_text="Full address of the spa's Facebook page."
    )
    tiktok_url = models.URLField(
        "TikTok", blank=True, help_text="Full address of the spa's TikTok profile."
    )
    youtube_url = models.URLField(
        "YouTube", blank=True, help_text="Full address of the spa's YouTube channel."
    )
    medical_disclaimer = models.TextField(
        max_length=600,
        help_text="Short notice shown in every page footer.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "business profile"
        verbose_name_plural = "business profile"
        constraints = [
            # One row only: the site has one business profile.
            models.CheckConstraint(
                condition=models.Q(id=1),
                name="business_profile_singleton",
                violation_error_message="There is only one business profile: edit that one.",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        """Return the profile with its weekly hours, cached; None until someone creates it."""
        # A missing profile is cached as False; any content change (a profile or hours edit
        # included) starts a fresh entry.
        return content_cached(PROFILE_CACHE_KEY, cls._load_uncached) or None

    @classmethod
    def _load_uncached(cls):
        # Read from the hours' side so that the profile and its hours cost one query.
        hours = list(OpeningHours.objects.select_related("profile"))
        profile = hours[0].profile if hours else cls.objects.first()
        for row in hours:  # one shared profile, not a copy per row, in the cached object
            row.profile = profile
        if profile is not None:
            profile.weekly_hours = hours
        return profile or False

    @property
    def social_profiles(self):
        """Return (label, url) for each social profile staff filled in."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in self.SOCIAL_PROFILE_FIELDS
            if getattr(self, name)
        ]


class OpeningHours(models.Model):
    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    profile = models.ForeignKey(
        BusinessProfile, on_delete=models.CASCADE, related_name="opening_hours"
    )
    weekday = models.PositiveSmallIntegerField(
        choices=Weekday, help_text="Days not listed are shown as closed."
    )
    opens = models.TimeField(help_text="Opening time, e.g. 09:00.")
    closes = models.TimeField(help_text="Closing time, e.g. 18:00.")

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name_plural = "opening hours"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")), name="opening_hours_closes_later"
            ),
            models.UniqueConstraint(
                fields=["profile", "weekday"], name="opening_hours_one_per_day"
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    @property
    def schema_day(self):
        return f"https://schema.org/{self.get_weekday_display()}"


class Person(models.Model):
    """A member of the team; guide authors and medical reviewers are people too."""

    name = models.CharField(max_length=100, help_text="Full name as shown on the site.")
    slug = models.SlugField(unique=True, help_text="Used in the address of their page.")
    role = models.CharField(max_length=100, help_text="e.g. Founder and director.")
    credentials = models.CharField(
        max_length=200, blank=True, help_text="Licences and qualifications, e.g. MD, RN."
    )
    bio = models.TextField(max_length=2000, help_text="A short plain-text biography.")
    photo = PortraitImageField(
        upload_to="people/",
        blank=True,
        help_text="Portrait photo (JPEG, PNG or WebP); it is cropped square from the centre.",
    )
    photo_alt = models.CharField(
        max_length=200, blank=True, help_text="Describe the photo for people who cannot see it."
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Order on the About page.")
    is_on_team_page = models.BooleanField(
        "show on the About page", default=True, help_text="Untick to hide from the About page."
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})

    @property
    def about_url(self):
        return reverse("pages:about") + f"#{self.slug}"


class EdgePurgeQuerySet(models.QuerySet):
    def due(self):
        """Return the purges the worker should send now (including any a dead worker left)."""
        return self.filter(
            status__in=[EdgePurge.Status.QUEUED, EdgePurge.Status.SENDING],
            next_attempt_at__lte=timezone.now(),
        )


class EdgePurge(models.Model):
    """A purge of every shared page from the edge (CDN or caching proxy), sent by the worker."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        DONE = "done", "Purged"

    status = models.CharField(
        max_length=10,
        choices=Status,
        default=Status.QUEUED,
        help_text="Waiting purges are sent by the worker within seconds, and retried on errors.",
    )
    requested_at = models.DateTimeField(
        default=timezone.now, help_text="When content changed and the purge was queued."
    )
    attempts = models.PositiveIntegerField(
        default=0, help_text="How many times the worker has sent it to the edge."
    )
    next_attempt_at = models.DateTimeField(
        default=timezone.now, help_text="When the worker sends it (again)."
    )
    last_error = models.TextField(
        blank=True, help_text="Why the last attempt failed; empty once the edge has purged."
    )
    purged_at = models.DateTimeField(
        null=True, blank=True, help_text="When the edge confirmed the purge."
    )

    objects = EdgePurgeQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = "edge cache purge"
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="edge_purge_due")]

    def __str__(self):
        return f"Purge of {date_format(timezone.localtime(self.requested_at), 'DATETIME_FORMAT')}"
