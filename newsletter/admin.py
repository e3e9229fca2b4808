from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from post_office.models import STATUS

from articles.admin import ArticleAdmin
from articles.models import Article
from base.csv_export import csv_download
from newsletter.models import Announcement, Delivery, Subscriber
from newsletter.services import (
    announcement_context,
    announcement_request,
    announcement_subject,
    announcement_test_send,
    newsletter_recipients,
    subscribers_unsubscribe,
)

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


class AnnouncementForm(forms.Form):
    intro = forms.CharField(
        label="A few words from the team (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Plain text above the guide card, e.g. why this guide matters this month.",
    )


def _announced_message(guide):
    if guide.published_at > timezone.now():
        moment = date_format(timezone.localtime(guide.published_at), "D M j, g:i A")
        return (
            f"“{guide.title}” will be announced when it goes live ({moment}). The worker "
            "then emails every confirmed subscriber."
        )
    return (
        f"“{guide.title}” is queued. The worker emails every confirmed subscriber who has not "
        "had it; the figures below fill in as it goes."
    )


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = [
        "article",
        "state",
        "sent",
        "still_to_send",
        "refused",
        "unsubscribed",
        "requested_at",
        "requested_by",
        "finished_at",
    ]
    list_select_related = ["article", "requested_by"]
    search_fields = ["article__title"]
    readonly_fields = [
        "article",
        "intro",
        "requested_at",
        "requested_by",
        "started_at",
        "finished_at",
        "last_error",
    ]

    def has_add_permission(self, request):
        return False  # announcements are queued from the guides' list

    def get_urls(self):
        announce = path(
            "announce/<int:article_id>/",
            self.admin_site.admin_view(self.announce_view),
            name="newsletter_announcement_announce",
        )
        return [announce, *super().get_urls()]

    def announce_view(self, request, article_id):
        """Show the exact email and who it goes to; send a test, or confirm the announcement."""
        if not request.user.has_perm("newsletter.add_announcement"):
            raise PermissionDenied
        guide = get_object_or_404(Article.objects.published_or_scheduled(), pk=article_id)
        earlier = Announcement.objects.filter(article=guide).first()
        form = AnnouncementForm(
            request.POST or None, initial={"intro": earlier.intro if earlier else ""}
        )
        if request.method == "POST" and form.is_valid():
            intro = form.cleaned_data["intro"]
            if "_announce" in request.POST:
                announcement_request(article=guide, user=request.user, intro=intro)
                self.message_user(request, _announced_message(guide), messages.SUCCESS)
                return redirect("admin:newsletter_announcement_changelist")
            if "_test" in request.POST:
                self._test_send(request, guide, intro)
        intro = form.cleaned_data["intro"] if form.is_valid() else form.initial["intro"]
        context = announcement_context(
            article=guide,
            intro=intro,
            unsubscribe_url=f"{settings.SITE_URL}{reverse('newsletter:signup')}",
        )
        return TemplateResponse(
            request,
            "admin/newsletter/announcement/announce.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Announce “{guide.title}”",
                "opts": self.opts,
                "guide": guide,
                "form": form,
                "subject": announcement_subject(guide),
                "from_email": settings.DEFAULT_FROM_EMAIL,
                "recipient_count": newsletter_recipients(article=guide).count(),
                "scheduled": guide.published_at > timezone.now(),
                "earlier": earlier,
                "email": context,
                "text_body": render_to_string("newsletter/email/announcement.txt", context),
            },
        )

    def _test_send(self, request, guide, intro):
        if not request.user.email:
            self.message_user(
                request,
                "Your account has no email address: add one under Change password › your "
                "account, or ask an administrator, then send the test again.",
                messages.ERROR,
            )
            return
        email = announcement_test_send(article=guide, intro=intro, user=request.user)
        if email.status == STATUS.sent:
            self.message_user(request, f"A test was sent to {request.user.email}.")
        else:
            self.message_user(
                request,
                "The mail server did not take the test just now; it stays queued and is "
                "retried within minutes (Email › Emails).",
                messages.WARNING,
            )

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
                unsubscribed_count=Count(
                    deliveries,
                    filter=Q(
                        **{
                            f"{deliveries}__sent_at__isnull": False,
                            f"{deliveries}__subscriber__unsubscribed_at__gte": F(
                                f"{deliveries}__sent_at"
                            ),
                        }
                    ),
                ),
                waiting_count=Coalesce(Subquery(waiting, output_field=IntegerField()), 0),
            )
        )

    @admin.display(description="Sent", ordering="sent_count")
    def sent(self, obj):
        return obj.sent_count

    @admin.display(description="Still to send")
    def still_to_send(self, obj):
        return obj.waiting_count

    @admin.display(description="Failed", ordering="refused_count")
    def refused(self, obj):
        return obj.refused_count

    @admin.display(description="Unsubscribed since", ordering="unsubscribed_count")
    def unsubscribed(self, obj):
        return obj.unsubscribed_count

    @admin.display(description="State")
    def state(self, obj):
        if obj.finished_at:
            return "Finished"
        if obj.last_error:
            return "Stopped, will retry"
        if obj.started_at:
            return "Sending"
        if obj.article.published_at > timezone.now():
            return "Goes out when the guide goes live"
        return "Queued"


@admin.action(description="Announce in the newsletter…", permissions=["change"])
def send_newsletter_announcement(modeladmin, request, queryset):
    """Open the announcement's confirmation page for the one selected guide."""
    if queryset.count() != 1:
        modeladmin.message_user(
            request, "Choose one guide to announce at a time.", messages.WARNING
        )
        return None
    guide = queryset.published_or_scheduled().first()
    if guide is None:
        modeladmin.message_user(
            request,
            "Only guides that are live on the site, or scheduled to go live, can be announced.",
            messages.WARNING,
        )
        return None
    return redirect("admin:newsletter_announcement_announce", article_id=guide.pk)


# The newsletter adds its action to the guides' list itself, so guides need not know about it.
ArticleAdmin.actions = [*ArticleAdmin.actions, send_newsletter_announcement]
