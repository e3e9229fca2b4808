from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.safestring import mark_safe

from base.images import HeroImageField
from base.richtext import RichTextField, sanitize_html, tables_scrollable


def format_usd(amount):
    """Return a dollar amount as "$1,250" or "$99.50"."""
    amount = Decimal(amount)
    if amount == amount.to_integral_value():
        return f"${amount:,.0f}"
    return f"${amount:,.2f}"


class Category(models.Model):
    """A group of treatments on the treatments page, e.g. Body or Face & skin."""

    name = models.CharField(max_length=80, unique=True, help_text="Heading on the treatments page.")
    slug = models.SlugField(
        max_length=80, unique=True, help_text="Short web name; filled in for you."
    )
    order = models.PositiveIntegerField(
        default=0, help_text="Lower numbers are listed first on the treatments page."
    )
    help_text = models.CharField(
        "introduction",
        max_length=200,
        blank=True,
        help_text="Optional sentence shown under the category heading.",
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name


class TreatmentQuerySet(models.QuerySet):
    def published(self):
        """Return the treatments visitors may see."""
        return self.filter(is_published=True)

    def search(self, query):
        """Return treatments whose name, summary or method mention the query."""
        query = (query or "").strip()
        if not query:
            return self.none()
        return self.filter(
            Q(name__icontains=query)
            | Q(short_description__icontains=query)
            | Q(how_it_works__icontains=query)
            | Q(best_for__icontains=query)
        )

    def for_cards(self):
        """Return treatments with what a card or comparison needs, in display order."""
        return self.select_related("category").order_by("category__order", "order", "name")


class Treatment(models.Model):
    """One service the spa offers, with its price and the facts visitors compare."""

    class PriceKind(models.TextChoices):
        FROM = "from", "From a starting price"
        FIXED = "fixed", "Fixed price"
        CONSULTATION = "consultation", "Confirmed at consultation (no price shown)"

    class Format(models.TextChoices):
        SERIES = "series", "A series of sessions"
        SINGLE = "single", "A single session"

    name = models.CharField(max_length=100, help_text="Treatment name as visitors know it.")
    slug = models.SlugField(
        max_length=100, unique=True, help_text="Web address part, e.g. lymphatic-drainage."
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="treatments",
        help_text="The group this treatment is listed under.",
    )
    short_description = models.CharField(
        max_length=300, help_text="One or two sentences for cards, search results and Google."
    )
    body = RichTextField(blank=True, help_text="The full treatment page text.")
    order = models.PositiveIntegerField(
        "display order", default=0, help_text="Lower numbers are listed first in their category."
    )
    is_published = models.BooleanField(
        "published", default=False, help_text="Tick to show this treatment on the website."
    )

    price_kind = models.CharField(
        "price type",
        max_length=20,
        choices=PriceKind.choices,
        default=PriceKind.CONSULTATION,
        help_text="How the price is shown. Choose 'confirmed at consultation' to show no amount.",
    )
    price_amount = models.DecimalField(
        "price (USD)",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Amount in US dollars, e.g. 140. Leave empty for consultation pricing.",
    )
    price_unit = models.CharField(
        "price unit or note",
        max_length=60,
        blank=True,
        help_text="Optional, e.g. 'per session' or 'per area'.",
    )

    how_it_works = models.TextField(
        blank=True, help_text="One or two plain sentences; used on the page and in comparisons."
    )
    best_for = models.TextField(
        blank=True, help_text="Who it suits, in a sentence; used on the page and in comparisons."
    )
    format = models.CharField(
        max_length=10,
        choices=Format.choices,
        default=Format.SERIES,
        help_text="Whether people usually book a series or a single session.",
    )
    typical_sessions = models.CharField(
        max_length=60, blank=True, help_text="Typical number of sessions, e.g. '6–10 sessions'."
    )
    spacing = models.CharField(
        max_length=60, blank=True, help_text="Time between sessions, e.g. '1–2 weeks apart'."
    )
    session_length = models.CharField(
        max_length=60, blank=True, help_text="How long one visit takes, e.g. '45 minutes'."
    )
    downtime = models.CharField(
        max_length=120, blank=True, help_text="What recovery looks like, e.g. 'None'."
    )
    results_timeline = models.CharField(
        "when results show",
        max_length=120,
        blank=True,
        help_text="When people usually notice a change, e.g. 'After 6–12 weeks'.",
    )

    hero_image = HeroImageField(
        upload_to="treatments/",
        blank=True,
        help_text="Optional wide photo (JPEG, PNG or WebP) at the top of the page and on cards.",
    )
    hero_alt = models.CharField(
        "hero image description",
        max_length=200,
        blank=True,
        help_text="Describe the image for people who cannot see it. Required with an image.",
    )

    updated_at = models.DateTimeField(auto_now=True)

    objects = TreatmentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(price_kind="consultation", price_amount__isnull=True)
                    # IS NOT NULL is spelled out: "NULL > 0" is unknown, which a CHECK lets pass.
                    | Q(
                        price_kind__in=["from", "fixed"],
                        price_amount__isnull=False,
                        price_amount__gt=0,
                    )
                ),
                name="treatment_price_matches_kind",
                violation_error_message=(
                    "Consultation pricing has no amount; other price types need an amount above $0."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("treatments:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.hero_image and not self.hero_alt.strip():
            raise ValidationError(
                {"hero_alt": "Describe the image in a few words for people who cannot see it."},
                code="alt_required",
            )
        if self.price_kind == self.PriceKind.CONSULTATION and self.price_amount is not None:
            raise ValidationError(
                {
                    "price_amount": (
                        "Leave the price empty when it is confirmed at consultation, "
                        "or choose another price type."
                    )
                },
                code="amount_not_allowed",
            )
        if self.price_kind in (self.PriceKind.FROM, self.PriceKind.FIXED):
            if self.price_amount is None:
                raise ValidationError(
                    {"price_amount": "Enter a price, or choose 'confirmed at consultation'."},
                    code="amount_required",
                )
            if self.price_amount <= 0:
                raise ValidationError(
                    {"price_amount": "Enter a price above $0."}, code="amount_not_positive"
                )

    @property
    def body_html(self):
        """Return the body re-sanitised, with its tables in scrollable regions."""
        # Re-sanitised in case it was stored before the allow-list changed.
        return mark_safe(tables_scrollable(sanitize_html(self.body)))  # noqa: S308 - sanitised

    @property
    def has_published_price(self):
        return self.price_kind != self.PriceKind.CONSULTATION and self.price_amount is not None

    @property
    def price_line(self):
        """Return the price as visitors read it, e.g. "From $140 per session"."""
        if not self.has_published_price:
            return "Price confirmed at consultation"
        amount = format_usd(self.price_amount)
        line = f"From {amount}" if self.price_kind == self.PriceKind.FROM else amount
        return f"{line} {self.price_unit}".strip()

    @property
    def format_line(self):
        """Return the format as a sentence fragment, e.g. "Series: 6–10 sessions, 1 week apart"."""
        label = "Single session" if self.format == self.Format.SINGLE else "Series"
        details = ", ".join(part for part in (self.typical_sessions, self.spacing) if part)
        return f"{label}: {details}" if details else label


class TreatmentListItem(models.Model):
    text = models.CharField(max_length=200, help_text="One short line.")
    order = models.PositiveIntegerField(default=0, help_text="Lower numbers come first.")

    class Meta:
        abstract = True
        ordering = ["order", "id"]

    def __str__(self):
        return self.text


class TreatmentContraindication(TreatmentListItem):
    """One reason someone should skip or postpone the treatment."""

    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="skip_if")

    class Meta(TreatmentListItem.Meta):
        verbose_name = "who should skip it"
        verbose_name_plural = "who should skip it"


class TreatmentNotFor(TreatmentListItem):
    """One thing the treatment is not, e.g. "Not liposuction"."""

    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="not_for")

    class Meta(TreatmentListItem.Meta):
        verbose_name = "what it is not"
        verbose_name_plural = "what it is not"


class TreatmentFAQ(models.Model):
    """A question and answer shown on the treatment page."""

    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="faqs")
    question = models.CharField(max_length=200, help_text="The question as a visitor would ask it.")
    answer = models.TextField(help_text="A plain, honest answer in a few sentences.")
    order = models.PositiveIntegerField(default=0, help_text="Lower numbers come first.")

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"

    def __str__(self):
        return self.question
