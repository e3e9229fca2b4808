from django.db import migrations

# PostgreSQL only: SQLite books inside one write-locked transaction instead (consultations/booking.py).
NO_OVERLAP = """
ALTER TABLE consultations_booking ADD CONSTRAINT booking_no_overlap EXCLUDE USING gist (
    clinician_id WITH =,
    tstzrange(starts_at, ends_at, '[)') WITH &&
) WHERE (status <> 'cancelled')
"""


def constraint_add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        schema_editor.execute(NO_OVERLAP)


def constraint_remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE consultations_booking DROP CONSTRAINT IF EXISTS booking_no_overlap"
        )


class Migration(migrations.Migration):
    dependencies = [("consultations", "0003_bookings")]

    operations = [migrations.RunPython(constraint_add, constraint_remove)]
