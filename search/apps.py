from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "検索"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.backends.signals import connection_created

        from core import text as core_text
        from search import db, signals
        from search import text as jtext

        signals.connect()
        core_text.use_index_words(jtext.with_written_forms)
        connection_created.connect(db.set_hnsw_session, dispatch_uid="search_hnsw_session")
