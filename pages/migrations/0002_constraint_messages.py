from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('pages', '0001_initial'),
        ('treatments', '0002_treatment_hero_image'),
    ]

    operations = [
        migrations.AlterConstraint(
            model_name='homepage',
            name='home_page_singleton',
            constraint=models.CheckConstraint(condition=models.Q(('id', 1)), name='home_page_singleton', violation_error_message='There is only one home page: edit the existing one.'),
        ),
        migrations.AlterConstraint(
            model_name='homepagetreatment',
            name='home_page_treatment_once',
            constraint=models.UniqueConstraint(fields=('home_page', 'treatment'), name='home_page_treatment_once', violation_error_message='This treatment is already on the home page.'),
        ),
    ]
