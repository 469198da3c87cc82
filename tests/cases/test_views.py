"""The case listing: facets against the database, fixed query count, drafts and private cases hidden."""

import csv
import io
import json
import re

import pytest
from django.db.models import Q
from wagtail.models import PageViewRestriction

from cases.models import CasePage
from localgov.models import LocalGovernment

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden_cases(make_case):
    draft = make_case(title="下書きの秘密事例", publish=False)
    private = make_case(title="限定公開の秘密事例")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    return draft, private


def listing(client, query=""):
    return client.get("/cases/" + query)


def test_facet_counts_match_the_database(client, demo_cases):
    response = listing(client, "?theme=rpa")
    assert response.status_code == 200
    facets = {
        f["name"]: {str(i["value"]): i["count"] for i in f["items"]}
        for f in response.context["facets"]
    }
    live = CasePage.objects.live().public()
    rpa = live.filter(themes__slug="rpa")
    for code, n in facets["prefecture"].items():
        assert n == rpa.filter(local_government__prefecture_id=int(code)).distinct().count()
    # A facet is counted without its own filter: the theme counts cover all live cases.
    assert facets["theme"]["rpa"] == rpa.distinct().count()
    assert facets["theme"]["ai-ocr"] == live.filter(themes__slug="ai-ocr").distinct().count()
    assert response.context["page_obj"].paginator.count == rpa.distinct().count()


def test_combined_filters(client, demo_cases):
    lg = LocalGovernment.objects.get(code="172014")
    response = listing(client, f"?prefecture={lg.prefecture_id}&theme=rpa&region=chubu")
    titles = {c.title for c in response.context["page_obj"]}
    expected = set(
        CasePage.objects.live()
        .filter(local_government__prefecture=lg.prefecture, themes__slug="rpa")
        .values_list("title", flat=True)
    )
    assert titles == expected and titles
    assert '<meta name="robots" content="noindex">' in response.content.decode()
    assert "noindex" not in listing(client).content.decode()


def test_population_band_filter(client, demo_cases):
    # Only 金沢市 has a population (the demo site gives others theirs): its case must be listed.
    LocalGovernment.objects.exclude(code="172014").update(population=None)
    LocalGovernment.objects.filter(code="172014").update(population=463_254)
    response = listing(client, "?population=200k-500k")
    towns = {c.local_government.code for c in response.context["page_obj"]}
    assert "172014" in towns
    assert all(
        200_000 <= LocalGovernment.objects.get(code=code).population < 500_000 for code in towns
    )


def test_listing_query_count_is_fixed(client, demo_cases, django_assert_max_num_queries):
    # Warm caches that are not per-request (site root, content types).
    listing(client, "?per=1")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for query in ("?theme=rpa", "", "?region=kanto&sort=title"):
        with CaptureQueriesContext(connection) as ctx:
            response = listing(client, query)
        assert response.status_code == 200
        counts.append((len(response.context["page_obj"]), len(ctx.captured_queries)))
    sizes = {size for size, _ in counts}
    assert len(sizes) > 1  # pages of different lengths ...
    assert len({n for _, n in counts}) == 1, counts  # ... cost the same number of queries
    with django_assert_max_num_queries(counts[0][1]):
        listing(client, "?status=production")


def test_drafts_and_private_cases_never_listed_or_exported(client, demo_cases, hidden_cases):
    pages = [
        listing(client).content.decode(),
        listing(client, "?prefecture=17").content.decode(),
        listing(client, "?format=csv").content.decode("utf-8-sig"),
        listing(client, "?format=json").content.decode(),
        client.get("/cases/lg/172014/").content.decode(),
        client.get("/").content.decode(),
        client.get("/sitemap.xml").content.decode(),
    ]
    for html in pages:
        assert "秘密事例" not in html
    counts = listing(client).context["facets"]
    assert all(
        i["count"] <= CasePage.objects.live().public().count() for f in counts for i in f["items"]
    )
    draft, private = hidden_cases
    assert client.get(private.url).status_code in (302, 403)


