from datetime import timedelta

from django.db import models
from django.urls import reverse
from django.utils import timezone

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
            models.CheckConstraint(condition=models.Q(id=1), name="business_profile_singleton"),
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
        return reverse("base:about") + f"#{self.slug}"


class ReviewQuerySet(models.QuerySet):
    def published(self):
        """Return the reviews staff have left visible."""
        return self.filter(is_visible=True)

    def for_block(self, *, treatment=None, days, limit):
        """Return up to `limit` recent visible reviews: the treatment's first, then featured."""
        since = timezone.now() - timedelta(days=days)
        ordering = ["-is_featured", "-created_at"]
        if treatment is not None:
            # One query: this treatment's reviews first, general recent reviews fill the rest.
            about_it = models.Case(
                models.When(related_treatment=treatment, then=0),
                default=1,
                output_field=models.IntegerField(),
            )
            ordering.insert(0, about_it)
        return (
            self.published()
            .filter(created_at__gte=since)
            .select_related("related_treatment")
            .order_by(*ordering)[:limit]
        )


class Review(models.Model):
    """A client review copied from Google, shown as written by the reviewer.

    No Review/AggregateRating structured data is emitted for these: Google treats reviews a
    business shows about itself as self-serving and ineligible for review rich results.
    """

    class Source(models.TextChoices):
        GOOGLE = "google", "Google"

    source = models.CharField(max_length=20, choices=Source, default=Source.GOOGLE)
    source_review_id = models.CharField(
        "review id at the source", max_length=200, help_text="Set by the importer; do not edit."
    )
    reviewer_name = models.CharField(
        max_length=100, blank=True, help_text="As shown on Google; empty for anonymous reviewers."
    )
    is_anonymous = models.BooleanField(
        default=False, help_text="The reviewer chose to appear as an anonymous Google user."
    )
    rating = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Stars from 1 to 5; empty when Google did not say.",
    )
    comment = models.TextField(
        blank=True, help_text="The reviewer's own words, in their original language."
    )
    translated_comment = models.TextField(
        blank=True, help_text="Google's automatic translation, when it provided one."
    )
    created_at = models.DateTimeField("reviewed on", help_text="When the review was written.")
    updated_at = models.DateTimeField(help_text="When the reviewer last edited it on Google.")
    owner_reply = models.TextField(blank=True, help_text="The spa's public reply on Google.")
    owner_reply_updated_at = models.DateTimeField(
        null=True, blank=True, help_text="When the reply was last edited on Google."
    )
    is_visible = models.BooleanField(
        "show on the site", default=True, help_text="Untick to hide this review from the site."
    )
    is_featured = models.BooleanField(
        default=False, help_text="Featured reviews come first in the reviews block."
    )
    is_sample = models.BooleanField(
        "sample data",
        default=False,
        help_text="Demo content written for the site, not a real client's review.",
    )
    related_treatment = models.ForeignKey(
        "treatments.Treatment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviews",
        help_text="Optional: show this review first on that treatment's page.",
    )

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_review_id"], name="review_unique_per_source"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="review_rating_1_to_5",
            ),
        ]

    def __str__(self):
        stars = f"{self.rating}★" if self.rating else "unrated"
        return f"{self.display_name} ({stars}, {self.created_at:%Y-%m-%d})"

    @property
    def display_name(self):
        if self.is_anonymous or not self.reviewer_name:
            return "Anonymous Google user"
        return self.reviewer_name


class HomePage(models.Model):
    """The home page's staff-edited words and featured treatments (one row)."""

    SINGLETON_ID = 1

    hero_heading = models.CharField(
        max_length=120,
        default="Honest advice about body and skin treatments",
        help_text="The page's main heading. Keep it short and plain.",
    )
    hero_text = models.TextField(
        max_length=600,
        default=(
            "We tell you what a treatment can and cannot do for you, the consultation is free, "
            "and there is never any pressure to book."
        ),
        help_text="One or two sentences under the heading: the spa's promise.",
    )
    promises = models.TextField(
        max_length=600,
        blank=True,
        help_text="Short promises shown as a list under the hero text, one per line.",
    )
    meta_description = models.CharField(
        max_length=160,
        blank=True,
        help_text="Summary for search results, up to 160 characters.",
    )
    featured_treatments = models.ManyToManyField(
        "treatments.Treatment",
        through="HomePageTreatment",
        blank=True,
        related_name="+",
        help_text="Treatments shown on the home page, in the order chosen.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "home page"
        verbose_name_plural = "home page"
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="home_page_singleton"),
        ]

    def __str__(self):
        return "Home page"

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_ID
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("base:home")

    @classmethod
    def load(cls):
        """Return the saved home page, or an unsaved one with the default words."""
        return cls.objects.filter(pk=cls.SINGLETON_ID).first() or cls(pk=cls.SINGLETON_ID)

    @property
    def promise_list(self):
        return [line.strip() for line in self.promises.splitlines() if line.strip()]


class HomePageTreatment(models.Model):
    home_page = models.ForeignKey(HomePage, on_delete=models.CASCADE)
    treatment = models.ForeignKey(
        "treatments.Treatment", on_delete=models.CASCADE, related_name="home_page_features"
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "featured treatment"
        constraints = [
            models.UniqueConstraint(
                fields=["home_page", "treatment"], name="home_page_treatment_once"
            ),
        ]

    def __str__(self):
        return str(self.treatment)
