from django.core.management.base import BaseCommand

from search.prewarm import prewarm


class Command(BaseCommand):
    help = (
        "検索用のテーブルと索引（HNSW・btree）をデータベースの共有バッファに読み込みます。"
        "サーバーの起動直後に実行すると、最初の検索と類似事例が速くなります。"
    )

    def handle(self, *args, **options):
        total = 0.0
        for item in prewarm():
            total += item.megabytes
            rows = "pg_prewarm" if item.rows < 0 else f"{item.rows:,} 行"
            self.stdout.write(
                f"{item.relation}（{item.kind}）: {item.megabytes:,.1f} MB, {rows}, "
                f"{item.seconds:.1f} 秒"
            )
        self.stdout.write(self.style.SUCCESS(f"合計 {total:,.1f} MB を読み込みました。"))
