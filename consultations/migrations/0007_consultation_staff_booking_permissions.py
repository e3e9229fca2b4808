from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Consultation staff"
# The front desk runs the agenda: see and change bookings (mark, cancel, rebook), book for a
# client, and block time. Clinicians' weekly hours and the booking settings stay with managers.
CODENAMES = [
    "view_booking",
    "add_booking",
    "change_booking",
    "view_clinician",
    "view_workinghours",
    "view_timeoff",
    "add_timeoff",
    "change_timeoff",
    "delete_timeoff",
    "view_bookingsettings",
]


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations; make this app's now to assign them.
    app_config = apps.get_app_config("consultations")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="consultations", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=GROUP):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="consultations", codename__in=CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [("consultations", "0006_constraint_messages")]

    operations = [migrations.RunPython(grant, revoke)]
