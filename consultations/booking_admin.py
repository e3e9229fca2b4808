"""The staff side of booked consultations: clinicians, their hours, settings, bookings, agenda.

Kept apart from admin.py (the consultation requests) so each can change on its own.
"""

from datetime import timedelta
from itertools import groupby

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods, require_POST

from base.admin import SingleRecordAdmin
from base.csv_export import csv_download
from consultations.availability import free_slots, slots_by_day
from consultations.booking import SlotTakenError
from consultations.forms import BookingMoveForm, StaffBookingForm
from consultations.lifecycle import (
    BookingClosedError,
    booking_cancel,
    booking_is_changeable,
    booking_mark,
    booking_move,
    local_day_starts_at,
)
from consultations.models import Booking, BookingSettings, Clinician, TimeOff, WorkingHours
from consultations.services import booking_create_for_client


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
class BookingSettingsAdmin(SingleRecordAdmin):
    """One record: the list page opens straight at its form."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

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

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not BookingSettings.objects.exists()

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
    change_list_template = "admin/consultations/booking/change_list.html"
    change_form_template = "admin/consultations/booking/change_form.html"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("agenda/", view(self.agenda_view), name="consultations_booking_agenda"),
            path(
                "<int:pk>/mark/",
                view(require_POST(self.mark_view)),
                name="consultations_booking_mark",
            ),
            path("book/", view(self.book_view), name="consultations_booking_book"),
            path("<int:pk>/move/", view(self.move_view), name="consultations_booking_move"),
            path(
                "<int:pk>/cancel/",
                view(require_http_methods(["GET", "HEAD", "POST"])(self.cancel_view)),
                name="consultations_booking_cancel",
            ),
            *super().get_urls(),
        ]

    def agenda_view(self, request):
        """Show today's and the next six days' bookings, per day and clinician, in local time."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        starts = local_day_starts_at(today)
        bookings = (
            Booking.objects.active()
            .filter(
                starts_at__gte=starts,
                starts_at__lt=local_day_starts_at(today + timedelta(days=7)),
            )
            .select_related("clinician__person", "request")
            .order_by("starts_at")
        )
        days = []
        for day, of_day in groupby(bookings, key=lambda b: timezone.localdate(b.starts_at)):
            by_clinician = {}
            for booking in of_day:
                by_clinician.setdefault(booking.clinician, []).append(booking)
            days.append({"date": day, "clinicians": by_clinician.items()})
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Consultation agenda",
            "today": today,
            "days": days,
            "can_change": self.has_change_permission(request),
            "now": timezone.now(),
            "time_zone": settings.TIME_ZONE,
        }
        return TemplateResponse(request, "admin/consultations/booking/agenda.html", context)

    def mark_view(self, request, pk):
        """Mark one booking attended or no-show (the agenda's buttons)."""
        booking = self._booking_to_change(request, pk)
        status = request.POST.get("status")
        if status in (Booking.Status.ATTENDED, Booking.Status.NO_SHOW):
            booking_mark(booking=booking, status=status)
            label = Booking.Status(status).label.lower()
            self.message_user(request, f"{booking} marked as {label}.", messages.SUCCESS)
        return redirect("admin:consultations_booking_agenda")

    def cancel_view(self, request, pk):
        """Ask, then cancel one booking and email the client the same update as their link."""
        booking = self._booking_to_change(request, pk)
        if request.method == "POST":
            try:
                booking_cancel(booking=booking, by_staff=True)
            except BookingClosedError:
                self.message_user(
                    request, "This booking can no longer be cancelled.", messages.WARNING
                )
            else:
                self.message_user(
                    request,
                    f"{booking} cancelled; the client was emailed a calendar update.",
                    messages.SUCCESS,
                )
            return redirect("admin:consultations_booking_change", booking.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": booking,
            "title": "Cancel this booking?",
            "changeable": booking_is_changeable(booking),
        }
        return TemplateResponse(request, "admin/consultations/booking/cancel.html", context)

    def move_view(self, request, pk):
        """Move one booking to another free time; the client gets the same updated invite."""
        booking = self._booking_to_change(request, pk)
        form = BookingMoveForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            try:
                booking = booking_move(
                    booking=booking, starts_at=form.cleaned_data["slot"], by_staff=True
                )
            except BookingClosedError:
                self.message_user(request, "This booking can no longer be moved.", messages.WARNING)
                return redirect("admin:consultations_booking_change", booking.pk)
            except SlotTakenError:
                form.add_error("slot", "That time was just booked. Please choose another.")
            else:
                self.message_user(
                    request,
                    f"Moved to {timezone.localtime(booking.starts_at):%A %-d %B, %-I:%M %p} with "
                    f"{booking.clinician}; the client was emailed an updated invite.",
                    messages.SUCCESS,
                )
                return redirect("admin:consultations_booking_change", booking.pk)
        return self._slot_form_page(
            request,
            form,
            title="Move this booking",
            original=booking,
            changeable=booking_is_changeable(booking),
        )

    def book_view(self, request):
        """Book a free time for a client on the phone, with the same emails as the website's."""
        # has_add_permission() is False: the plain add form would skip the emails.
        if not request.user.has_perm("consultations.add_booking"):
            raise PermissionDenied
        form = StaffBookingForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            data = form.cleaned_data
            try:
                booking = booking_create_for_client(
                    submission_key=data["submission_key"],
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    starts_at=data["slot"],
                    staff_user=request.user,
                )
            except SlotTakenError:
                form.add_error("slot", "That time was just booked. Please choose another.")
            else:
                self.message_user(
                    request,
                    f"Booked {booking}; the client was emailed the confirmation and invite.",
                    messages.SUCCESS,
                )
                return redirect("admin:consultations_booking_change", booking.pk)
        return self._slot_form_page(request, form, title="Book a consultation for a client")

    def _booking_to_change(self, request, pk):
        """Return the booking, or refuse staff who may not change bookings."""
        booking = get_object_or_404(
            Booking.objects.select_related("clinician__person", "request"), pk=pk
        )
        if not self.has_change_permission(request, booking):
            raise PermissionDenied
        return booking

    def _slot_form_page(self, request, form, **context):
        slots = free_slots()
        return TemplateResponse(
            request,
            "admin/consultations/booking/slot_form.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "form": form,
                "slot_days": slots_by_day(slots, days=14),
                "chosen_slot": request.POST.get("slot", ""),
                **context,
            },
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["changeable"] = obj is not None and booking_is_changeable(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

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
