from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from localgov.models import LocalGovernment
from localgov.population import parse_population_csv


class Command(BaseCommand):
    help = "e-Stat 形式の CSV から自治体の人口と基準日を読み込みます。不正な行があれば何も変更しません。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="CSV ファイル（UTF-8 または Shift_JIS）")
        parser.add_argument("--dry-run", action="store_true", help="検証のみ行う")

    def handle(self, *args, **options):
        try:
            with open(options["path"], "rb") as fh:
                result = parse_population_csv(fh)
        except OSError as exc:
            raise CommandError(f"ファイルを開けません: {exc.strerror}") from exc
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if result.errors:
            for line, message in result.errors:
                self.stderr.write(self.style.ERROR(f"{line}行目: {message}"))
            raise CommandError(f"{len(result.errors)}件の問題があるため、何も変更しませんでした。")
        by_code = LocalGovernment.objects.in_bulk(
            [row.code for row in result.rows], field_name="code"
        )
        changed = []
        for row in result.rows:
            lg = by_code.get(row.code)
            if lg is None or row.population is None:
                continue
            if (lg.population, lg.population_as_of) != (row.population, row.as_of):
                lg.population, lg.population_as_of = row.population, row.as_of
                changed.append(lg)
        if not options["dry_run"]:
            with transaction.atomic():
                LocalGovernment.objects.bulk_update(changed, ["population", "population_as_of"])
        self.stdout.write(
            self.style.SUCCESS(
                f"人口を{len(changed)}団体分更新しました（{len(result.rows)}行を読み込み）。"
            )
        )
