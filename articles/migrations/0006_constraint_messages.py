from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0005_drafts_revisions_review_links'),
        ('base', '0006_constraint_messages'),
        ('treatments', '0002_treatment_hero_image'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='article',
            options={'ordering': ['-published_at', '-pk'], 'verbose_name': 'guide'},
        ),
        migrations.AlterConstraint(
            model_name='article',
            name='article_status_known',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'published'])), name='article_status_known', violation_error_message='Choose draft or published.'),
        ),
        migrations.AlterConstraint(
            model_name='articleeditsession',
            name='edit_session_once',
            constraint=models.UniqueConstraint(fields=('article', 'user'), name='edit_session_once', violation_error_message='This guide is already open in this tab.'),
        ),
        migrations.AlterConstraint(
            model_name='articleeditsession',
            name='edit_session_once_per_new_guide',
            constraint=models.UniqueConstraint(condition=models.Q(('article__isnull', True)), fields=('user',), name='edit_session_once_per_new_guide', violation_error_message='This new guide is already open in this tab.'),
        ),
        migrations.AlterConstraint(
            model_name='comparisonentry',
            name='comparison_treatment_once',
            constraint=models.UniqueConstraint(fields=('article', 'treatment'), name='comparison_treatment_once', violation_error_message='This treatment is already in the comparison.'),
        ),
    ]
