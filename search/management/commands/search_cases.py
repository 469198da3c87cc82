import json

from django.core.management.base import BaseCommand, CommandError

from search import service
from search.results import place


class Command(BaseCommand):
    help = "事例などのページを検索し、結果を表示します（--json でAPIと同じオブジェクト）。"

    def add_arguments(self, parser):
        parser.add_argument("query", help="検索語（200文字を超える部分は使われません）")
        parser.add_argument("--mode", choices=service.MODES, default="hybrid")
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--json", action="store_true", help="JSON で出力する")

    def handle(self, *args, **options):
        if options["limit"] < 1:
            raise CommandError("--limit は 1 以上です。")
        results = service.search(options["query"], mode=options["mode"], limit=options["limit"])
        if options["json"]:
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
            return
        if not results:
            self.stdout.write("見つかりませんでした。")
        for n, item in enumerate(results, start=1):
            where = place(item)
            self.stdout.write(
                f"{n:>2}. [{item['score']:.4f}] {item['title']}（{where}）{item['url']}"
            )
