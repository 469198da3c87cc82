import json
from pathlib import Path

import pytest

from cases import importing
from cases.factories import CasePageFactory
from home import demo

DEMO_CASES = Path(__file__).resolve().parents[2] / "cases" / "demo_data" / "cases.json"


@pytest.fixture
def case_index(site_tree):
    return site_tree["cases"]


def write_json(tmp_path, rows, name="cases.json"):
    path = tmp_path / name
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


@pytest.fixture
def make_case(case_index):
    """Make one case with the factory (by default: 金沢市, AI-OCR, WinActor, one result) and
    return the page; ``publish=False`` leaves it a draft."""

    def make(publish=True, **fields):
        return CasePageFactory(parent=case_index, live=publish, **fields)

    return make


@pytest.fixture
def import_case(case_index):
    """Import one case through the real importer and return the page (for tests of what the
    importer does: matching an existing case, normalising tools, result text, content hash)."""
    counter = {"n": 0}

    def make(publish=True, **fields):
        counter["n"] += 1
        row = {
            "municipality": "金沢市",
            "prefecture": "石川県",
            "title": f"テスト事例{counter['n']}",
            "summary": "紙の申請書をAI-OCRで読み取り、入力作業を自動化した。",
            "theme": ["AI-OCR"],
            "tools": ["WinActor"],
            "results": [{"label": "削減時間", "value": 1200, "unit": "時間/年"}],
            "year": 2022,
            "source_url": f"https://example.lg.jp/case/{counter['n']}",
        }
        row.update(fields)
        items, errors = importing.validate_rows([importing.RawRow(1, row)])
        assert not errors, errors
        importing.apply(items, case_index, publish=publish)
        return importing.find_existing(items[0], case_index)

    return make


@pytest.fixture(scope="module")
def _demo_cases_module(_demo_site_module):
    """The 136 demo cases: the demo site's, loaded once for the modules that read it (each
    test still rolls back its own changes)."""
    return _demo_site_module


@pytest.fixture
def demo_cases(_demo_cases_module, site_tree):
    return site_tree["cases"]


__all__ = ["demo", "write_json"]
