from django.contrib import admin
from django.urls import path

from articles.admin import ArticleAdmin
from articles.models import Article
from insights import admin_views
from insights.models import DailyPageViews


@admin.register(DailyPageViews)
class InsightsAdmin(admin.ModelAdmin):
    """The insights page, listed in the admin for those with the "View insights" permission."""

    def has_module_permission(self, request):
        return request.user.has_perm(admin_views.PERMISSION)

    def has_view_permission(self, request, obj=None):
        return obj is None and request.user.has_perm(admin_views.PERMISSION)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("", view(self.changelist_view), name=f"{name}_changelist"),
            path(
                "export/",
                view(lambda request: admin_views.insights_export(self, request)),
                name=f"{name}_export",
            ),
        ]

    def changelist_view(self, request, extra_context=None):
        return admin_views.insights_page(self, request)


# Each guide's page shows its own figures. The guide editor (articles) knows nothing of
# insights, which stands above it: this app extends the guide's admin instead.
admin.site.unregister(Article)


@admin.register(Article)
class ArticleWithInsightsAdmin(ArticleAdmin):
    change_form_template = "admin/insights/article_change_form.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "guide_insights": admin_views.guide_insights(request, article),
        }
        return super().change_view(request, object_id, form_url, extra_context)
