from django.core.cache import cache
from django.db import models
from django.urls import reverse

PROFILE_CACHE_KEY = "base:business-profile"


class BusinessProfile(models.Model):
    """The spa's contact details, shown in the header, footer and structured data."""

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
            models.CheckConstraint(condition=models.Q(id=1), name="business_profile_singleton"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        """Return the profile, cached; None until staff (or demo content) create it."""
        profile = cache.get(PROFILE_CACHE_KEY)
        if profile is None:
            profile = cls.objects.prefetch_related("opening_hours", "social_links").first()
            if profile is not None:
                cache.set(PROFILE_CACHE_KEY, profile, 300)
        return profile


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
            models.UniqueConstraint(fields=["profile", "weekday"], name="opening_hours_one_per_day"),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    @property
    def schema_day(self):
        return f"https://schema.org/{self.get_weekday_display()}"


class SocialLink(models.Model):
    profile = models.ForeignKey(
        BusinessProfile, on_delete=models.CASCADE, related_name="social_links"
    )
    label = models.CharField(max_length=40, help_text="Shown to visitors, e.g. Instagram.")
    url = models.URLField(help_text="Full address of the profile page.")
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    class Meta:
        ordering = ["order", "label"]

    def __str__(self):
        return self.label


class Person(models.Model):
    """A member of the team; guide authors and medical reviewers are people too."""

    name = models.CharField(max_length=100, help_text="Full name as shown on the site.")
    slug = models.SlugField(unique=True, help_text="Used in the address of their page.")
    role = models.CharField(max_length=100, help_text="e.g. Founder and director.")
    credentials = models.CharField(
        max_length=200, blank=True, help_text="Licences and qualifications, e.g. MD, RN."
    )
    bio = models.TextField(max_length=2000, help_text="A short plain-text biography.")
    photo = models.ImageField(
        upload_to="people/", blank=True, help_text="Square portrait, at least 400 pixels wide."
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
        return reverse("base:about") + f"#{self.slug}"
