# Joins issue 12's opening hours (issue-12a) and issue 14's constraint messages (main), both
# numbered 0006; no operations. Drop it if the two are renumbered into one line instead.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("base", "0006_constraint_messages"),
        ("base", "0006_opening_hours_windows_and_closures"),
    ]

    operations = []
