from django.db import migrations

INDEX = "articles_article_search_gin"


def create_index(apps, schema_editor):
    # GIN is PostgreSQL-only; SQLite searches with a plain LIKE fallback instead.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_article USING gin (search_vector)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_treatments")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
