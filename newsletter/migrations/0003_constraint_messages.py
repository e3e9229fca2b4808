import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0006_constraint_messages'),
        ('newsletter', '0002_announcement_intro'),
    ]

    operations = [
        migrations.AlterConstraint(
            model_name='delivery',
            name='newsletter_delivery_once_per_subscriber',
            constraint=models.UniqueConstraint(fields=('article', 'subscriber'), name='newsletter_delivery_once_per_subscriber', violation_error_message='This subscriber has already been sent this guide.'),
        ),
        migrations.AlterConstraint(
            model_name='subscriber',
            name='newsletter_subscriber_email_ci_unique',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('email'), name='newsletter_subscriber_email_ci_unique', violation_error_message='This email address is already on the list.'),
        ),
    ]
