"""The 'Send newsletter announcement' action, for the guides' admin to list in its actions."""

from django.contrib import admin, messages

from articles.models import Article
from newsletter.services import announcement_request


@admin.action(description="Send newsletter announcement", permissions=["change"])
def send_newsletter_announcement(modeladmin, request, queryset):
    """Queue an announcement of each selected published guide for the worker."""
    published = Article.objects.published().filter(pk__in=queryset.values("pk"))
    for article in published:
        announcement_request(article=article, user=request.user)
    skipped = queryset.count() - len(published)
    if published:
        modeladmin.message_user(
            request,
            f"{len(published)} announcement(s) queued. The worker emails every confirmed "
            "subscriber who has not had them; see Newsletter › Announcements for progress.",
            messages.SUCCESS,
        )
    if skipped:
        modeladmin.message_user(
            request,
            f"{skipped} guide(s) skipped: only guides that are live on the site can be announced.",
            messages.WARNING,
        )
