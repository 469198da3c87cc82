"""Demo cases and populations, loaded through the same importers staff use."""

from pathlib import Path

from django.core.management import call_command

from cases import importing
from cases.models import Tool

DEMO_DATA = Path(__file__).resolve().parent / "demo_data"


# How staff also write some of the demo cases' tools (the tools' 読み・別名, set before the
# import so that the cases are indexed with them). Names that are everyday words in
# katakana (LINE ライン, Box ボックス) are left out: they would find unrelated cases.
TOOL_ALIASES = {
    "kintone": "キントーン",
    "WinActor": "ウィンアクター",
    "UiPath": "ユーアイパス",
    "ChatGPT": "チャットGPT;チャットジーピーティー",
    "Microsoft Teams": "Teams;チームズ",
    "Zoom": "ズーム",
    "PayPay": "ペイペイ",
    "LoGoフォーム": "ロゴフォーム",
    "LoGoチャット": "ロゴチャット",
    "Graffer": "グラファー",
}


def load(index_page, stdout=None) -> importing.ImportReport:
    population = DEMO_DATA / "population.csv"
    if population.exists():
        call_command("import_population", str(population), stdout=stdout or _Null())
    for name, aliases in TOOL_ALIASES.items():
        tool = Tool.objects.filter(name__iexact=name).first() or Tool(name=name)
        tool.aliases = aliases
        tool.save()
    report = importing.import_file(DEMO_DATA / "cases.json", index_page)
    if not report.ok:
        raise RuntimeError("demo cases failed to import: " + "; ".join(map(str, report.errors)))
    if stdout is not None:
        stdout.write(
            f"デモ事例: 新規 {report.created}件、更新 {report.updated}件、変更なし {report.unchanged}件"
        )
    return report


class _Null:
    def write(self, *args, **kwargs):
        pass
