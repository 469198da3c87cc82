from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Site

from cases import importing
from cases.models import CaseIndexPage
from core.progress import progress_bar


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
        parser.add_argument(
            "--parent",
            help="取り込み先の事例一覧ページ（ページIDまたはURLパス、例: 5 や /cases/）。"
            "公開中の事例一覧ページが1つだけなら省略できます",
        )

    def handle(self, *args, **options):
        user = self._user(options["user"])
        # Cases go under the existing case index; this command never makes other pages.
        index_page = self._case_index(options["parent"])
        self._doing = "検証中" if options["dry_run"] else "取り込み中"
        self._bar = None
        try:
            with transaction.atomic():
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
        finally:
            if self._bar is not None:
                self._bar.close()
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
            from search.indexing import analyze_tables

            analyze_tables()  # the search tables just grew: fresh planner statistics
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

    def _case_index(self, parent):
        """The case index the cases go under: ``--parent`` (a page id or a URL path), or else
        the one live CaseIndexPage."""
        if parent:
            page = self._parent_page(parent.strip())
            if page is None:
                raise CommandError(
                    f"--parent「{parent}」に当たる事例一覧ページ（CaseIndexPage）が見つかりません。"
                    "ページIDか、/cases/ のようなURLパスを指定してください。"
                )
            return page
        pages = list(CaseIndexPage.objects.live().order_by("path"))
        if not pages:
            raise CommandError(
                "事例一覧ページ（CaseIndexPage）がありません。管理画面でホームの下に事例一覧ページを"
                "作成するか、開発環境では manage.py load_demo を実行してから取り込んでください。"
                "何も取り込んでいません。"
            )
        if len(pages) > 1:
            choices = "、".join(f"{p.pk}（{p.url_path}）" for p in pages)
            raise CommandError(
                f"公開中の事例一覧ページが複数あります: {choices}。"
                "--parent でページIDかURLパスを指定してください。"
            )
        return pages[0]

    @staticmethod
    def _parent_page(value):
        indexes = CaseIndexPage.objects.all()
        if value.isdigit():
            return indexes.filter(pk=int(value)).first()
        path = "/" + value.strip("/") + "/" if value.strip("/") else "/"
        # a public URL path is relative to a site's root page; Wagtail's url_path includes it
        candidates = [path] + [
            site.root_page.url_path + path.lstrip("/")
            for site in Site.objects.select_related("root_page").order_by("-is_default_site")
        ]
        for url_path in candidates:
            page = indexes.filter(url_path=url_path).first()
            if page is not None:
                return page
        return None

    def _progress(self, done, total):
        if total < 20:
            return
        if self._bar is None:
            self._bar = progress_bar(total, self._doing)
        self._bar.update(done - self._bar.n)
