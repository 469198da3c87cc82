"""manage.py import_population: populations from an e-Stat CSV, all or nothing."""

import io

import pytest
from django.core.management import CommandError, call_command

from localgov.models import LocalGovernment

pytestmark = pytest.mark.django_db


def test_import_population(tmp_path, site_tree):
    path = tmp_path / "pop.csv"
    path.write_text(
        "人口等基本集計\n団体コード,市区町村,人口総数,時点\n"
        '172014,金沢市,"463,254",2020-10-01\n17203,小松市(5桁),106216,2020-10-01\n',
        encoding="utf-8-sig",
    )
    call_command("import_population", str(path), stdout=io.StringIO())
    kanazawa = LocalGovernment.objects.get(code="172014")
    assert kanazawa.population == 463_254
    assert str(kanazawa.population_as_of) == "2020-10-01"
    assert LocalGovernment.objects.get(name="小松市").population == 106_216
    bad = tmp_path / "bad.csv"
    bad.write_text("団体コード,人口総数\n999999,100\n172014,abc\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_population", str(bad), stdout=io.StringIO(), stderr=io.StringIO())
    kanazawa.refresh_from_db()
    assert kanazawa.population == 463_254


# ---------------------------------------------------------------------------
# Issue #10: bad input that still crashed, and the export's 全国地方公共団体コード
# ---------------------------------------------------------------------------

CSV_HEADER = "municipality,prefecture,title,summary,theme,tools,results,year,source_url\n"
