from django.contrib import admin

from reviews.models import Review


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = [
        "display_name",
        "rating",
        "created_at",
        "short_comment",
        "is_visible",
        "is_featured",
        "sample_label",
    ]
    list_editable = ["is_visible", "is_featured"]
    list_filter = ["is_visible", "is_featured", "is_sample", "rating", "source"]
    search_fields = ["reviewer_name", "comment", "translated_comment"]
    date_hierarchy = "created_at"
    list_select_related = ["related_treatment"]
    fields = [
        "is_visible",
        "is_featured",
        "related_treatment",
        "reviewer_name",
        "is_anonymous",
        "rating",
        "comment",
        "translated_comment",
        "owner_reply",
        "created_at",
        "updated_at",
        "owner_reply_updated_at",
        "source",
        "source_review_id",
        "is_sample",
    ]
    # What the reviewer wrote is theirs: staff may hide or feature a review, never edit it.
    readonly_fields = fields[3:]

    def has_add_permission(self, request):
        return False

    @admin.display(description="comment")
    def short_comment(self, review):
        text = review.translated_comment or review.comment
        return text if len(text) <= 80 else f"{text[:79]}…"

    @admin.display(description="sample", boolean=False, ordering="is_sample")
    def sample_label(self, review):
        return "Sample" if review.is_sample else ""
