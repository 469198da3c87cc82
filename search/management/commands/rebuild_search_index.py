import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Page

from core.progress import progress_bar
from search import indexing, service
from search.embedding import get_backend
from search.models import PageEmbedding, PageSearchText


class Command(BaseCommand):
    help = (
        "検索索引（キーワード索引と埋め込みベクトル）を作り直します。内容が変わっていない"
        "チャンクは再計算しません。モデルを切り替えた場合は新しいモデルで全ページを埋め込み、"
        "完了後に古いモデルのベクトルを削除します（作業中は古いベクトルで検索できます）。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--backend", default="default", help="SEARCH_EMBEDDING_BACKENDS の別名（既定: default）"
        )
        parser.add_argument("--batch-size", type=int, default=64, help="1回に処理するページ数")
        parser.add_argument(
            "--keep-other-models",
            action="store_true",
            help="他のモデルのベクトルを削除しない",
        )

    def handle(self, *args, **options):
        try:
            backend = get_backend(options["backend"])
            indexing.check_dimensions(backend)
        except (KeyError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        started = time.monotonic()
        pages = Page.objects.live().public().specific().order_by("path")
        candidates = [p for p in pages if indexing.is_indexable(p)]
        keep = {p.pk for p in candidates}

        # Rows of pages that are no longer live and public (or not BasePage) go first.
        gone = set(PageSearchText.objects.values_list("page_id", flat=True)) - keep
        gone |= set(PageEmbedding.objects.values_list("page_id", flat=True).distinct()) - keep
        for page_id in gone:
            indexing.remove_page(page_id)

        stream = getattr(self.stderr, "_out", sys.stderr)
        progress = progress_bar(len(candidates), "検索索引", unit="ページ", stream=stream)
        if progress.disable:  # no terminal (a log file): one line instead of a bar
            stream.write(f"検索索引: {len(candidates)}ページを処理します\n")
        embedded = 0
        batch = max(1, options["batch_size"])
        for start in range(0, len(candidates), batch):
            docs = [indexing.build_document(p) for p in candidates[start : start + batch]]
            with transaction.atomic():
                for doc in docs:
                    indexing.write_keyword_row(doc)
                indexing.sync_vector_filters(docs)
                embedded += indexing.embed_documents(docs, backend)
            progress.update(len(docs))
        progress.close()

        removed = 0
        if not options["keep_other_models"]:
            removed, _ = PageEmbedding.objects.exclude(model=backend.name).delete()
        service.reset_coverage()
        terms = indexing.recount_terms()
        indexing.analyze_tables()
        self.stdout.write(
            self.style.SUCCESS(
                f"検索索引を更新しました: {len(candidates)}ページ、埋め込み {embedded}チャンク"
                f"（モデル {backend.name}）、削除 {len(gone)}ページ / 旧モデル {removed}行、"
                f"検索語 {terms}語、"
                f"{time.monotonic() - started:.1f}秒"
            )
        )
