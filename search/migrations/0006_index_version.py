from django.db import migrations


class Migration(migrations.Migration):
    """A counter bumped by every change to the search tables: cached results (similar cases)
    carry the value they were computed at and are recomputed once it moves."""

    dependencies = [("search", "0005_embedding_filters_gin")]

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE search_index_version",
            "DROP SEQUENCE search_index_version",
        )
    ]
