from django.contrib import admin, messages
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from articles.admin import ArticleAdmin
from articles.models import Article
from base.csv_export import csv_download
from newsletter.models import Announcement, Delivery, Subscriber
from newsletter.services import announcement_request, subscribers_unsubscribe

CSV_FIELDS = [
    "email",
    "status",
    "signed_up_at",
    "confirmed_at",
    "unsubscribed_at",
    "source_path",
    "consent_version",
    "consent_text",
]


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    change_list_template = "admin/newsletter/subscriber/change_list.html"
    list_display = ["email", "status", "signed_up_at", "confirmed_at", "unsubscribed_at"]
    list_filter = ["status", "signed_up_at", "consent_version"]
    search_fields = ["email"]
    date_hierarchy = "signed_up_at"
    actions = ["export_csv", "unsubscribe"]
    # The consent record is evidence: staff may read or delete it, never rewrite it.
    readonly_fields = CSV_FIELDS

    def has_add_permission(self, request):
        return False  # addresses join only through double opt-in

    def changelist_view(self, request, extra_context=None):
        counts = Subscriber.objects.aggregate(
            total=Count("pk"),
            **{status: Count("pk", filter=Q(status=status)) for status in Subscriber.Status.values},
        )
        status_counts = [(label, counts[value]) for value, label in Subscriber.Status.choices]
        extra_context = {
            **(extra_context or {}),
            "status_counts": status_counts,
            "subscriber_total": counts["total"],
        }
        return super().changelist_view(request, extra_context=extra_context)

    @admin.action(description="Unsubscribe selected subscribers", permissions=["change"])
    def unsubscribe(self, request, queryset):
        count = subscribers_unsubscribe(subscribers=queryset)
        self.message_user(request, f"{count} subscriber(s) unsubscribed.", messages.SUCCESS)

    @admin.action(description="Export selected subscribers as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        return csv_download(
            filename="subscribers",
            header=CSV_FIELDS,
            rows=queryset.order_by("email").values_list(*CSV_FIELDS).iterator(),
        )


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = [
        "article",
        "state",
        "sent",
        "still_to_send",
        "refused",
        "requested_at",
        "requested_by",
        "finished_at",
    ]
    list_select_related = ["article", "requested_by"]
    search_fields = ["article__title"]
    readonly_fields = [
        "article",
        "requested_at",
        "requested_by",
        "started_at",
        "finished_at",
        "last_error",
    ]

    def has_add_permission(self, request):
        return False  # announcements are queued from the guides' list

    def get_queryset(self, request):
        deliveries = "article__newsletter_deliveries"
        served = Delivery.objects.filter(
            subscriber=OuterRef("pk"), article=OuterRef(OuterRef("article"))
        ).filter(Q(sent_at__isnull=False) | ~Q(refused=""))
        waiting = (
            Subscriber.objects.confirmed()
            .filter(~Exists(served))
            .order_by()
            .values("status")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                sent_count=Count(deliveries, filter=Q(**{f"{deliveries}__sent_at__isnull": False})),
                refused_count=Count(deliveries, filter=~Q(**{f"{deliveries}__refused": ""})),
                waiting_count=Coalesce(Subquery(waiting, output_field=IntegerField()), 0),
            )
        )

    @admin.display(description="Sent", ordering="sent_count")
    def sent(self, obj):
        return obj.sent_count

    @admin.display(description="Still to send")
    def still_to_send(self, obj):
        return obj.waiting_count

    @admin.display(description="Refused by mail server", ordering="refused_count")
    def refused(self, obj):
        return obj.refused_count

    @admin.display(description="State")
    def state(self, obj):
        if obj.finished_at:
            return "Finished"
        if obj.last_error:
            return "Stopped, will retry"
        if obj.started_at:
            return "Sending"
        return "Queued"


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


# The newsletter adds its action to the guides' list itself, so guides need not know about it.
ArticleAdmin.actions = [*ArticleAdmin.actions, send_newsletter_announcement]
