import re
from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join

from base.csv_export import csv_download
from consultations.models import Booking, ConsultationRequest, InboxVisit
from consultations.services import (
    CLIENT_SUBJECT,
    STAFF_MESSAGE_SUBJECT,
    STAFF_SUBJECT,
    client_email_send,
    request_note_add,
    request_status_change_log,
    requests_status_set,
)

# -- Consultation requests: the front desk's inbox ----------------------------------------------


def _local(moment, format="M j, g:i A"):
    return date_format(timezone.localtime(moment), format)


def _person(user):
    return (user.get_full_name() or user.get_username()) if user else ""


def _notes_text(consultation):
    return "\n".join(
        f"{_local(note.created_at, 'Y-m-d H:i')} {_person(note.author) or 'Earlier notes'}: "
        f"{note.text}"
        for note in consultation.notes.all()
    )


def _treatment_link(treatment):
    # The public page, which every viewer may open (the treatments admin would be a 403 for
    # front-desk staff); a hidden treatment has no page to go to.
    if not treatment.is_published:
        return treatment.name
    return format_html('<a href="{}">{}</a>', treatment.get_absolute_url(), treatment.name)


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
    ("Assigned to", lambda c: _person(c.assigned_to)),
    ("Follow up on", lambda c: c.follow_up_on),
    ("Notes", _notes_text),
    ("Came from", lambda c: c.referrer_path),
    ("Consent version", lambda c: c.consent_version),
]

REQUEST_FIELDS = [
    "name",
    "email_link",
    "phone_link",
    "treatment_link",
    "contact_method",
    "preferred_times_display",
    "message",
]
RECORD_FIELDS = [
    "received",
    "updated_at",
    "consent_version",
    "consented_at",
    "referrer_path",
    "preselected_treatment_link",
    "email_delivery",
]
# A search made only of these characters may be a phone number typed any way people type one.
PHONE_SEARCH = re.compile(r"^[\d\s().+\-]+$")
LAST_VISIT_SESSION_KEY = "consultations_previous_visit"


