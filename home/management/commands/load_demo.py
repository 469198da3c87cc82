import os

from django.conf import settings
from django.core.management.base import BaseCommand
from wagtail.models import WorkflowState

from home import demo
from home.roles import ROLES_BY_KEY


class Command(BaseCommand):
    help = "デモ用のページ構成・アカウント・コンテンツを作成します（何度実行しても重複しません）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=os.environ.get("DEMO_PASSWORD") or None,
            help="デモアカウントのパスワード（省略時は毎回ランダムに再設定）",
        )

    def handle(self, *args, **options):
        accounts = demo.load(password=options["password"], stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("デモコンテンツを準備しました。"))
        if getattr(settings, "DEMO_PRINT_PASSWORDS", False):
            self.stdout.write("デモアカウント（管理画面 /admin/ でログイン）:")
            for account in accounts:
                label = ROLES_BY_KEY[account.role].label
                self.stdout.write(f"  {label:<10} {account.username:<16} {account.password}")
        else:
            self.stdout.write("デモアカウントを作成しました（パスワードは表示しません）。")
        waiting = WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS).count()
        if waiting:
            self.stdout.write(
                f"編集者の審査を待つ投稿: {waiting}件（編集者でログインすると、ダッシュボードから"
                "承認・差し戻しができます）"
            )
