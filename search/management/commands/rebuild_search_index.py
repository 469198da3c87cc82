import sys

from django.core.management.base import BaseCommand, CommandError

from core.progress import progress_bar
from search.embedding import get_backend
from search.rebuild import rebuild
from search.writer import check_dimensions


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
            check_dimensions(backend)
        except (KeyError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        stream = getattr(self.stderr, "_out", sys.stderr)
        progress = None

        def start(total):
            nonlocal progress
            progress = progress_bar(total, "検索索引", unit="ページ", stream=stream)
            if progress.disable:  # no terminal (a log file): one line instead of a bar
                stream.write(f"検索索引: {total}ページを処理します\n")

        def advance(done):
            progress.update(done - progress.n)

        done = rebuild(
            backend,
            batch_size=options["batch_size"],
            keep_other_models=options["keep_other_models"],
            on_start=start,
            on_progress=advance,
        )
        if progress is not None:
            progress.close()
        self.stdout.write(
            self.style.SUCCESS(
                f"検索索引を更新しました: {done.pages}ページ、埋め込み {done.embedded}チャンク"
                f"（モデル {backend.name}）、削除 {done.gone}ページ / 旧モデル {done.removed}行、"
                f"検索語 {done.terms}語、"
                f"{done.seconds:.1f}秒"
            )
        )
