from django.db import models
from django.urls import reverse


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
            models.CheckConstraint(
                condition=models.Q(id=1),
                name="home_page_singleton",
                violation_error_message="There is only one home page: edit the existing one.",
            ),
        ]

    def __str__(self):
        return "Home page"

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_ID
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("pages:home")

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
                fields=["home_page", "treatment"],
                name="home_page_treatment_once",
                violation_error_message="This treatment is already on the home page.",
            ),
        ]

    def __str__(self):
        return str(self.treatment)
