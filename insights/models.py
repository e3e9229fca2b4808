"""Daily totals of page views and where they came from: counts only, nothing about a visitor."""

from django.db import models


class DailyPageViews(models.Model):
    """How many times one public page was viewed on one day (in the spa's time zone)."""

    day = models.DateField()
    path = models.CharField(max_length=200)
    views = models.PositiveIntegerField(default=0)

    class Meta:
        # The admin shows these through the insights page only, to those allowed to see it.
        default_permissions = ()
        permissions = [("view_insights", "View insights")]
        verbose_name = "insights"
        verbose_name_plural = "insights"
        constraints = [
            models.UniqueConstraint(
                fields=["day", "path"],
                name="insights_page_views_once_a_day",
                violation_error_message="This page's views for that day are already recorded.",
            )
        ]

    def __str__(self):
        return f"{self.path} on {self.day}: {self.views}"


class DailySourceViews(models.Model):
    """How many page views arrived from one source (a site or a kind of site) on one day."""

    class Kind(models.TextChoices):
        DIRECT = "direct", "Direct or bookmarked"
        SEARCH = "search", "Search engine"
        SOCIAL = "social", "Social network"
        EMAIL = "email", "Email"
        SITE = "site", "Other site"

    day = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(max_length=100)
    views = models.PositiveIntegerField(default=0)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["day", "kind", "name"],
                name="insights_source_views_once_a_day",
                violation_error_message="This source's views for that day are already recorded.",
            )
        ]

    def __str__(self):
        return f"{self.name} on {self.day}: {self.views}"


class DailyCampaignViews(models.Model):
    """How many page views carried one set of campaign tags (utm_*) on one day."""

    day = models.DateField()
    source = models.CharField(max_length=60, blank=True)
    medium = models.CharField(max_length=60, blank=True)
    campaign = models.CharField(max_length=60, blank=True)
    views = models.PositiveIntegerField(default=0)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["day", "source", "medium", "campaign"],
                name="insights_campaign_views_once_a_day",
                violation_error_message="This campaign's views for that day are already recorded.",
            )
        ]

    def __str__(self):
        return f"{self.source}/{self.medium}/{self.campaign} on {self.day}: {self.views}"
