"""The one byte decoder for uploaded CSV and JSON. Pure Python."""

import pytest

from core.encoding import decode_text

TEXT = "団体コード,人口\n172014,463254\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932", "utf-16"])
def test_decodes_what_japanese_offices_save(encoding):
    assert decode_text(TEXT.encode(encoding)) == TEXT


def test_a_string_loses_only_its_bom():
    assert decode_text("\ufeff" + TEXT) == TEXT
    assert decode_text(TEXT) == TEXT


def test_undecodable_bytes_raise_unless_replaced():
    data = "abc あ".encode("cp932")[:-1]  # a cp932 lead byte without its trail byte
    with pytest.raises(UnicodeDecodeError):
        decode_text(data)
    assert decode_text(data, errors="replace") == "abc \ufffd"
