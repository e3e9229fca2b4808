import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def staff_notes_to_log(apps, schema_editor):
    """Keep each request's old notes box as the first entry of its log."""
    ConsultationRequest = apps.get_model("consultations", "ConsultationRequest")
    RequestNote = apps.get_model("consultations", "RequestNote")
    RequestNote.objects.bulk_create(
        RequestNote(request_id=pk, kind="note", created_at=updated_at, text=notes)
        for pk, notes, updated_at in ConsultationRequest.objects.exclude(staff_notes="")
        .values_list("pk", "staff_notes", "updated_at")
        .iterator()
    )


def log_to_staff_notes(apps, schema_editor):
    ConsultationRequest = apps.get_model("consultations", "ConsultationRequest")
    RequestNote = apps.get_model("consultations", "RequestNote")
    for consultation in ConsultationRequest.objects.filter(notes__kind="note").distinct():
        notes = RequestNote.objects.filter(request=consultation, kind="note")
        consultation.staff_notes = "\n\n".join(note.text for note in notes)
        consultation.save(update_fields=["staff_notes"])


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0004_booking_no_overlap"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="consultationrequest",
            name="follow_up_on",
            field=models.DateField(
                blank=True,
                db_index=True,
                help_text="The day someone should get back to the client; empty when nothing is due.",
                null=True,
                verbose_name="follow up on",
            ),
        ),
        migrations.CreateModel(
            name="InboxVisit",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("seen_at", models.DateTimeField()),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="RequestNote",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("note", "Note"),
                            ("status", "Status change"),
                            ("email", "Email to client"),
                        ],
                        default="note",
                        max_length=10,
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(db_index=True, default=django.utils.timezone.now),
                ),
                (
                    "text",
                    models.TextField(
                        help_text="Internal; never shown to the client.", max_length=2000
                    ),
                ),
                (
                    "author",
                    models.ForeignKey(
                        blank=True,
                        help_text="Who wrote it; empty for notes from before the log existed.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "request",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notes",
                        to="consultations.consultationrequest",
                    ),
                ),
            ],
            options={
                "ordering": ["created_at", "id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["note", "status", "email"])),
                        name="consultation_note_kind_valid",
                        violation_error_message="Choose note, status change or email.",
                    )
                ],
            },
        ),
        migrations.RunPython(staff_notes_to_log, log_to_staff_notes),
        migrations.RemoveField(
            model_name="consultationrequest",
            name="staff_notes",
        ),
    ]
