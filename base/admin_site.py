"""The admin site: the spa's daily work first, the site's upkeep last and for superusers."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

# Sections in the order staff reach for them; apps not named here follow these.
DAILY_APPS = ["consultations", "articles", "treatments", "newsletter", "reviews", "pages", "base"]
# Sections that keep the site running rather than the spa's day, with the names staff know.
TECHNICAL_APPS = {"axes": "Login security", "post_office": "Email queue"}
# Models of daily sections that are upkeep too: they move to "Site upkeep".
UPKEEP_MODELS = {("articles", "ArticleSlugHistory"), ("base", "EdgePurge")}
STAFF_ACCOUNTS = "auth"


class SpaAdminSite(admin.AdminSite):
    site_header = "Solenne Med Spa: staff admin"
    site_title = "Solenne staff admin"
    index_title = "Website and client requests"
    # The side menu repeats the index and takes a quarter of a laptop screen from the lists.
    enable_nav_sidebar = False

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        if app_label is not None:
            return app_list
        return admin_sections(app_list, show_technical=request.user.is_superuser)


def admin_sections(app_list, *, show_technical):
    """Return the index's sections: daily work, other apps, staff accounts, then upkeep."""
    upkeep = []
    for app in app_list:
        moved = [m for m in app["models"] if (app["app_label"], m["object_name"]) in UPKEEP_MODELS]
        upkeep.extend(moved)
        app["models"] = [m for m in app["models"] if m not in moved]
    by_label = {app["app_label"]: app for app in app_list if app["models"]}
    daily = [by_label.pop(label) for label in DAILY_APPS if label in by_label]
    for app in daily:
        # The section's own list first: Guides › Guides before Guides › Topics.
        app["models"].sort(key=lambda model, name=app["name"]: model["name"] != name)
    technical = [by_label.pop(label) for label in TECHNICAL_APPS if label in by_label]
    accounts = [by_label.pop(STAFF_ACCOUNTS)] if STAFF_ACCOUNTS in by_label else []
    for app in accounts:
        app["name"] = "Staff accounts"
    for app in technical:
        app["name"] = TECHNICAL_APPS[app["app_label"]]
    if upkeep:
        technical.append(
            {
                "name": "Site upkeep",
                "app_label": "upkeep",
                "app_url": upkeep[0]["admin_url"] or "",
                "has_module_perms": True,
                "models": upkeep,
            }
        )
    others = list(by_label.values())
    return [*daily, *others, *accounts, *(technical if show_technical else [])]


class SpaAdminConfig(AdminConfig):
    default_site = "base.admin_site.SpaAdminSite"
