from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('consultations', '0005_request_notes_log_and_follow_up'),
        ('post_office', '0014_alter_email_recipient_delivery_status_and_more'),
        ('treatments', '0002_treatment_hero_image'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterConstraint(
            model_name='booking',
            name='booking_ends_later',
            constraint=models.CheckConstraint(condition=models.Q(('ends_at__gt', models.F('starts_at'))), name='booking_ends_later', violation_error_message='A booking must end after it starts.'),
        ),
        migrations.AlterConstraint(
            model_name='booking',
            name='booking_status_valid',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['booked', 'cancelled', 'attended', 'no_show'])), name='booking_status_valid', violation_error_message='Choose one of the listed booking statuses.'),
        ),
        migrations.AlterConstraint(
            model_name='bookingsettings',
            name='booking_length_at_least_5',
            constraint=models.CheckConstraint(condition=models.Q(('length_minutes__gte', 5)), name='booking_length_at_least_5', violation_error_message='A consultation lasts at least 5 minutes.'),
        ),
        migrations.AlterConstraint(
            model_name='bookingsettings',
            name='booking_mode_valid',
            constraint=models.CheckConstraint(condition=models.Q(('mode__in', ['in_person', 'video'])), name='booking_mode_valid', violation_error_message='Choose in person or video call.'),
        ),
        migrations.AlterConstraint(
            model_name='consultationrequest',
            name='consultation_submission_key_unique',
            constraint=models.UniqueConstraint(fields=('submission_key',), name='consultation_submission_key_unique', violation_error_message='This request has already been sent.'),
        ),
        migrations.AlterConstraint(
            model_name='consultationrequest',
            name='consultation_status_valid',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['new', 'contacted', 'booked', 'closed', 'declined'])), name='consultation_status_valid', violation_error_message='Choose one of the listed statuses.'),
        ),
        migrations.AlterConstraint(
            model_name='consultationrequest',
            name='consultation_contact_method_valid',
            constraint=models.CheckConstraint(condition=models.Q(('contact_method__in', ['call', 'text', 'email'])), name='consultation_contact_method_valid', violation_error_message='Choose phone call, text message or email.'),
        ),
        migrations.AlterConstraint(
            model_name='timeoff',
            name='time_off_ends_later',
            constraint=models.CheckConstraint(condition=models.Q(('ends_at__gt', models.F('starts_at'))), name='time_off_ends_later', violation_error_message='Time off must end later than it starts.'),
        ),
        migrations.AlterConstraint(
            model_name='workinghours',
            name='working_hours_ends_later',
            constraint=models.CheckConstraint(condition=models.Q(('ends__gt', models.F('starts'))), name='working_hours_ends_later', violation_error_message='The end time must be later than the start time.'),
        ),
    ]
