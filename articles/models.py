from datetime import date

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.urls import reverse
from django.utils import timezone

from articles.richtext import BODY_IMAGE_FOLDER, GUIDE_EXTENSIONS, sanitize_guide_html
from base.images import HeroImageField
from base.models import Person
from base.richtext import RichTextField

COMPARISON_MARKER = "[comparison]"
REVIEW_INTERVAL_MONTHS = 12


def months_later(day, months):
    """Return the same day of the month so many months later (the 28th for a missing day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    try:
        return day.replace(year=year, month=month)
    except ValueError:
        return date(year, month, 28)


class Topic(models.Model):
    """A subject guides are grouped under, e.g. Body contouring."""

    name = models.CharField(max_length=60, unique=True, help_text="Shown on cards and filters.")
    slug = models.SlugField(
        max_length=60, unique=True, help_text="Used in the topic's address; filled in for you."
    )
    description = models.CharField(
        max_length=300, blank=True, help_text="Optional sentence shown on the topic's page."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:topic", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Return the guides visitors may see: published and due by now."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def published_or_scheduled(self):
        """Return the guides that are live or will go live at their publish date."""
        return self.filter(status=Article.Status.PUBLISHED)

    def next_publish_at(self):
        """Return when the next scheduled guide goes live, or None if none is scheduled."""
        return (
            self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )

    def next_change_at(self):
        """Return when a guide next goes live or next shows scheduled changes, or None."""
        now = timezone.now()
        goes_live = models.Q(status=Article.Status.PUBLISHED, published_at__gt=now)
        changes = models.Q(scheduled__go_live_at__gt=now)
        # One query: pages run it whenever the cache must learn the next scheduled moment.
        found = self.filter(goes_live | changes).aggregate(
            publish=models.Min("published_at", filter=goes_live),
            change=models.Min("scheduled__go_live_at", filter=changes),
        )
        return min(filter(None, found.values()), default=None)

    def review_due(self, *, within_days=30):
        """Return published guides never reviewed or due for review within the given days."""
        soon = timezone.localdate() + timezone.timedelta(days=within_days)
        return self.filter(status=Article.Status.PUBLISHED).filter(
            models.Q(review_due_on__lte=soon) | models.Q(review_due_on__isnull=True)
        )

    def for_cards(self):
        """Return guides with what a card needs, newest first."""
        return self.order_by("-published_at", "-pk")

    def search(self, query):
        """Return guides matching the query, best first (full-text on PostgreSQL)."""
        if connections[self.db].vendor == "postgresql":
            search_query = SearchQuery(query, search_type="websearch", config="english")
            return (
                self.filter(search_vector=search_query)
                .annotate(rank=SearchRank(models.F("search_vector"), search_query))
                .order_by("-rank", "-published_at")
            )
        return self.filter(
            models.Q(title__icontains=query)
            | models.Q(summary__icontains=query)
            | models.Q(body__icontains=query)
        ).order_by("-published_at")


class Article(models.Model):
    """A long-form guide written and published by staff in the admin."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(
        max_length=150, help_text="The guide's headline, up to 150 characters."
    )
    slug = models.SlugField(
        max_length=150,
        unique=True,
        help_text=(
            "Used in the guide's address; filled in from the title. Changing it later is safe: "
            "the old address redirects to the new one."
        ),
    )
    summary = models.TextField(
        max_length=300,
        help_text="Two sentences for cards, the feed and search engines (up to 300 characters).",
    )
    body = RichTextField(
        extensions=GUIDE_EXTENSIONS,
        sanitize=sanitize_guide_html,
        help_text=(
            "The guide. Use Heading 2 for sections and Heading 3 below them: they become the "
            f"table of contents. Type {COMPARISON_MARKER} as its own paragraph where the "
            "comparison table should go. Insert treatment figures with the Fact button so they "
            "always match the treatment's record."
        ),
    )
    hero_image = HeroImageField(
        upload_to="guides/",
        blank=True,
        help_text=(
            "Wide photo (JPEG, PNG or WebP) for the top of the guide and its cards; it is "
            "cropped to 16:9 from the centre."
        ),
    )
    hero_alt = models.CharField(
        "hero image description",
        max_length=200,
        blank=True,
        help_text="Describe the image for people who cannot see it. Required with an image.",
    )
    hero_caption = models.CharField(
        max_length=200, blank=True, help_text="Optional caption shown under the image."
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="articles", help_text="One or more subjects."
    )
    author = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="articles",
        help_text="The team member who wrote the guide.",
    )
    medical_reviewer = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="reviewed_articles",
        null=True,
        blank=True,
        help_text="Optional clinician who checked the guide for accuracy.",
    )
    reviewed_on = models.DateField(
        "medical review date",
        null=True,
        blank=True,
        help_text="The day the reviewer approved this version. Required with a reviewer.",
    )
    review_due_on = models.DateField(
        "next medical review due",
        null=True,
        blank=True,
        help_text=(
            f"Leave empty for {REVIEW_INTERVAL_MONTHS} months after the medical review date. "
            "Guides due within a month are listed on the admin home page."
        ),
    )
    related_treatments = models.ManyToManyField(
        "treatments.Treatment",
        blank=True,
        related_name="articles",
        help_text="Treatments the guide talks about; shown with their current prices.",
    )
    comparison_treatments = models.ManyToManyField(
        "treatments.Treatment",
        through="ComparisonEntry",
        blank=True,
        related_name="compared_in_articles",
        help_text="Treatments compared side by side in a table built from their records.",
    )
    related_guides = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="+",
        help_text="Hand-picked guides shown first under 'Keep reading'.",
    )
    seo_title = models.CharField(
        "search engine title",
        max_length=70,
        blank=True,
        help_text="Optional shorter title for Google (up to 70 characters); defaults to the title.",
    )
    seo_description = models.CharField(
        "search engine description",
        max_length=160,
        blank=True,
        help_text="Optional text for Google (up to 160 characters); defaults to the summary.",
    )
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Drafts are never shown. Published guides appear from their publish date.",
    )
    published_at = models.DateTimeField(
        "publish date",
        default=timezone.now,
        help_text="A date in the future schedules the guide: it appears by itself at that time.",
    )
    updated_on = models.DateTimeField(
        "significantly updated on",
        null=True,
        blank=True,
        editable=False,
        help_text="Set when staff save with 'significant update' ticked; shown as 'Updated on'.",
    )
    reading_minutes = models.PositiveSmallIntegerField(
        "reading time (minutes)", default=1, editable=False
    )
    # Bumped by every save, draft or live, so that a save made from an older copy is refused.
    edit_version = models.PositiveIntegerField(default=0, editable=False)
    # Unpublished changes of a published guide, and changes waiting for their go-live time:
    # the row itself always holds what visitors see.
    draft = models.ForeignKey(
        "ArticleRevision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    scheduled = models.ForeignKey(
        "ArticleRevision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Maintained by articles.services on PostgreSQL; a GIN index covers it there.
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        # The site calls them guides; so does the admin.
        verbose_name = "guide"
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "published_at"], name="article_visible_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "published"]),
                name="article_status_known",
                violation_error_message="Choose draft or published.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        errors = {}
        if self.hero_image and not self.hero_alt.strip():
            errors["hero_alt"] = ValidationError(
                "Describe the image for people who cannot see it.", code="alt_required"
            )
        if self.medical_reviewer_id and not self.reviewed_on:
            errors["reviewed_on"] = ValidationError(
                "Enter the date the reviewer approved the guide.", code="review_date_required"
            )
        if self.reviewed_on and not self.medical_reviewer_id:
            errors["medical_reviewer"] = ValidationError(
                "Choose who reviewed the guide, or clear the review date.",
                code="reviewer_required",
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_visible(self):
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def working_revision(self):
        """Return the revision the editor shows instead of the row, if any."""
        return self.draft or self.scheduled

    @property
    def meta_title(self):
        return self.seo_title or self.title

    @property
    def meta_description(self):
        return self.seo_description or self.summary


class ComparisonEntry(models.Model):
    """One column of a guide's comparison table, in the order staff chose."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comparison")
    treatment = models.ForeignKey(
        "treatments.Treatment",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A treatment to compare; its facts come from its own record.",
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "compared treatment"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "treatment"],
                name="comparison_treatment_once",
                violation_error_message="This treatment is already in the comparison.",
            ),
        ]

    def __str__(self):
        return f"{self.article} compares {self.treatment}"


class ArticleSlugHistory(models.Model):
    """An address a guide used to have, kept so old links redirect."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs")
    slug = models.SlugField(max_length=150, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "old address"
        verbose_name_plural = "old addresses"

    def __str__(self):
        return f"{self.slug} → {self.article.slug}"


class ArticleRevision(models.Model):
    """What one save of a guide was: a draft, a publish, a scheduled change or a restore.

    The saved content itself is django-reversion's Version in `revision`; the comparison table's
    columns (a list of treatment ids) are kept here, as they are rows of their own.
    """

    class Kind(models.TextChoices):
        DRAFT = "draft", "Saved a draft"
        PUBLISHED = "published", "Published"
        SCHEDULED = "scheduled", "Scheduled changes"
        WENT_LIVE = "went_live", "Scheduled changes went live"
        RESTORED = "restored", "Restored an earlier version as a draft"

    revision = models.OneToOneField(
        "reversion.Revision", on_delete=models.CASCADE, related_name="article_revision"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    comparison = models.JSONField(default=list, blank=True)
    changed = models.CharField(max_length=400, blank=True)
    note = models.CharField(max_length=300, blank=True)
    go_live_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.article}"


class ArticleEditSession(models.Model):
    """Who has a guide open in the editor, and the text they have not saved yet."""

    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="edit_sessions"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField()
    autosave = models.JSONField(null=True, blank=True)
    autosaved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"],
                name="edit_session_once",
                violation_error_message="This guide is already open in this tab.",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(article__isnull=True),
                name="edit_session_once_per_new_guide",
                violation_error_message="This new guide is already open in this tab.",
            ),
        ]

    def __str__(self):
        return f"{self.user} editing {self.article or 'a new guide'}"


class GuideImage(models.Model):
    """A picture in the library that guide bodies can show, with its usual description."""

    image = HeroImageField(
        upload_to=BODY_IMAGE_FOLDER,
        help_text="A JPEG, PNG or WebP photo; it is cropped to 16:9 from the centre.",
    )
    alt_text = models.CharField(
        "description",
        max_length=200,
        blank=True,
        help_text="What the picture shows, for people who cannot see it; offered when inserted.",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = "guide image"

    def __str__(self):
        return self.alt_text or self.image.name.rsplit("/", 1)[-1]


class ExternalLink(models.Model):
    """A link from a guide to another site, checked weekly by the worker."""

    url = models.URLField(max_length=2000, unique=True)
    articles = models.ManyToManyField(Article, related_name="external_links", blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    problem = models.CharField(max_length=200, blank=True)
    is_broken = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_broken", "url"]
        indexes = [models.Index(fields=["checked_at"], name="external_link_checked_idx")]

    def __str__(self):
        return self.url
