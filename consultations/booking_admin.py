"""The staff side of booked consultations: clinicians, their hours, settings, bookings, agenda.

Kept apart from admin.py (the consultation requests) so each can change on its own.
"""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from base.csv_export import csv_download
from consultations.lifecycle import BookingClosedError, booking_cancel, booking_mark
from consultations.models import Booking, BookingSettings, Clinician, TimeOff, WorkingHours


class WorkingHoursInline(admin.TabularInline):
    model = WorkingHours
    extra = 0


class TimeOffInline(admin.TabularInline):
    model = TimeOff
    extra = 0

    def get_queryset(self, request):
        # Past time off says nothing about who is free: show what still lies ahead.
        return super().get_queryset(request).filter(ends_at__gte=timezone.now())


@admin.register(Clinician)
class ClinicianAdmin(admin.ModelAdmin):
    list_display = ["__str__", "is_active", "user"]
    list_select_related = ["person", "user"]
    inlines = [WorkingHoursInline, TimeOffInline]


@admin.register(TimeOff)
class TimeOffAdmin(admin.ModelAdmin):
    """Block time: leave, training, a part day away from consultations."""

    list_display = ["clinician", "starts_at", "ends_at", "reason"]
    list_filter = ["clinician"]
    list_select_related = ["clinician__person"]
    date_hierarchy = "starts_at"


@admin.register(BookingSettings)
class BookingSettingsAdmin(admin.ModelAdmin):
    """One record: the list page opens straight at its form."""

    fieldsets = [
        (
            "Times",
            {
                "fields": [
                    "length_minutes",
                    "buffer_minutes",
                    "minimum_notice_hours",
                    "booking_window_days",
                ]
            },
        ),
        ("Place", {"fields": ["mode", "location", "video_url", "what_to_bring"]}),
        ("Reminder", {"fields": ["reminder_lead_hours"]}),
    ]

    def changelist_view(self, request, extra_context=None):
        record = BookingSettings.objects.first()
        if record is None:
            return redirect("admin:consultations_bookingsettings_add")
        return redirect("admin:consultations_bookingsettings_change", record.pk)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not BookingSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def response_change(self, request, obj):
        if "_continue" in request.POST:
            return super().response_change(request, obj)
        self.message_user(request, "Booking settings saved.", messages.SUCCESS)
        return redirect("admin:consultations_bookingsettings_change", obj.pk)

    def response_add(self, request, obj, post_url_continue=None):
        return self.response_change(request, obj)


BOOKING_CSV_COLUMNS = [
    ("Starts", lambda b: timezone.localtime(b.starts_at)),
    ("Ends", lambda b: timezone.localtime(b.ends_at)),
    ("Clinician", lambda b: b.clinician),
    ("Client", lambda b: b.request.name),
    ("Email", lambda b: b.request.email),
    ("Phone", lambda b: b.request.phone_display),
    ("Status", lambda b: b.get_status_display()),
    ("Booked at", lambda b: timezone.localtime(b.created_at)),
]


def _mark_action(status):
    @admin.action(permissions=["change"], description=f"Mark selected as {status.label.lower()}")
    def action(modeladmin, request, queryset):
        count = sum(booking_mark(booking=booking, status=status) for booking in queryset)
        modeladmin.message_user(
            request, f"{count} booking(s) marked as {status.label.lower()}.", messages.SUCCESS
        )

    action.__name__ = f"mark_{status.value}"
    return action


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ["starts_at", "clinician", "client", "client_phone", "status"]
    list_filter = ["status", "clinician", "starts_at"]
    list_select_related = ["clinician__person", "request"]
    search_fields = ["request__name", "request__email", "request__phone"]
    date_hierarchy = "starts_at"
    actions = [
        _mark_action(Booking.Status.ATTENDED),
        _mark_action(Booking.Status.NO_SHOW),
        "cancel_bookings",
        "export_csv",
    ]
    fields = ["request_link", "clinician", "starts_at", "ends_at", "status", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # A booking is cancelled (the client is told), never silently deleted.
        return False

    @admin.display(description="Client", ordering="request__name")
    def client(self, obj):
        return obj.request.name

    @admin.display(description="Phone")
    def client_phone(self, obj):
        return format_html('<a href="tel:{}">{}</a>', obj.request.phone, obj.request.phone_display)

    @admin.display(description="Request")
    def request_link(self, obj):
        url = reverse("admin:consultations_consultationrequest_change", args=[obj.request_id])
        return format_html('<a href="{}">{}</a>', url, obj.request)

    @admin.action(permissions=["change"], description="Cancel selected and email the clients")
    def cancel_bookings(self, request, queryset):
        cancelled = 0
        for booking in queryset:
            try:
                booking_cancel(booking=booking, by_staff=True)
            except BookingClosedError:
                continue
            cancelled += 1
        skipped = queryset.count() - cancelled
        message = f"{cancelled} booking(s) cancelled; each client was emailed a calendar update."
        if skipped:
            message += f" {skipped} could not be cancelled (past, marked or cancelled already)."
        self.message_user(request, message, messages.WARNING if skipped else messages.SUCCESS)

    @admin.action(permissions=["view"], description="Export selected as CSV")
    def export_csv(self, request, queryset):
        bookings = queryset.select_related("clinician__person", "request").iterator()
        return csv_download(
            filename="bookings",
            header=[name for name, _ in BOOKING_CSV_COLUMNS],
            rows=([cell(b) for _, cell in BOOKING_CSV_COLUMNS] for b in bookings),
        )
