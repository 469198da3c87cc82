import json

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page

from core.visibility import visible
from search import registry, similar
from search.results import place


class Command(BaseCommand):
    help = (
        "事例の類似事例を表示します: 他の都道府県から --limit 件、同じ都道府県から最大3件"
        "（--json で結果オブジェクトの一覧）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("case_id", type=int, help="事例ページのID")
        parser.add_argument("--limit", type=int, default=5, help="他の都道府県から何件（既定5）")
        parser.add_argument("--json", action="store_true", help="JSON で出力する")

    def handle(self, *args, **options):
        page = visible(Page.objects).filter(pk=options["case_id"]).first()
        if page is None:
            raise CommandError(f"公開中のページ {options['case_id']} が見つかりません。")
        limit = max(1, options["limit"])
        split = registry.spec_for(page.specific_class or page).similar
        found = similar.similar_pages(page, other_limit=limit, same_limit=3)
        items = found[split.other_key] + found[split.same_key]
        if options["json"]:
            self.stdout.write(json.dumps(items, ensure_ascii=False, indent=2))
            return
        for label, key in (
            ("他の都道府県の類似事例", split.other_key),
            ("同じ都道府県", split.same_key),
        ):
            self.stdout.write(f"== {label}")
            for item in found[key]:
                shared = "、".join(v for name in split.shared for v in item[name])
                self.stdout.write(
                    f"[{item['score']:.3f}] {item['title']}（{place(item)}）"
                    + (f" {item['reason']}" if item["reason"] else "")
                    + (f"（{shared}）" if shared else "")
                )
