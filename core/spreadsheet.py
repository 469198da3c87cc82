"""Spreadsheet-safe CSV cells: the guard against formula injection, and its inverse.

Pure Python, no Django imports.
"""

from __future__ import annotations

import re

# A CSV cell that starts with one of these is a formula to a spreadsheet (OWASP, CSV Injection):
# the export puts a single quote before it, the import takes exactly that quote away again. A
# cell that already starts with quotes before such a character gets one more, so the pair is
# exact for every text.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")


def guard_formula(cell: str) -> str:
    """``=SUM(A1)`` → ``'=SUM(A1)`` for a CSV export (any other text unchanged)."""
    return "'" + cell if _FORMULA.match(cell) else cell


def unguard_formula(cell: str) -> str:
    """The inverse of :func:`guard_formula`, for a CSV cell being imported."""
    return cell[1:] if cell.startswith("'") and _FORMULA.match(cell, 1) else cell
