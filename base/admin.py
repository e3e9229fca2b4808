from django.contrib import admin

from base.models import BusinessProfile, OpeningHours, Person


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


@admin.register(BusinessProfile)
class BusinessProfileAdmin(admin.ModelAdmin):
    inlines = [OpeningHoursInline]
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

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "order", "is_on_team_page"]
    list_editable = ["order", "is_on_team_page"]
    search_fields = ["name", "role", "credentials"]
    prepopulated_fields = {"slug": ["name"]}
