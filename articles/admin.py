from datetime import timedelta

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from js_asset import Script

from articles import admin_views
from articles.drafts import (
    M2M_FIELDS,
    article_content_write,
    changes_schedule,
    content_of,
    draft_save,
    drafts_publish,
    working_copy,
)
from articles.forms import ArticleAdminForm, ComparisonEntryForm, saved_by
from articles.models import (
    Article,
    ArticleEditSession,
    ArticleSlugHistory,
    ComparisonEntry,
    ExternalLink,
    GuideImage,
    Topic,
)
from articles.services import (
    PREVIEW_MAX_AGE,
    article_preview_token,
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
    """The comparison table's columns, shown from the working copy (draft or live)."""

    model = ComparisonEntry
    form = ComparisonEntryForm
    extra = 0
    autocomplete_fields = ["treatment"]
    verbose_name_plural = "Comparison table (built from each treatment's own record)"

    def get_extra(self, request, obj=None, **kwargs):
        return len(getattr(obj, "comparison_ids", None) or [])


class ReviewDueFilter(admin.SimpleListFilter):
    title = "medical review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("due", "Due within a month or overdue"), ("never", "Never reviewed")]

    def queryset(self, request, queryset):
        if self.value() == "due":
            return queryset.review_due()
        if self.value() == "never":
            return queryset.filter(reviewed_on__isnull=True)
        return queryset


@admin.register(Article)
class ArticleAdmin(RichTextAdminMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    list_display = [
        "title",
        "visibility",
        "published_at",
        "author",
        "review_state",
        "reading_minutes",
    ]
    list_filter = ["status", ReviewDueFilter, "topics", "author", "published_at"]
    list_select_related = ["author", "draft", "scheduled"]
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
    readonly_fields = ["publishing_state", "reading_minutes", "updated_on", "preview_links"]

    class Media:
        css = {"all": ["articles/admin/editor.css"]}
        js = [Script("articles/admin/change_form.js", type="module")]

    def get_fieldsets(self, request, obj=None):
        live = obj is not None and obj.is_visible
        publishing = [
            "publishing_state",
            "changes_go_live_at" if live else "published_at",
            "significant_update",
            "updated_on",
            "reading_minutes",
            "preview_links",
        ]
        return [
            (None, {"fields": ["title", "slug", "summary", "body"]}),
            ("Hero image", {"fields": ["hero_image", "hero_alt", "hero_caption"]}),
            ("Publishing", {"fields": publishing}),
            (
                "Medical review",
                {"fields": ["author", "medical_reviewer", "reviewed_on", "review_due_on"]},
            ),
            ("Related", {"fields": ["topics", "related_treatments", "related_guides"]}),
            ("Search engines and sharing", {"fields": ["seo_title", "seo_description"]}),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.request = request
        form.findings_for = staticmethod(admin_views.form_findings)
        return form

    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        if article is not None and getattr(request, "_guide_working_copy", False):
            return working_copy(article)
        return article

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The editor shows (and saves from) the draft or scheduled change, not the live row.
        request._guide_working_copy = True
        return super().change_view(request, object_id, form_url, extra_context)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, ComparisonEntryInline):
            # Rows come from the working copy and are written by the publishing services.
            kwargs["queryset"] = ComparisonEntry.objects.none()
            ids = getattr(obj, "comparison_ids", None) or []
            kwargs["initial"] = [{"treatment": pk, "order": n} for n, pk in enumerate(ids)]
        return kwargs

    @admin.display(description="On the site")
    def visibility(self, obj):
        if obj.status == Article.Status.DRAFT:
            return "Hidden (draft)"
        if obj.published_at > timezone.now():
            return "Scheduled"
        if obj.scheduled_id:
            return "Live, changes scheduled"
        if obj.draft_id:
            return "Live, unpublished changes"
        return "Live"

    @admin.display(description="Medical review", ordering="review_due_on")
    def review_state(self, obj):
        if obj.review_due_on is None:
            return "Never reviewed" if obj.reviewed_on is None else "—"
        if obj.review_due_on < timezone.localdate():
            return f"Overdue since {date_format(obj.review_due_on, 'M j, Y')}"
        return f"Due {date_format(obj.review_due_on, 'M j, Y')}"

    @admin.display(description="Status")
    def publishing_state(self, obj):
        if obj is None or obj.pk is None:
            return "Not saved yet. “Save draft” keeps it hidden; “Publish” puts it on the site."
        when = date_format(timezone.localtime(obj.published_at), "F j, Y, g:i a")
        if obj.status == Article.Status.DRAFT:
            state = "Draft: visitors cannot see this guide."
        elif obj.published_at > timezone.now():
            state = f"Scheduled: goes live on {when}."
        else:
            state = f"Live since {when}."
        extra = ""
        revision = obj.working_revision
        if revision is not None and revision == obj.scheduled:
            extra = (
                " Changes by "
                + saved_by(revision)
                + " go live on "
                + date_format(timezone.localtime(revision.go_live_at), "F j, g:i a")
                + "; the editor shows them."
            )
        elif revision is not None:
            extra = (
                f" Unpublished changes saved by {saved_by(revision)}: the editor shows them; "
                "the live page does not until you press “Publish changes”."
            )
        return state + extra

    @admin.display(description="Preview")
    def preview_links(self, obj):
        if obj is None or obj.pk is None:
            return "Save the guide once to preview it."
        link = absolute_url(
            reverse("articles:preview_link", kwargs={"token": article_preview_token(article=obj)})
        )
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Preview in the site layout</a>'
            " (shows unpublished changes)"
            "<br>Link for someone without an admin login (works for {} days):<br>"
            '<input type="text" readonly value="{}" size="60" aria-label="Shareable preview link">',
            reverse("articles:preview", kwargs={"pk": obj.pk}),
            PREVIEW_MAX_AGE // 86400,
            link,
        )

    def save_model(self, request, obj, form, change):
        """Save nothing yet: save_related writes the guide once its related rows are known."""

    def save_formset(self, request, form, formset, change):
        """Save nothing: the comparison rows are written by the publishing services."""

    def save_related(self, request, form, formsets, change):
        article = form.instance
        content = content_of(
            article,
            relations={name: [item.pk for item in form.cleaned_data[name]] for name in M2M_FIELDS},
            comparison=admin_views.comparison_from_data(form.data),
        )
        user = request.user
        published = change and article.status == Article.Status.PUBLISHED
        if form.action == "publish":
            go_live = form.cleaned_data.get("changes_go_live_at")
            if published and go_live and go_live > timezone.now():
                changes_schedule(article=article, user=user, content=content, go_live_at=go_live)
                request._guide_outcome = (
                    "Changes scheduled for "
                    f"{date_format(timezone.localtime(go_live), 'F j, Y, g:i a')}. "
                    "Until then visitors see the current version."
                )
            else:
                article.status = Article.Status.PUBLISHED
                article_content_write(
                    article=article,
                    user=user,
                    content=content,
                    significant_update=form.cleaned_data.get("significant_update"),
                )
                request._guide_outcome = (
                    "Published: the changes are live now."
                    if article.is_visible
                    else "Scheduled: the guide goes live on "
                    f"{date_format(timezone.localtime(article.published_at), 'F j, Y, g:i a')}."
                )
        elif published:
            draft_save(article=article, user=user, content=content)
            request._guide_outcome = (
                "Draft saved. The live page stays as it is until you press “Publish changes”."
            )
        else:
            article_content_write(article=article, user=user, content=content)
            request._guide_outcome = (
                "Draft saved. Visitors cannot see this guide until you publish it."
            )
        ArticleEditSession.objects.filter(user=user, article__in=[article.pk, None]).update(
            autosave=None, autosaved_at=None
        )

    def construct_change_message(self, request, form, formsets, add=False):
        # The comparison rows are saved by the services, not the formset; the history view
        # (revisions) says what changed in full.
        return super().construct_change_message(request, form, [], add)

    def _stay(self, request, obj):
        self.message_user(request, request._guide_outcome, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))

    def response_add(self, request, obj, post_url_continue=None):
        return self._stay(request, obj)

    def response_change(self, request, obj):
        return self._stay(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(admin_views.writer_context(request, context["adminform"].form, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_view(self, request, object_id, extra_context=None):
        return admin_views.history(self, request, object_id)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("autosave/", view(admin_views.autosave), name="articles_article_autosave"),
            path(
                "<int:pk>/autosave/", view(admin_views.autosave), name="articles_article_autosave"
            ),
            path(
                "autosave/discard/",
                view(admin_views.autosave_discard),
                name="articles_article_autosave_discard",
            ),
            path(
                "<int:pk>/autosave/discard/",
                view(admin_views.autosave_discard),
                name="articles_article_autosave_discard",
            ),
            path("link-search/", view(admin_views.link_search), name="articles_article_links"),
            path("images/", view(admin_views.images), name="articles_article_images"),
            path(
                "<int:pk>/history/compare/",
                view(lambda request, pk: admin_views.compare(self, request, pk)),
                name="articles_article_compare",
            ),
            path(
                "<int:pk>/history/<int:revision>/restore/",
                view(
                    lambda request, pk, revision: admin_views.restore(self, request, pk, revision)
                ),
                name="articles_article_restore",
            ),
            path(
                "<int:pk>/draft/discard/",
                view(lambda request, pk: admin_views.draft_drop(self, request, pk)),
                name="articles_article_draft_discard",
            ),
            *super().get_urls(),
        ]

    @admin.action(
        description="Publish the selected guides and their changes", permissions=["change"]
    )
    def publish(self, request, queryset):
        count = drafts_publish(articles=queryset, user=request.user)
        count += articles_publish(articles=queryset)
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


@admin.register(GuideImage)
class GuideImageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "uploaded_at"]
    search_fields = ["alt_text", "image"]


@admin.register(ExternalLink)
class ExternalLinkAdmin(admin.ModelAdmin):
    """Links to other sites found in guides, with the weekly check's findings."""

    list_display = ["url", "is_broken", "problem", "checked_at", "guides"]
    list_filter = ["is_broken"]
    search_fields = ["url", "articles__title"]
    readonly_fields = ["url", "checked_at", "status_code", "problem", "is_broken", "articles"]
    actions = ["check_again"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="In guides")
    def guides(self, obj):
        return ", ".join(article.title for article in obj.articles.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("articles")

    @admin.action(description="Check the selected links again in the next worker round")
    def check_again(self, request, queryset):
        count = queryset.update(checked_at=timezone.now() - timedelta(days=365))
        self.message_user(request, f"{count} link(s) will be checked within a minute.")
