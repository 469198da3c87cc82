from django.db import migrations

COLUMNS = [
    ("search_pagesearchtext", "labels"),
    ("search_pageembedding", "filters"),
    ("search_pagevector", "filters"),
]


class Migration(migrations.Migration):
    """The small columns that searches and similar pages read for every candidate, in the row.
    A row that holds a 2 KB vector (PLAIN) or a page's tsvector (MAIN) is above the 2 KB TOAST
    threshold whatever else it holds, so PostgreSQL moved every other column of the default
    storage out of line, however small: a candidate's labels (55 bytes) or filters (150 bytes)
    cost a TOAST index lookup each. MAIN keeps them in the row (compressed first if need be).
    The rows already written are rewritten (a new value is stored as the column now says)."""

    dependencies = [("search", "0011_page_vector_storage_plain")]

    operations = [
        migrations.RunSQL(
            [
                sql
                for table, column in COLUMNS
                for sql in (
                    f"ALTER TABLE {table} ALTER COLUMN {column} SET STORAGE MAIN",
                    f"UPDATE {table} SET {column} = {column} || '{{}}'::jsonb",
                )
            ],
            [
                f"ALTER TABLE {table} ALTER COLUMN {column} SET STORAGE EXTENDED"
                for table, column in COLUMNS
            ],
        ),
    ]
