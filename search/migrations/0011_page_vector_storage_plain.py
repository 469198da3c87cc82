from django.db import migrations


class Migration(migrations.Migration):
    """The whole-page vectors in the table row, as the chunk vectors are since 0003: with the
    vector type's default (EXTERNAL) every 2 KB vector sat in TOAST, so reading a candidate's
    whole-page vector for similar pages meant a TOAST index lookup and two chunk reads. The
    rows already written are rewritten (the cast makes a new value, which the PLAIN column
    keeps inline)."""

    dependencies = [("search", "0010_page_vector_posting_impact")]

    operations = [
        migrations.RunSQL(
            [
                "ALTER TABLE search_pagevector ALTER COLUMN embedding SET STORAGE PLAIN",
                "UPDATE search_pagevector SET embedding = embedding::real[]::vector",
            ],
            "ALTER TABLE search_pagevector ALTER COLUMN embedding SET STORAGE EXTERNAL",
        ),
    ]
