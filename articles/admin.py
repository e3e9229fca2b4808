from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from articles.models import Article, ArticleSlugHistory, ComparisonEntry, Topic
from articles.services import (
    PREVIEW_MAX_AGE,
    article_preview_token,
    article_save,
    articles_publish,
    articles_unpublish,
)
from base.richtext import RichTextAdminMixin
from base.templatetags.site_tags import absolute_url


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class ComparisonEntryInline(admin.TabularInline):
    model = ComparisonEntry
    extra = 0
    autocomplete_fields = ["treatment"]
    verbose_name_plural = "Comparison table (built from each treatment's own record)"


class ArticleAdminForm(forms.ModelForm):
    significant_update = forms.BooleanField(
        required=False,
        label="Significant update",
        help_text="Tick when this edit changes the advice; the guide then shows 'Updated on'.",
    )


@admin.register(Article)
class ArticleAdmin(RichTextAdminMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    list_display = ["title", "status", "published_at", "author", "reading_minutes", "visibility"]
    list_filter = ["status", "topics", "author", "published_at"]
    list_select_related = ["author"]
    search_fields = ["title", "summary", "slug"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = [
        "author",
        "medical_reviewer",
        "topics",
        "related_treatments",
        "related_guides",
    ]
    inlines = [ComparisonEntryInline]
    actions = ["publish", "unpublish"]
    readonly_fields = ["reading_minutes", "updated_on", "preview_links"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        ("Hero image", {"fields": ["hero_image", "hero_alt", "hero_caption"]}),
        (
            "Publishing",
            {
                "fields": [
                    "status",
                    "published_at",
                    "significant_update",
                    "updated_on",
                    "reading_minutes",
                    "preview_links",
                ]
            },
        ),
        ("People", {"fields": ["author", "medical_reviewer", "reviewed_on"]}),
        ("Related", {"fields": ["topics", "related_treatments", "related_guides"]}),
        (
            "Search engines",
            {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]},
        ),
    ]

    @admin.display(description="On the site")
    def visibility(self, obj):
        if obj.status == Article.Status.DRAFT:
            return "Hidden (draft)"
        if obj.published_at > timezone.now():
            return "Scheduled"
        return "Live"

    @admin.display(description="Preview")
    def preview_links(self, obj):
        if obj is None or obj.pk is None:
            return "Save the guide once to preview it."
        link = absolute_url(
            reverse("articles:preview_link", kwargs={"token": article_preview_token(article=obj)})
        )
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Preview in the site layout</a>'
            "<br>Link for someone without an admin login (works for {} days):<br>"
            '<input type="text" readonly value="{}" size="60" aria-label="Shareable preview link">',
            reverse("articles:preview", kwargs={"pk": obj.pk}),
            PREVIEW_MAX_AGE // 86400,
            link,
        )

    def save_model(self, request, obj, form, change):
        article_save(article=obj, significant_update=form.cleaned_data.get("significant_update"))

    @admin.action(description="Publish the selected guides", permissions=["change"])
    def publish(self, request, queryset):
        count = articles_publish(articles=queryset)
        self.message_user(
            request,
            f"{count} guide(s) published. Guides with a future publish date appear on that date.",
            messages.SUCCESS,
        )

    @admin.action(
        description="Unpublish the selected guides (back to draft)", permissions=["change"]
    )
    def unpublish(self, request, queryset):
        count = articles_unpublish(articles=queryset)
        self.message_user(request, f"{count} guide(s) moved back to draft.", messages.SUCCESS)


@admin.register(ArticleSlugHistory)
class ArticleSlugHistoryAdmin(admin.ModelAdmin):
    list_display = ["slug", "article", "created_at"]
    search_fields = ["slug", "article__title"]
    autocomplete_fields = ["article"]
