import itertools

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator

from base.edge import edge_purge_failing
from base.models import BusinessProfile, Closure, EdgePurge, OpeningHours, Person


class OpeningHoursFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        windows = sorted(
            (form.cleaned_data["weekday"], form.cleaned_data["opens"], form.cleaned_data["closes"])
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and {"weekday", "opens", "closes"} <= form.cleaned_data.keys()
        )
        for (day, opens, closes), (next_day, next_opens, next_closes) in itertools.pairwise(
            windows
        ):
            if day == next_day and next_opens < closes:
                raise ValidationError(
                    f"On {OpeningHours.Weekday(day).label} the hours {opens:%H:%M}–{closes:%H:%M} "
                    f"and {next_opens:%H:%M}–{next_closes:%H:%M} overlap. Make one end before "
                    "the other starts, or join them into one row.",
                    code="overlap",
                )


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    formset = OpeningHoursFormSet
    extra = 0


class ClosureInline(admin.TabularInline):
    model = Closure
    extra = 0


class SingleRecordAdmin(admin.ModelAdmin):
    """The admin of a model kept as one record: the list opens straight at its form."""

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # One record: a list of one would only be a click in the way.
        opts = self.model._meta
        record = self.model.objects.first()
        if record is None:
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_add")
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", record.pk)


@admin.register(BusinessProfile)
class BusinessProfileAdmin(SingleRecordAdmin):
    inlines = [OpeningHoursInline, ClosureInline]
    fieldsets = [
        (None, {"fields": ["name", "tagline"]}),
        ("Contact", {"fields": ["phone", "phone_e164", "email", "booking_url"]}),
        (
            "Address",
            {"fields": ["street_address", "locality", "region", "postal_code", "country"]},
        ),
        ("Links", {"fields": ["google_profile_url", "map_url"]}),
        (
            "Social profiles",
            {"fields": BusinessProfile.SOCIAL_PROFILE_FIELDS},
        ),
        ("Footer", {"fields": ["medical_disclaimer"]}),
    ]

    def has_add_permission(self, request):
        return not BusinessProfile.objects.exists()


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "order", "is_on_team_page"]
    list_editable = ["order", "is_on_team_page"]
    search_fields = ["name", "role", "credentials"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(EdgePurge)
class EdgePurgeAdmin(admin.ModelAdmin):
    """Purges of the edge (CDN or caching proxy): read-only, with a way to send one again now."""

    list_display = ["requested_at", "state", "attempts", "progress", "error"]
    list_filter = ["status"]
    actions = ["send_again_now"]
    fields = ["state", "requested_at", "attempts", "next_attempt_at", "purged_at", "last_error"]
    readonly_fields = fields

    def has_view_permission(self, request, obj=None):
        # Nothing to see unless the site has an edge to purge (EDGE_BACKEND).
        return bool(settings.EDGE_BACKEND) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="status", ordering="status")
    def state(self, purge):
        if purge.status == EdgePurge.Status.QUEUED and purge.attempts:
            return "Failed; retrying"
        return purge.get_status_display()

    @admin.display(description="confirmed or next try")
    def progress(self, purge):
        if purge.status == EdgePurge.Status.DONE:
            label, moment = "Confirmed", purge.purged_at
        else:
            label, moment = "Next try", purge.next_attempt_at
        return f"{label} {date_format(timezone.localtime(moment), 'DATETIME_FORMAT')}"

    @admin.display(description="last error")
    def error(self, purge):
        return Truncator(purge.last_error).chars(80)

    @admin.action(description="Send the selected purges again now", permissions=["view"])
    def send_again_now(self, request, queryset):
        count = queryset.exclude(status=EdgePurge.Status.DONE).update(
            next_attempt_at=timezone.now()
        )
        self.message_user(request, f"{count} purge(s) will be sent within seconds.")

    def changelist_view(self, request, extra_context=None):
        failing = edge_purge_failing()
        if failing is not None:
            self.message_user(
                request,
                "The edge has not confirmed the latest purge, so visitors may still see older "
                f"pages. The worker keeps retrying. Last error: {failing.last_error}",
                level=messages.WARNING,
            )
        return super().changelist_view(request, extra_context)
