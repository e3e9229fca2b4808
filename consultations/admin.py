from django.contrib import admin, messages
from django.utils import timezone

from base.csv_export import csv_download

# Bookings, clinicians and the agenda have their own module; importing it registers them.
from consultations import booking_admin  # noqa: F401
from consultations.models import ConsultationRequest
from consultations.services import CLIENT_SUBJECT, STAFF_SUBJECT

CSV_COLUMNS = [
    ("Received", lambda c: c.created_at),
    ("Name", lambda c: c.name),
    ("Email", lambda c: c.email),
    ("Phone", lambda c: c.phone_display),
    ("Treatment", lambda c: str(c.treatment or "Not sure yet")),
    ("Preferred contact", lambda c: c.get_contact_method_display()),
    ("Preferred times", lambda c: c.preferred_times_display),
    ("Message", lambda c: c.message),
    ("Status", lambda c: c.get_status_display()),
    ("Assigned to", lambda c: c.assigned_to),
    ("Staff notes", lambda c: c.staff_notes),
    ("Came from", lambda c: c.referrer_path),
    ("Consent version", lambda c: c.consent_version),
]


REQUEST_FIELDS = [
    "name",
    "email",
    "phone_display",
    "treatment",
    "contact_method",
    "preferred_times_display",
    "message",
]
RECORD_FIELDS = [
    "created_at",
    "updated_at",
    "consent_version",
    "consented_at",
    "referrer_path",
    "preselected_treatment",
    "email_delivery",
]


def _status_action(status):
    @admin.action(permissions=["change"], description=f"Mark selected as {status.label.lower()}")
    def action(modeladmin, request, queryset):
        count = queryset.update(status=status, updated_at=timezone.now())
        modeladmin.message_user(
            request, f"{count} request(s) marked as {status.label.lower()}.", messages.SUCCESS
        )

    action.__name__ = f"mark_{status.value}"
    return action


@admin.register(ConsultationRequest)
class ConsultationRequestAdmin(admin.ModelAdmin):
    list_display = ["created_at", "name", "treatment", "status", "contact_method", "assigned_to"]
    list_filter = ["status", "contact_method", "treatment", "assigned_to", "created_at"]
    list_select_related = ["treatment", "assigned_to"]
    search_fields = ["name", "email", "phone"]
    date_hierarchy = "created_at"
    actions = [
        *(_status_action(status) for status in ConsultationRequest.Status if status != "new"),
        "export_csv",
    ]
    fieldsets = [
        ("Follow-up", {"fields": ["status", "assigned_to", "staff_notes"]}),
        ("Request", {"fields": REQUEST_FIELDS}),
        ("Record", {"fields": RECORD_FIELDS}),
    ]
    # What the client sent is their record: staff follow it up but do not rewrite it.
    readonly_fields = REQUEST_FIELDS + RECORD_FIELDS

    def has_add_permission(self, request):
        return False

    @admin.display(description="Phone")
    def phone_display(self, obj):
        return obj.phone_display

    @admin.display(description="Preferred times")
    def preferred_times_display(self, obj):
        return obj.preferred_times_display

    @admin.display(description="Emails about this request")
    def email_delivery(self, obj):
        """Show whether each email went out; failures and their logs are under Post Office."""
        names = {STAFF_SUBJECT: "Staff notification", CLIENT_SUBJECT: "Confirmation to client"}
        statuses = [
            f"{names.get(email.subject, 'Email')}: {email.get_status_display() or 'sending'}"
            for email in obj.emails.order_by("id")
        ]
        return "; ".join(statuses) or "None"

    @admin.action(permissions=["view"], description="Export selected as CSV")
    def export_csv(self, request, queryset):
        consultations = queryset.select_related("treatment", "assigned_to").iterator()
        return csv_download(
            filename="consultation-requests",
            header=[name for name, _ in CSV_COLUMNS],
            rows=([cell(c) for _, cell in CSV_COLUMNS] for c in consultations),
        )
