"""Lists the overdue turns of the relay diary; with ``--email``, reminds their writers (once a
day: running it twice the same day sends nothing the second time). Run daily."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from diary.models import today_in_tokyo
from diary.notifications import overdue_series, remind


class Command(BaseCommand):
    help = "期限を過ぎたリレー日記の順番を一覧にし、--email で執筆者に督促メールを送ります。"

    def add_arguments(self, parser):
        parser.add_argument("--email", action="store_true", help="次の執筆者に督促メールを送る")
        parser.add_argument("--date", help="基準日（YYYY-MM-DD、省略時は今日・日本時間）")

    def handle(self, *args, **options):
        today = today_in_tokyo()
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date は YYYY-MM-DD で指定してください") from exc
        late = overdue_series(today)
        if not late:
            self.stdout.write("期限を過ぎた順番はありません。")
            return
        sent = 0
        for series in late:
            writer = series.next_writer
            name = writer.full_name if writer else "（未定）"
            days = (today - series.next_due).days
            line = f"{series.title}: {name}さん 期限 {series.next_due:%Y-%m-%d}（{days}日超過）"
            if options["email"]:
                if remind(series, today):
                    sent += 1
                    line += " 督促メールを送信"
                elif writer is None or not writer.email:
                    line += " 宛先なし"
                else:
                    line += " 本日送信済み"
            self.stdout.write(line)
        if options["email"]:
            self.stdout.write(f"督促メール: {sent}通")
