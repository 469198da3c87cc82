import dataclasses
import json

from django.core.management.base import BaseCommand, CommandError

from search import evaluation, service


class Command(BaseCommand):
    help = "ラベル付きの検索クエリで各検索方式の nDCG@10 と recall@10 を表示します。"

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(evaluation.DEFAULT_FILE))
        parser.add_argument("--k", type=int, default=10)
        parser.add_argument("--mode", choices=service.MODES, action="append")
        parser.add_argument("--per-query", action="store_true", help="クエリごとの値も表示する")
        parser.add_argument("--json", action="store_true")
        parser.add_argument(
            "--fusion",
            choices=("convex", "rrf"),
            help="ハイブリッドの合成方法（既定: 設定どおり）",
        )
        parser.add_argument("--semantic-weight", type=float, help="意味検索の重み")
        parser.add_argument("--rrf-k", type=float, help="RRF の k")

    def handle(self, *args, **options):
        try:
            queries = evaluation.load(options["file"])
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"評価ファイルを読めません: {exc}") from exc
        k = options["k"]
        modes = options["mode"] or list(service.MODES)
        changes = {
            name: options[option]
            for name, option in (
                ("method", "fusion"),
                ("semantic_weight", "semantic_weight"),
                ("k", "rrf_k"),
            )
            if options[option] is not None
        }
        fusion = dataclasses.replace(service.FUSION, **changes)
        result = evaluation.evaluate(
            queries, modes, k=k, ranker=lambda q, mode: service.rank(q, mode=mode, fusion=fusion)[1]
        )
        if options["json"]:
            if not options["per_query"]:
                for value in result.values():
                    value.pop("per_query")
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{len(queries)} queries, k={k}, fusion {fusion}")
        self.stdout.write(f"{'mode':<10} {'nDCG@' + str(k):>9} {'recall@' + str(k):>10}")
        for mode in modes:
            r = result[mode]
            self.stdout.write(f"{mode:<10} {r['ndcg']:>9.3f} {r['recall']:>10.3f}")
        if options["per_query"]:
            for mode in modes:
                self.stdout.write(f"\n[{mode}]")
                for row in result[mode]["per_query"]:
                    self.stdout.write(f"{row['ndcg']:.3f} {row['recall']:.3f} {row['query']}")
