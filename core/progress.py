"""Progress bars for long management commands (imports, index rebuilds), through tqdm.

The bar goes to stderr and only to a terminal: redirected to a file or a pipe (cron, CI) or
when the command answers in JSON, it is off, so what a script reads stays as it was.
"""

import sys

from tqdm import tqdm


def progress_bar(
    total: int, label: str, *, unit: str = "件", stream=None, disable: bool = False
) -> tqdm:
    """A bar of ``total`` steps called ``label`` on ``stream`` (stderr by default); off unless
    the stream is a terminal, or when ``disable`` is given (``--json``)."""
    stream = stream if stream is not None else sys.stderr
    is_tty = getattr(stream, "isatty", lambda: False)()
    return tqdm(
        total=max(total, 0),
        desc=label,
        file=stream,
        disable=disable or not is_tty,
        unit=unit,
        dynamic_ncols=True,
        leave=True,
    )
