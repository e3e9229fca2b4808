from django.db import migrations


class Migration(migrations.Migration):
    """Hand the home page and reviews over to the pages and reviews apps; the tables stay."""

    dependencies = [
        ("base", "0003_social_profiles_on_business_profile"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='homepagetreatment',
                    name='home_page',
                ),
                migrations.RemoveField(
                    model_name='homepagetreatment',
                    name='treatment',
                ),
                migrations.RemoveField(
                    model_name='review',
                    name='related_treatment',
                ),
                migrations.DeleteModel(
                    name='HomePage',
                ),
                migrations.DeleteModel(
                    name='HomePageTreatment',
                ),
                migrations.DeleteModel(
                    name='Review',
                ),
            ],
        ),
    ]
