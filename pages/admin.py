from django.contrib import admin

from pages.models import HomePage, HomePageTreatment


class HomePageTreatmentInline(admin.TabularInline):
    model = HomePageTreatment
    extra = 1
    verbose_name_plural = "featured treatments (shown in this order)"


@admin.register(HomePage)
class HomePageAdmin(admin.ModelAdmin):
    inlines = [HomePageTreatmentInline]
    fields = ["hero_heading", "hero_text", "promises", "hero_image", "hero_alt", "meta_description"]

    def has_add_permission(self, request):
        return not HomePage.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
