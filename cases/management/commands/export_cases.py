from django.core.management.base import BaseCommand

from cases import exporting
from cases.models import CasePage


class Command(BaseCommand):
    help = "公開中の事例を CSV または JSON（CC BY 4.0）で書き出します。import_cases で再取り込みできます。"

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("-o", "--output", help="出力先ファイル（省略時は標準出力）")

    def handle(self, *args, **options):
        pages = CasePage.objects.live().public().order_by("path")
        render = exporting.to_csv if options["format"] == "csv" else exporting.to_json
        text = render(pages)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
            self.stderr.write(self.style.SUCCESS(f"{options['output']} に書き出しました。"))
            # a CSV file has no place for it: its first line is the header
            self.stderr.write(f"ライセンス: {exporting.NOTICE}")
        else:
            self.stdout.write(text, ending="")
