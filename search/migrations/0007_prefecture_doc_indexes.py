from django.db import migrations

PREFECTURES = range(1, 48)  # JIS X 0401 codes


def create_sql() -> str:
    return ";\n".join(
        f"CREATE INDEX search_embedding_doc_pref_{code:02d} ON search_pageembedding "
        "USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64) "
        f"WHERE chunk = 0 AND (filters ->> 'prefecture') = '{code}'"
        for code in PREFECTURES
    )


def drop_sql() -> str:
    return ";\n".join(
        f"DROP INDEX IF EXISTS search_embedding_doc_pref_{code:02d}" for code in PREFECTURES
    )


class Migration(migrations.Migration):
    """One small HNSW index of document vectors per prefecture: 同じ都道府県の類似事例 is a
    nearest-neighbour search among one prefecture's pages, which a filtered scan of the national
    index answers only slowly (it must step over the other 46 prefectures' pages)."""

    dependencies = [("search", "0006_index_version")]

    operations = [migrations.RunSQL(create_sql(), drop_sql())]