class ReceivedFilter(admin.SimpleListFilter):
    title = "date received"
    parameter_name = "received"

    def lookups(self, request, model_admin):
        return [
            ("since_last_visit", "New since my last visit"),
            ("today", "Today"),
            ("yesterday", "Yesterday"),
            ("week", "Past 7 days"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "since_last_visit":
            previous = request.session.get(LAST_VISIT_SESSION_KEY)
            return queryset.filter(created_at__gt=previous) if previous else queryset
        first_day = {
            "today": today,
            "yesterday": today - timedelta(days=1),
            "week": today - timedelta(days=6),
        }.get(self.value())
        if first_day is None:
            return queryset
        last_day = first_day if self.value() == "yesterday" else today
        # __date compares in the spa's time zone, so "today" is the spa's day.
        return queryset.filter(created_at__date__range=(first_day, last_day))


class FollowUpFilter(admin.SimpleListFilter):
    title = "follow-up"
    parameter_name = "follow_up"

    def lookups(self, request, model_admin):
        return [
            ("due", "Due today or overdue"),
            ("overdue", "Overdue"),
            ("later", "Later"),
            ("none", "No date set"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        lookups = {
            "due": {"follow_up_on__lte": today},
            "overdue": {"follow_up_on__lt": today},
            "later": {"follow_up_on__gt": today},
            "none": {"follow_up_on__isnull": True},
        }
        if self.value() in lookups:
            return queryset.filter(**lookups[self.value()])
        return queryset


class AssigneeFilter(admin.RelatedFieldListFilter):
    """Staff by full name, as the list shows them."""

    def field_choices(self, field, request, model_admin):
        users = field.related_model.objects.filter(is_staff=True, is_active=True)
        return [(user.pk, _person(user)) for user in users.order_by("first_name", "username")]


class ConsultationRequestForm(forms.ModelForm):
    new_note = forms.CharField(
        label="Add a note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Added to the log with your name and the time; earlier notes stay as they are.",
    )
    client_message = forms.CharField(
        label="Email the client",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            f"Sent when you save, with the subject “{STAFF_MESSAGE_SUBJECT}”. It starts “Dear "
            "(client's name),” and ends with your name and the spa's. Keep health details out "
            "of email; a copy goes in the log."
        ),
    )

    class Meta:
        model = ConsultationRequest
        fields = ["status", "assigned_to", "follow_up_on"]


def _status_action(status):
    @admin.action(permissions=["change"], description=f"Mark selected as {status.label.lower()}")
    def action(modeladmin, request, queryset):
        count = requests_status_set(consultations=queryset, status=status, author=request.user)
        modeladmin.message_user(
            request, f"{count} request(s) marked as {status.label.lower()}.", messages.SUCCESS
        )

    action.__name__ = f"mark_{status.value}"
    return action


@admin.register(ConsultationRequest)
class ConsultationRequestAdmin(admin.ModelAdmin):
    form = ConsultationRequestForm
    # Name and status first: on a phone they are what shows without scrolling the table.
    list_display = [
        "name",
        "status",
        "phone_link",
        "email_link",
        "booked_time",
        "treatment_link",
        "assignee",
        "received",
    ]
    list_display_links = ["name"]
    list_filter = [
        ReceivedFilter,
        "status",
        FollowUpFilter,
        "contact_method",
        "treatment",
        ("assigned_to", AssigneeFilter),
    ]
    list_select_related = ["treatment", "assigned_to"]
    search_fields = ["name", "email", "phone"]
    search_help_text = "Name, email, or phone number typed any way, e.g. (503) 555-0187."
    date_hierarchy = "created_at"
    actions = [
        *(_status_action(status) for status in ConsultationRequest.Status if status != "new"),
        "export_csv",
    ]
    fieldsets = [
        (
            "Follow-up",
            {"fields": ["status", "booked_time", "assigned_to", "follow_up_on", "log", "new_note"]},
        ),
        ("Email the client", {"fields": ["client_message"]}),
        ("Request", {"fields": REQUEST_FIELDS}),
        ("Record", {"fields": RECORD_FIELDS}),
    ]
    # What the client sent is their record: staff follow it up but do not rewrite it.
    readonly_fields = ["booked_time", "log", *REQUEST_FIELDS, *RECORD_FIELDS]

    class Media:
        css = {"all": ["css/admin-consultations.css"]}

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "bookings",
                    queryset=Booking.objects.active().only("request_id", "starts_at"),
                    to_attr="active_bookings",
                )
            )
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "assigned_to":
            field.label_from_instance = _person
        return field

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        digits = re.sub(r"\D", "", search_term).lstrip("0")
        if PHONE_SEARCH.match(search_term.strip()) and len(digits) >= 4:
            results |= queryset.filter(phone__contains=digits)
        return results, may_have_duplicates

    def changelist_view(self, request, extra_context=None):
        # "New since my last visit" means since the last list this user saw in an earlier
        # session, so it stays put while they click around in this one.
        if LAST_VISIT_SESSION_KEY not in request.session:
            visit = InboxVisit.objects.filter(user=request.user).first()
            request.session[LAST_VISIT_SESSION_KEY] = visit.seen_at.isoformat() if visit else ""
        InboxVisit.objects.update_or_create(user=request.user, defaults={"seen_at": timezone.now()})
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        status_changed = change and "status" in form.changed_data
        super().save_model(request, obj, form, change)
        if status_changed:
            request_status_change_log(
                consultation=obj, previous=form.initial["status"], author=request.user
            )
        if note := form.cleaned_data.get("new_note", "").strip():
            request_note_add(consultation=obj, author=request.user, text=note)
        if message := form.cleaned_data.get("client_message", "").strip():
            client_email_send(consultation=obj, author=request.user, message=message)
            self.message_user(request, f"Your email to {obj.name} is on its way.", messages.SUCCESS)

    @admin.display(description="Phone")
    def phone_link(self, obj):
        return format_html('<a href="tel:{}">{}</a>', obj.phone, obj.phone_display)

    @admin.display(description="Email", ordering="email")
    def email_link(self, obj):
        # A narrow column breaks the address before the @, not in the middle of a word.
        local, _, domain = obj.email.rpartition("@")
        return format_html('<a href="mailto:{}">{}<wbr>@{}</a>', obj.email, local, domain)

    @admin.display(description="Treatment", ordering="treatment__name")
    def treatment_link(self, obj):
        return _treatment_link(obj.treatment) if obj.treatment else "Not sure yet"

    @admin.display(description="Form opened for")
    def preselected_treatment_link(self, obj):
        return _treatment_link(obj.preselected_treatment) if obj.preselected_treatment else "–"

    @admin.display(description="Booked time")
    def booked_time(self, obj):
        # get_queryset() fetched the active bookings with the requests.
        bookings = obj.active_bookings
        return _local(bookings[-1].starts_at, "D M j, g:i A") if bookings else "–"

    @admin.display(description="Assigned to", ordering="assigned_to__first_name")
    def assignee(self, obj):
        return _person(obj.assigned_to) or "–"

    @admin.display(description="Received", ordering="created_at")
    def received(self, obj):
        return _local(obj.created_at)

    @admin.display(description="Preferred times")
    def preferred_times_display(self, obj):
        return obj.preferred_times_display

    @admin.display(description="Log")
    def log(self, obj):
        notes = obj.notes.select_related("author")
        if not notes:
            return "Nothing yet."
        return format_html(
            '<ol class="request-log">{}</ol>',
            format_html_join(
                "",
                '<li><span class="request-log-meta">{} · {} · {}</span>{}</li>',
                (
                    (
                        _local(note.created_at, "D M j, Y, g:i A"),
                        _person(note.author) or "Earlier notes",
                        note.get_kind_display(),
                        format_html("<p>{}</p>", note.text),
                    )
                    for note in notes
                ),
            ),
        )

    @admin.display(description="Emails about this request")
    def email_delivery(self, obj):
        """Show whether each email went out; failures and their logs are under Post Office."""
        names = {
            STAFF_SUBJECT: "Staff notification",
            CLIENT_SUBJECT: "Confirmation to client",
            STAFF_MESSAGE_SUBJECT: "Message to client",
        }
        statuses = [
            f"{names.get(email.subject, 'Email')}: {email.get_status_display() or 'sending'}"
            for email in obj.emails.order_by("id")
        ]
        return "; ".join(statuses) or "None"

    @admin.action(permissions=["view"], description="Export selected as CSV")
    def export_csv(self, request, queryset):
        consultations = (
            queryset.select_related("treatment", "assigned_to")
            .prefetch_related("notes__author")
            .iterator(chunk_size=500)
        )
        return csv_download(
            filename="consultation-requests",
            header=[name for name, _ in CSV_COLUMNS],
            rows=([cell(c) for _, cell in CSV_COLUMNS] for c in consultations),
        )
