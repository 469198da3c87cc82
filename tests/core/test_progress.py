"""core.progress: tqdm bars on a terminal only, so that logs and --json output stay clean."""

import io

from core.progress import progress_bar


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_bar_draws_on_a_terminal():
    stream = Terminal()
    with progress_bar(40, "取り込み中", stream=stream) as bar:
        bar.update(40)
    assert "取り込み中" in stream.getvalue() and "40/40" in stream.getvalue()


def test_bar_is_off_without_a_terminal_or_when_asked():
    for stream, disable in ((io.StringIO(), False), (Terminal(), True)):
        with progress_bar(40, "検索索引", stream=stream, disable=disable) as bar:
            bar.update(40)
        assert bar.disable and stream.getvalue() == ""
