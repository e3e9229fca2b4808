import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from reviews.models import Review
from reviews.services import ReviewFileError, google_reviews_import, google_reviews_plan

# Django refuses form fields over 2.5 MB; the confirmation posts the file back as one.
IMPORT_MAX_BYTES = 2 * 1024 * 1024


class ReviewFileForm(forms.Form):
    file = forms.FileField(
        label="Google reviews file (JSON)",
        help_text="The reviews list from the Google Business Profile API, saved as a .json file.",
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                "The file is larger than 2 MB. Export the reviews in smaller pages and import "
                "each one.",
                code="too_large",
            )
        try:
            return json.loads(upload.read().decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise forms.ValidationError(
                f"This is not a JSON file ({error}). Choose the file saved from Google.",
                code="not_json",
            ) from error


class ReviewConfirmForm(forms.Form):
    data = forms.CharField(widget=forms.HiddenInput, max_length=IMPORT_MAX_BYTES * 2)

    def clean_data(self):
        try:
            return json.loads(self.cleaned_data["data"])
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                "The file could not be read back; upload it again."
            ) from error


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    change_list_template = "admin/reviews/review/change_list.html"
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
        return False  # reviews come from Google, through the import

    def get_urls(self):
        upload = path(
            "import/",
            self.admin_site.admin_view(self.import_view),
            name="reviews_review_import",
        )
        return [upload, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_import": request.user.has_perm("reviews.add_review"),
        }
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        """Upload a Google reviews file, see what it adds and changes, then confirm."""
        if not request.user.has_perm("reviews.add_review"):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "opts": self.opts}
        if "_confirm" in request.POST:
            confirm = ReviewConfirmForm(request.POST)
            if confirm.is_valid():
                try:
                    created, updated = google_reviews_import(data=confirm.cleaned_data["data"])
                except ReviewFileError as error:
                    self.message_user(request, f"{error} Nothing was imported.", messages.ERROR)
                    return redirect("admin:reviews_review_import")
                self.message_user(
                    request, f"Imported {created} new and updated {updated} existing reviews."
                )
                return redirect("admin:reviews_review_changelist")
        form = ReviewFileForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data["file"]
            try:
                new, changed, unchanged = google_reviews_plan(data=data)
            except ReviewFileError as error:
                form.add_error("file", f"{error} Nothing was imported.")
            else:
                return TemplateResponse(
                    request,
                    "admin/reviews/review/import_confirm.html",
                    {
                        **context,
                        "title": "Check the reviews before importing",
                        "new": new,
                        "changed": changed,
                        "unchanged": unchanged,
                        "confirm": ReviewConfirmForm(initial={"data": json.dumps(data)}),
                        "more_pages": isinstance(data, dict) and bool(data.get("nextPageToken")),
                    },
                )
        return TemplateResponse(
            request,
            "admin/reviews/review/import.html",
            {**context, "title": "Import reviews from Google", "form": form},
        )

    @admin.display(description="comment")
    def short_comment(self, review):
        text = review.translated_comment or review.comment
        return text if len(text) <= 80 else f"{text[:79]}…"

    @admin.display(description="sample", boolean=False, ordering="is_sample")
    def sample_label(self, review):
        return "Sample" if review.is_sample else ""
