"""Demo cases and populations, loaded through the same importers staff use."""

from pathlib import Path

from django.core.management import call_command

from cases import importing

DEMO_DATA = Path(__file__).resolve().parent / "demo_data"


def load(index_page, stdout=None) -> importing.ImportReport:
    population = DEMO_DATA / "population.csv"
    if population.exists():
        call_command("import_population", str(population), stdout=stdout or _Null())
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
