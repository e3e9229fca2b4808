from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reviews', '0001_initial'),
        ('treatments', '0002_treatment_hero_image'),
    ]

    operations = [
        migrations.AlterConstraint(
            model_name='review',
            name='review_unique_per_source',
            constraint=models.UniqueConstraint(fields=('source', 'source_review_id'), name='review_unique_per_source', violation_error_message='This review has already been imported.'),
        ),
        migrations.AlterConstraint(
            model_name='review',
            name='review_rating_1_to_5',
            constraint=models.CheckConstraint(condition=models.Q(('rating__isnull', True), models.Q(('rating__gte', 1), ('rating__lte', 5)), _connector='OR'), name='review_rating_1_to_5', violation_error_message='A rating is from 1 to 5 stars.'),
        ),
    ]
