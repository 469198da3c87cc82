import sys

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cases import importing
from cases.search import refresh_search_statistics
from core import demo


class Command(BaseCommand):
    help = (
        "事例を JSON 配列または CSV から取り込みます。不正な行が1つでもあれば何も変更せず、"
        "行番号と理由を表示します。同じ source_url と title の事例は更新されます。"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="JSON または CSV のファイル")
        parser.add_argument("--dry-run", action="store_true", help="検証のみ行い、変更しない")
        parser.add_argument("--draft", action="store_true", help="公開せず下書きとして保存する")
        parser.add_argument("--user", help="取り込みを行う編集者のユーザー名（リビジョンに記録）")

    def handle(self, *args, **options):
        user = self._user(options["user"])
        self._doing = "検証中" if options["dry_run"] else "取り込み中"
        with transaction.atomic():
            # On a fresh site this makes the page tree: a dry run or a refused file must not
            # leave even that behind.
            index_page = demo.ensure_sections(demo.ensure_home())["cases"]
            report = importing.import_file(
                options["path"],
                index_page,
                user=user,
                publish=not options["draft"],
                dry_run=options["dry_run"],
                progress=self._progress,
            )
            if options["dry_run"] or not report.ok:
                transaction.set_rollback(True)
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(f"注意 {warning}"))
        if not report.ok:
            for error in report.errors:
                self.stderr.write(self.style.ERROR(str(error) if error.line else error.message))
            raise CommandError(
                f"{len(report.errors)}件の問題があるため、何も取り込みませんでした。"
            )
        if (
            not options["dry_run"]
            and (report.created or report.updated)
            and apps.is_installed("search")
        ):
            refresh_search_statistics()  # the search tables just grew
        verb = "検証しました（変更なし）" if options["dry_run"] else "取り込みました"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb}: 新規 {report.created}件、更新 {report.updated}件、"
                f"変更なし {report.unchanged}件"
            )
        )

    def _user(self, username):
        users = get_user_model().objects
        if username:
            try:
                return users.get(username=username)
            except users.model.DoesNotExist:
                raise CommandError(f"ユーザー「{username}」が見つかりません。") from None
        return (
            users.filter(is_active=True, is_superuser=True).order_by("pk").first()
            or users.filter(is_active=True, groups__name="編集者").order_by("pk").first()
        )

    def _progress(self, done, total):
        if total < 20:
            return
        stream = sys.stderr
        if stream.isatty():
            width = 30
            filled = width * done // total
            stream.write(f"\r{self._doing} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            if done == total:
                stream.write("\n")
        elif done == total or done % 50 == 0:
            stream.write(f"{self._doing} {done}/{total}\n")
        stream.flush()