def test_exports_follow_the_filter_and_carry_the_license(client, demo_cases):
    response = listing(client, "?theme=rpa&format=json")
    document = json.loads(response.content)
    assert document["license"] == "CC BY 4.0"
    expected = CasePage.objects.live().filter(themes__slug="rpa").distinct().count()
    assert document["count"] == len(document["cases"]) == expected
    assert all("RPA" in case["theme"] for case in document["cases"])
    assert 'rel="license"' in response["Link"]
    response = listing(client, "?theme=rpa&format=csv")
    assert 'rel="license"' in response["Link"] and "by/4.0" in response["Link"]
    text = response.content.decode("utf-8-sig")
    assert text.startswith("municipality,prefecture,")  # a spreadsheet's first row: the header
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == expected


def test_bad_filter_values_give_a_normal_page(client, demo_cases):
    for query in (
        "?prefecture=99",
        "?prefecture=abc&theme=%27%3B--",
        "?year=20x1&population=huge&status=<script>",
        "?sort=drop&page=-5",
        "?tool=" + "x" * 500,
    ):
        assert listing(client, query).status_code == 200, query
    # the reader is told what was left out, in their words, beside the results
    html = listing(client, "?prefecture=99&theme=rpa").content.decode()
    assert "「99」は選べない値です。" in html
    assert "使えない条件（都道府県）を外して表示しています。" in html
    assert "候補にありません" not in html  # Django's own wording
    assert "使えない条件" not in listing(client, "?theme=rpa").content.decode()
    client.cookies["django_language"] = "en"
    html = listing(client, "?year=20x1").content.decode()
    assert "“20x1” cannot be chosen" in html


def test_local_government_pages(client, demo_cases, make_case):
    nonoichi = LocalGovernment.objects.get(name="野々市市")
    joint = make_case(
        title="共同で実施した事例",
        local_government=LocalGovernment.objects.get(name="白山市"),
        co_implementers=[nonoichi],
    )
    assert joint.co_implementers == [nonoichi]
    response = client.get(f"/cases/lg/{nonoichi.code}/")
    assert response.status_code == 200
    assert "共同で実施した事例" in response.content.decode()
    kanazawa = client.get("/cases/lg/172014/")
    expected = (
        CasePage.objects.live()
        .public()
        .filter(
            Q(local_government__code="172014")
            | Q(co_implementer_links__local_government__code="172014")
        )
        .distinct()
        .count()
    )
    assert kanazawa.context["page_obj"].paginator.count == expected > 0
    # a prefecture's page links the listing of the whole prefecture, with that listing's count
    ishikawa = client.get("/cases/lg/170003/")
    listed = client.get("/cases/", {"prefecture": "17"}).context["page_obj"].paginator.count
    assert ishikawa.context["in_prefecture"] == listed
    assert f"石川県内のすべての事例を見る（{listed}件）" in ishikawa.content.decode()
    assert client.get("/cases/lg/000000/").status_code == 404
    assert client.get("/cases/lg/abc/").status_code == 404


def test_case_page_shows_structured_header_and_results(client, make_case):
    page = make_case(
        title="構造化ヘッダーの事例",
        results=[{"label": "削減時間", "value": 1200, "unit": "時間/年"}],
        body=[  # 【課題】紙の入力が多い。【成果】入力時間が減った。
            {"type": "section", "value": {"kind": "challenge", "text": "<p>紙の入力が多い。</p>"}},
            {"type": "section", "value": {"kind": "outcome", "text": "<p>入力時間が減った。</p>"}},
        ],
    )
    LocalGovernment.objects.filter(code="172014").update(population=463_254)
    html = client.get(page.url).content.decode()
    for text in ("石川県金沢市", "20万〜50万人", "AI-OCR", "WinActor", "本格運用", "1,200時間/年",
                 "<h2>課題</h2>", "<h2>成果</h2>", "print.css"):  # fmt: skip
        assert text in html, text
    # the results section and the scrolling table in it are two landmarks with two names
    region = re.search(r'role="region" tabindex="0" aria-labelledby="([^"]+)"', html).group(1)
    assert region != "results-heading"
    assert re.search(rf'<caption class="visually-hidden" id="{region}">数値で見る成果<', html)


