from django.contrib import admin

from base.richtext import RichTextAdminMixin
from treatments.models import (
    Category,
    Treatment,
    TreatmentContraindication,
    TreatmentFAQ,
    TreatmentNotFor,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class ContraindicationInline(admin.TabularInline):
    model = TreatmentContraindication
    extra = 0
    verbose_name = "reason to skip it"
    verbose_name_plural = "Who should skip it (one reason per line)"


class NotForInline(admin.TabularInline):
    model = TreatmentNotFor
    extra = 0
    verbose_name = "thing it is not"
    verbose_name_plural = "What it is not (e.g. 'Not liposuction')"


class FAQInline(admin.StackedInline):
    model = TreatmentFAQ
    extra = 0


@admin.register(Treatment)
class TreatmentAdmin(RichTextAdminMixin, admin.ModelAdmin):
    list_display = ["name", "category", "price_line", "order", "is_published"]
    list_editable = ["order", "is_published"]
    list_filter = ["is_published", "category", "price_kind", "format"]
    list_select_related = ["category"]
    search_fields = ["name", "short_description", "how_it_works"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["category__order", "order", "name"]
    inlines = [ContraindicationInline, NotForInline, FAQInline]
    fieldsets = [
        (
            None,
            {"fields": ["name", "slug", "category", "short_description", "is_published", "order"]},
        ),
        (
            "Price",
            {
                "fields": ["price_kind", "price_amount", "price_unit"],
                "description": (
                    "Shown as e.g. 'From $140 per session'. For 'confirmed at consultation' "
                    "leave the amount empty."
                ),
            },
        ),
        (
            "At a glance (also used in comparisons)",
            {
                "fields": [
                    "how_it_works",
                    "best_for",
                    "format",
                    "typical_sessions",
                    "spacing",
                    "session_length",
                    "downtime",
                    "results_timeline",
                ]
            },
        ),
        ("Page", {"fields": ["hero_image", "hero_alt", "body"]}),
    ]

    @admin.display(description="price")
    def price_line(self, obj):
        return obj.price_line
