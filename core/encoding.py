"""Reading uploaded text files: the one byte decoder for CSV and JSON from Japanese offices.

Excel in Japan saves CSV as Shift_JIS (Windows code page 932) or as UTF-8 with a byte-order
mark; e-Stat offers UTF-8, and some tools write UTF-16 with a BOM. Pure Python, no Django imports.
"""

from __future__ import annotations

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode_text(data: bytes | str, *, errors: str = "strict") -> str:
    """Text of ``data``: a BOM decides (UTF-8, UTF-16); otherwise UTF-8, else cp932.

    The BOM is removed. With ``errors="strict"`` a file that is neither raises
    UnicodeDecodeError; ``errors="replace"`` always returns text (with U+FFFD where bytes
    could not be read). A ``str`` is returned as is, without its BOM.
    """
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if data.startswith(_UTF8_BOM):
        return data[len(_UTF8_BOM) :].decode("utf-8", errors=errors)
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16", errors=errors)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp932", errors=errors)