def test_statistics_page_numbers_match(client, demo_cases):
    response = client.get("/cases/stats/")
    assert response.status_code == 200
    rows = {row["prefecture"].name: row["count"] for row in response.context["prefectures"]}
    live = CasePage.objects.live().public()
    assert rows["石川県"] == live.filter(local_government__prefecture__name="石川県").count()
    assert sum(rows.values()) == live.count()
    themes = {row["theme"].slug: row["count"] for row in response.context["themes"]}
    assert themes["rpa"] == live.filter(themes__slug="rpa").count()
    html = response.content.decode()
    assert "<table>" in html and 'role="img"' not in html  # it hid the map's links
    assert f'aria-label="石川 {rows["石川県"]} 件"' in html  # each tile link is named


def test_title_order_is_the_order_of_the_titles_readings(client, make_case):
    """「タイトル順」 is 五十音順 as a dictionary files it: by reading, not by the kanji's code
    points (下 U+4E0B < 愛 U+611B), voiced kana as their plain kana (ぼうさい between ほうこく
    and ほんにん, not after ほん…); Latin letters and digits first."""
    titles = [
        "本人確認書類のオンライン提出",
        "防災アプリの配信",
        "下水道台帳の電子化",
        "報告書の自動作成",
        "愛犬登録のオンライン化",
        "LINEで通報",
        "10万人規模の電子申請",
    ]
    for title in titles:
        make_case(title=title)
    case = CasePage.objects.get(title="下水道台帳の電子化")
    assert case.title_reading.startswith("けすいとう")  # げすいどう, filed under け
    listed = [c.title for c in listing(client, "?sort=title").context["page_obj"]]
    assert listed == [
        "10万人規模の電子申請",
        "LINEで通報",
        "愛犬登録のオンライン化",
        "下水道台帳の電子化",
        "報告書の自動作成",
        "防災アプリの配信",
        "本人確認書類のオンライン提出",
    ]
    case.title = "相談窓口の予約"
    case.save(update_fields=["title"])
    assert CasePage.objects.get(pk=case.pk).title_reading.startswith("そうたん")


def test_a_result_that_fell_reads_as_public_documents_write_it(client, make_case):
    """「▲15%」 in Japanese (not 「-15 %」), "−15%" with the minus sign in English; the unit
    follows the number without a space."""
    from decimal import Decimal

    from cases.models import CaseResult

    case = make_case(title="待ち時間を減らした事例")
    CaseResult.objects.create(
        page=case, label="窓口の待ち時間", value=Decimal("-15"), baseline=Decimal("40"), unit="%"
    )
    html = client.get(case.url).content.decode()
    assert ">▲15%</td>" in html and ">40%</td>" in html
    client.cookies["django_language"] = "en"
    assert ">\u221215%</td>" in client.get(case.url).content.decode()


def test_the_region_reads_as_a_region_not_a_country(client, make_case):
    """「中国」 alone reads as China: the case page says 「中国地方」 ("Chugoku region")."""
    okayama = LocalGovernment.objects.filter(prefecture__code=33, name="岡山市").first()
    case = make_case(title="岡山の事例", local_government=okayama)
    html = client.get(case.url).content.decode()
    assert "事例 ・ 中国地方</p>" in html and "岡山県（中国地方）" in html
    client.cookies["django_language"] = "en"
    assert "Chugoku region" in client.get(case.url).content.decode()


@pytest.mark.parametrize("url", ["/cases/", "/events/", "/diary/"])
def test_a_listings_count_is_a_heading_that_announces_itself(demo_site, client, url):
    """role="status" on the h2 took its heading role away (axe: aria-allowed-role), so the
    count dropped out of heading navigation; the status is now inside the heading."""
    html = client.get(url).content.decode()
    assert re.search(r'<h2 id="results-heading"><span role="status">[^<]+</span></h2>', html)
    assert not re.search(r"<h2[^>]*role=", html)
