from datetime import timedelta

from django.db import models
from django.utils import timezone


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
                fields=["source", "source_review_id"],
                name="review_unique_per_source",
                violation_error_message="This review has already been imported.",
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="review_rating_1_to_5",
                violation_error_message="A rating is from 1 to 5 stars.",
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
