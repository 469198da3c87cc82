from django.db import migrations


class Migration(migrations.Migration):
    """Keep what every search reads in the table row instead of TOAST: the vectors (2 KB each
    at 512 dimensions; compressing floats saves nothing) and the keyword tsvectors (ranked for
    every candidate page). Rows written before this change move when they are next written."""

    dependencies = [("search", "0002_search_term")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE search_pageembedding ALTER COLUMN embedding SET STORAGE PLAIN",
            "ALTER TABLE search_pageembedding ALTER COLUMN embedding SET STORAGE EXTERNAL",
        ),
        migrations.RunSQL(
            "ALTER TABLE search_pagesearchtext ALTER COLUMN search_vector SET STORAGE MAIN",
            "ALTER TABLE search_pagesearchtext ALTER COLUMN search_vector SET STORAGE EXTENDED",
        ),
    ]
