import dataclasses
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from search import evaluation, semantic, service


class Command(BaseCommand):
    help = (
        "ラベル付きの検索クエリで各検索方式の nDCG@10 と recall@10 を、評価セットごと・"
        "クエリの種類ごと（日本語・英語・ツール名）に表示します。--similar で類似事例の評価"
        "（テーマの一致 P@5 と、評価セットごとの関連事例の適合率）も表示します。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            action="append",
            help="評価ファイル（複数可。既定: tests/data の3セット）",
        )
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
        parser.add_argument(
            "--whole-weight",
            type=float,
            help="意味検索でのページ全体のベクトルの重み（既定: semantic.WHOLE_WEIGHT）",
        )
        parser.add_argument(
            "--tool-facet", default="tool", help="ツール名の語彙を持つ絞り込み（既定: tool）"
        )
        parser.add_argument(
            "--similar", action="store_true", help="類似事例も評価する（leave-one-out）"
        )
        parser.add_argument("--similar-only", action="store_true", help="類似事例だけを評価する")
        parser.add_argument(
            "--cross-validate",
            action="store_true",
            help="合成の設定を交差検証する（各セットを除いた他のセットで選び、そのセットで測る）",
        )
        parser.add_argument(
            "--similar-facet", default="theme", help="類似事例の一致を見る絞り込み（既定: theme）"
        )

    def handle(self, *args, **options):
        files = options["file"] or [str(path) for path in evaluation.SETS]
        try:
            sets = {Path(f).stem: evaluation.load(f) for f in files}
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"評価ファイルを読めません: {exc}") from exc
        labelled = dict(sets)
        if not options["file"] and options["tool_facet"]:
            # bare tool names, from the cases' own tool field (the written sets have none)
            sets["tools_from_cases"] = evaluation.facet_queries(options["tool_facet"])
        if not options["file"]:
            # prefectures named in English ("Ishikawa"), from the labels stored with the rows
            sets["places_from_cases"] = evaluation.label_queries("prefecture")
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
        if options["whole_weight"] is not None:
            semantic.WHOLE_WEIGHT = options["whole_weight"]  # this process only
        if options["cross_validate"]:
            self.cross_validate(labelled, k, options)
            return
        results = {}
        if not options["similar_only"]:
            for name, queries in sets.items():
                results[name] = evaluation.evaluate(
                    queries,
                    modes,
                    k=k,
                    ranker=lambda q, mode: service.rank(q, mode=mode, fusion=fusion)[1],
                    tool_facet=options["tool_facet"],
                )
        similar = None
        if options["similar"] or options["similar_only"]:
            similar = evaluation.evaluate_similar(labelled, facet=options["similar_facet"])
        if options["json"]:
            if not options["per_query"]:
                for result in results.values():
                    for value in result.values():
                        value.pop("per_query")
            out = results if similar is None else {**results, "similar": similar}
            if len(sets) == 1 and similar is None:
                out = next(iter(results.values()))  # the former shape for one file
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
            return
        if results:
            self.stdout.write(f"k={k}, fusion {fusion}")
        for name, result in results.items():
            self.stdout.write(f"\n== {name} ({len(sets[name])} queries)")
            classes = list(evaluation.CLASSES)
            header = f"{'mode':<10} {'nDCG@' + str(k):>9} {'recall@' + str(k):>10}"
            for cls in classes:
                n = result[modes[0]]["classes"].get(cls, {}).get("n", 0)
                header += f"  {cls + ' (' + str(n) + ')':>18}"
            self.stdout.write(header)
            for mode in modes:
                r = result[mode]
                line = f"{mode:<10} {r['ndcg']:>9.3f} {r['recall']:>10.3f}"
                for cls in classes:
                    c = r["classes"].get(cls)
                    cell = f"{c['ndcg']:.3f} / {c['recall']:.3f}" if c else "-"
                    line += f"  {cell:>18}"
                self.stdout.write(line)
            if options["per_query"]:
                for mode in modes:
                    self.stdout.write(f"\n[{mode}]")
                    for row in result[mode]["per_query"]:
                        self.stdout.write(
                            f"{row['ndcg']:.3f} {row['recall']:.3f} {row['class']:<8} "
                            f"{row['query']}"
                        )
        if similar is not None:
            facet = similar["by_facet"]
            self.stdout.write(
                f"\n== similar pages (leave-one-out, first 5)\n"
                f"P@5 by {facet['facet']}: {facet['p_at_k']:.3f} over {facet['pages']} pages"
            )
            for name in labelled:
                row = similar[name]
                self.stdout.write(
                    f"related@5 ({name}): {row['related_at_k']:.3f} over {row['pages']} pages"
                )

    def cross_validate(self, sets, k, options):
        if len(sets) < 2:
            raise CommandError("交差検証には評価ファイルが2つ以上必要です")
        result = evaluation.cross_validate(sets, k=k, tool_facet=options["tool_facet"])
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"hybrid nDCG@{k} / recall@{k}, leave one set out over {len(sets)} sets "
            f"({len(evaluation.FUSION_GRID)} fusion settings)"
        )
        for name, row in result.items():
            self.stdout.write(f"\n== {name} ({len(sets[name])} queries)")
            for label, setting, scores in (
                (
                    f"chosen on {', '.join(row['chosen_on'])}",
                    row["chosen"],
                    row["cross_validated"],
                ),
                ("deployed", row["deployed_setting"], row["deployed"]),
                ("tuned on this set (optimistic)", row["tuned_here"], row["tuned_here_scores"]),
            ):
                classes = "  ".join(
                    f"{cls} {c['ndcg']:.3f} / {c['recall']:.3f} ({c['n']})"
                    for cls, c in scores["classes"].items()
                )
                self.stdout.write(
                    f"{label:<48} {setting:<20} {scores['ndcg']:.3f} / {scores['recall']:.3f}"
                    f"  {classes}"
                )
