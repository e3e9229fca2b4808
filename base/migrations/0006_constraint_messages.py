from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('base', '0005_edge_purge'),
    ]

    operations = [
        migrations.AlterConstraint(
            model_name='businessprofile',
            name='business_profile_singleton',
            constraint=models.CheckConstraint(condition=models.Q(('id', 1)), name='business_profile_singleton', violation_error_message='There is only one business profile: edit that one.'),
        ),
    ]
