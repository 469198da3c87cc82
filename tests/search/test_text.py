"""search.text: normalisation, sentences/chunks, Sudachi tokens, tsquery safety, highlight.

No database: these run with or without pytest-django.
"""

import re
import threading
import time

import pytest

from search.text import (
    MAX_QUERY_CHARS,
    MAX_QUERY_TERMS,
    chunk_text,
    clean_query,
    highlight,
    normalize,
    split_sentences,
    to_tsquery_terms,
    to_tsvector_text,
    tokenize,
)

# Characters that must never reach to_tsquery/to_tsvector inside a term.
TSQUERY_SPECIAL = re.compile(r"[&|!():*'\\<>\s]")

HOSTILE_QUERIES = [
    "'; DROP TABLE wagtailcore_page; --",
    "a & b | !c",
    "(foo) <-> bar:* & 'baz'",
    "%",
    "%_\\'\"",
    "😀🎉👨‍👩‍👧 申請 🙏",
    "\x00\x01\x1b[31m住民票\x7f\u202e\u200b",
    "申請書" * 5000,
    "a" * 10_000,
    "あ い " * 3000,
    "",
    "   \t\n  ",
]


# ---------------------------------------------------------------------------
# normalize / clean_query
# ---------------------------------------------------------------------------


def test_normalize_nfkc_lowercase_whitespace_and_controls():
    assert normalize("ＡＢＣ　ｶﾀｶﾅ\t\n  ｘ") == "abc カタカナ x"
    assert normalize("  a\x00b\x07c\u202ed\u200be\ufeff ") == "abcde"
    assert normalize("①　㈱") == "1 (株)"
    assert normalize(None) == ""
    assert normalize("") == ""
    # hiragana/katakana are not unified by normalize
    assert normalize("かんたん") != normalize("カンタン")


def test_normalize_keeps_emoji_sequences():
    family = "👨\u200d👩\u200d👧"
    assert normalize(f"家族 {family}") == f"家族 {family}"


def test_clean_query_cuts_after_normalize():
    assert MAX_QUERY_CHARS == 200
    q = clean_query("Ａ" * 10_000)
    assert q == "a" * MAX_QUERY_CHARS
    assert clean_query("  住民票\x00の\t写し  ") == "住民票の 写し"
    assert clean_query(None) == ""
    assert clean_query("😀" * 300) == "😀" * MAX_QUERY_CHARS


# ---------------------------------------------------------------------------
# split_sentences / chunk_text
# ---------------------------------------------------------------------------


def test_split_sentences_keeps_punctuation_and_drops_empties():
    text = "はい。いいえ！本当？！\n\n   \n改行で終わる\r\n最後の文"
    assert split_sentences(text) == ["はい。", "いいえ！", "本当？！", "改行で終わる", "最後の文"]


def test_split_sentences_ascii_marks_quotes_and_urls():
    text = "「そうです。」と答えた。Really? Yes! https://example.jp/?q=1&x=2 を参照。"
    assert split_sentences(text) == [
        "「そうです。」と答えた。",
        "Really?",
        "Yes!",
        "https://example.jp/?q=1&x=2 を参照。",
    ]


def test_split_sentences_empty_and_controls():
    assert split_sentences("") == []
    assert split_sentences(None) == []
    assert split_sentences(" \n\t\n") == []
    assert split_sentences("a\x00b。 c") == ["ab。", "c"]
    assert split_sentences("。。。") == ["。。。"]


def test_chunk_text_packs_greedily_within_limit():
    sentences = ["あ" * 10 + "。", "い" * 5 + "。", "う" * 8 + "。", "え。"]
    chunks = chunk_text("".join(sentences), max_chars=20)
    assert chunks == [sentences[0] + sentences[1], sentences[2] + sentences[3]]
    assert all(len(c) <= 20 for c in chunks)
    assert "".join(chunks) == "".join(sentences)  # Japanese: nothing lost or added


def test_chunk_text_hard_cuts_long_sentence_and_is_deterministic():
    text = "前文。" + "長" * 95 + "。" + "後文。"
    chunks = chunk_text(text, max_chars=30)
    assert all(1 <= len(c) <= 30 for c in chunks)
    assert "".join(chunks) == text
    assert chunk_text(text, max_chars=30) == chunks
    assert chunks[0] == "前文。"


def test_chunk_text_latin_joined_with_space_and_cut_at_space():
    assert chunk_text("Hello world. Foo!\nBar baz.", max_chars=40) == ["Hello world. Foo! Bar baz."]
    long = " ".join(["word"] * 30)  # 149 chars, no terminator
    chunks = chunk_text(long, max_chars=50)
    assert all(len(c) <= 50 for c in chunks)
    assert all(not c.startswith(" ") and "wor d" not in c for c in chunks)
    assert " ".join(chunks).split() == ["word"] * 30


def test_chunk_text_edge_cases():
    assert chunk_text("") == []
    assert chunk_text(None) == []
    assert chunk_text("  \n ") == []
    assert chunk_text("短い。") == ["短い。"]
    assert chunk_text("abc", max_chars=1) == ["a", "b", "c"]
    with pytest.raises(ValueError):
        chunk_text("abc", max_chars=0)


# ---------------------------------------------------------------------------
# tokenize
# ---------------------------------------------------------------------------


def test_compound_gives_its_parts():
    tokens = tokenize("申請書を提出した")
    assert "申請書" in tokens
    assert "申請" in tokens
    assert "提出" in tokens


def test_particles_and_auxiliaries_removed():
    tokens = tokenize("住民票の写しを請求することができます。")
    assert tokens[:2] == ["住民票", "住民"]
    assert "写し" in tokens and "請求" in tokens
    for junk in ["の", "を", "が", "ます", "する", "為る", "こと", "できる", "出来る", "。"]:
        assert junk not in tokens


def test_spelling_variants_unified():
    assert tokenize("附属資料") == tokenize("付属資料")
    assert tokenize("引越し") == tokenize("引っ越し")
    assert tokenize("かんたん") == tokenize("カンタン")
    assert tokenize("ぽけっと") == tokenize("ポケット")
    assert "使う" in tokenize("使った")  # verbs in dictionary form


def test_unknown_kana_unified_to_katakana():
    a, b = tokenize("もふもふ"), tokenize("モフモフ")
    assert a == b
    assert all(not re.search(r"[ぁ-ゖ]", t) for t in a)


def test_latin_words_lowercased_and_joined():
    assert "kintone" in tokenize("Kintoneで業務改善")
    assert "kintone" in tokenize("ｋｉｎｔｏｎｅ")
    tokens = tokenize("ＡＩ－ＯＣＲとRPA")
    assert {"ai", "ocr", "ai-ocr", "rpa"} <= set(tokens)
    assert tokenize("AI-OCR") == tokenize("ai-ocr")


def test_duplicates_kept_in_order():
    assert tokenize("申請、申請、申請") == ["申請", "申請", "申請"]
    assert tokenize("") == []
    assert tokenize(None) == []


def test_long_text_over_sudachi_byte_limit():
    text = "住民票の写しを請求する。" * 2000  # 24,000 chars, 72 KB: Sudachi refuses > 48 KB
    tokens = tokenize(text)
    assert tokens.count("住民票") == 2000


def test_tokenize_speed_2000_chars():
    text = ("本市では、紙の申請書をAI-OCRで読み取り、RPAで基幹システムへ自動入力する" * 60)[:2000]
    tokenize(text)  # warm-up (dictionary load)
    runs = 10
    t0 = time.perf_counter()
    for _ in range(runs):
        tokenize(text)
    per_call = (time.perf_counter() - t0) / runs
    assert per_call < 0.05, f"tokenize took {per_call * 1000:.1f} ms"


def test_tokenize_is_thread_safe():
    text = "マイナンバーカードの交付率向上に向けた休日窓口の開設。" * 20
    expected = tokenize(text)
    results, errors = [], []

    def work():
        try:
            for _ in range(20):
                results.append(tokenize(text))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == 80
    assert all(r == expected for r in results)


# ---------------------------------------------------------------------------
# tsvector / tsquery
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_tsquery_terms_are_safe(query):
    t0 = time.perf_counter()
    terms = to_tsquery_terms(query)
    assert time.perf_counter() - t0 < 1.0
    assert len(terms) <= MAX_QUERY_TERMS
    assert len(terms) == len(set(terms))
    for term in terms:
        assert term
        assert not TSQUERY_SPECIAL.search(term), term
        assert term.isprintable()


def test_tsquery_terms_examples():
    assert to_tsquery_terms("'; DROP TABLE users; --") == ["drop", "table", "users"]
    assert to_tsquery_terms("a & b | !c") == ["a", "b", "c"]
    assert to_tsquery_terms("%") == []
    assert to_tsquery_terms("😀🎉") == []
    assert to_tsquery_terms("\x00住民票\x1b") == ["住民票", "住民"]
    # compounds with their (2+ char) parts, de-duplicated, in query order
    assert to_tsquery_terms("申請書 申請書の申請") == ["申請書", "申請"]
    assert to_tsquery_terms("電子申請", subwords=False) == ["電子申請"]


def test_query_terms_match_document_tokens():
    doc = set(tokenize("引越しの手続きをオンラインでカンタンに。AI-OCRを導入。"))
    for query in ["引っ越し", "かんたん", "ai-ocr", "ＯＣＲ", "オンライン手続き"]:
        terms = to_tsquery_terms(query)
        assert terms and set(terms) & doc, query


def test_tsvector_text_is_safe_space_joined_tokens():
    text = "<b>住民票</b> & 'quoted' (paren) a:b* \\ back|slash! 😀 \x00"
    out = to_tsvector_text(text)
    assert out.split(" ") == tokenize(text)
    assert not re.search(r"[&|!():*'\\<>]", out)
    assert "住民票" in out.split()
    assert to_tsvector_text("") == ""


# ---------------------------------------------------------------------------
# highlight
# ---------------------------------------------------------------------------


def _plain(markup):
    return re.sub(r"</?mark>", "", markup).strip("…")


def test_highlight_escapes_and_marks():
    out = highlight("<script>alert('x')</script> 住民票の写し & more", ["住民票"])
    assert "<script>" not in out
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in out
    assert "<mark>住民票</mark>" in out
    assert "&amp; more" in out


def test_highlight_never_injects_markup_from_terms():
    out = highlight("a <b>bold</b> text", ["<b>", "bold"])
    assert out.count("<mark>") == out.count("</mark>") >= 1
    assert "<b>" not in out.replace("<mark>", "")


def test_highlight_variants_case_width_kana_and_normalized_form():
    text = "ＲＰＡとKintoneで引越しの手続きをかんたんにしました。"
    out = highlight(text, ["rpa", "KINTONE", "引っ越し", "カンタン"])
    for marked in ["ＲＰＡ", "Kintone", "引越し", "かんたん"]:
        assert f"<mark>{marked}</mark>" in out, out


def test_highlight_marks_part_of_compound():
    out = highlight("電子申請システムを導入しました", ["申請"])
    assert "<mark>申請</mark>" in out


def test_highlight_picks_window_with_most_terms_and_adds_ellipses():
    filler = "関係のない文章が続きます。" * 20
    text = (
        filler + "ここに住民票と印鑑登録証明書の話があります。" + filler + "住民票だけ。" + filler
    )
    out = highlight(text, ["住民票", "印鑑登録"], max_chars=60)
    assert out.startswith("…") and out.endswith("…")
    assert "<mark>住民票</mark>" in out and "<mark>印鑑登録" in out
    assert len(_plain(out)) <= 60


def test_highlight_starts_an_excerpt_where_a_clause_starts():
    """Not in the middle of a word (「…き直しが解消」): the excerpt opens after 。、」 or a
    space, and still holds the match."""
    lead = "窓口では住民が同じ内容を何度も書き直していたが、"
    text = (
        "前置きの文章がしばらく続きます。" * 12
        + lead
        + "申請書を一括で作成する方式にした。"
        + "後の文。" * 30
    )
    for max_chars in (40, 60, 80, 120):
        out = highlight(text, ["申請書"], max_chars=max_chars)
        plain = _plain(out).removeprefix("…")
        assert "<mark>申請書</mark>" in out
        start = text.index(plain[:12])
        assert start == 0 or text[start - 1] in "。、", (max_chars, out)


def test_highlight_without_match_or_terms():
    text = "<" * 300
    out = highlight(text, [], max_chars=50)
    assert out == "&lt;" * 50 + "…"
    assert highlight("短い文。", ["無関係"]) == "短い文。"
    assert highlight("", ["a"]) == ""
    assert highlight(None, ["a"]) == ""


def test_highlight_does_not_cut_a_mark():
    text = "あ" * 100 + "マイナンバーカード" + "い" * 100
    out = highlight(text, ["マイナンバーカード"], max_chars=40)
    assert "<mark>マイナンバーカード</mark>" in out
    assert len(_plain(out)) <= 40


def test_highlight_long_text_with_many_matches_is_fast():
    text = "住民票の写しを請求する。" * 8000  # 96,000 chars, 16,000 matches
    t0 = time.perf_counter()
    out = highlight(text, ["住民票", "請求"], max_chars=100)
    assert time.perf_counter() - t0 < 2.0
    assert out.startswith("<mark>住民票</mark>") and out.endswith("…")
    assert len(_plain(out)) <= 100


def test_highlight_marks_conjugated_forms_of_verbs():
    text = "書類を減らし、住民が申請書を書かなくて済むようにした。" * 3
    out = highlight(text, ["書く", "済む"], max_chars=40)
    assert "<mark>書かな</mark>" in out or "<mark>書かなく</mark>" in out, out
    assert "<mark>済むよ</mark>" in out or "<mark>済む</mark>" in out, out
    assert "<mark>書類" not in out  # a kanji compound is not a conjugation


def test_variant_kanji_of_names_are_one_word():
    # 髙橋 and 高橋 are one family name; 濵田/濱田/浜田, 齋藤/斎藤 likewise
    assert tokenize("講師は髙橋𠮷郎さん") == tokenize("講師は高橋吉郎さん")
    assert to_tsquery_terms("濱田") == to_tsquery_terms("濵田") == ["浜田"]
    assert "斎藤" in tokenize("齋藤")
    # the text keeps its own characters; the mark finds them from either spelling
    assert highlight("講師は髙橋さん", ["高橋"], 40) == "講師は<mark>髙橋</mark>さん"
    assert highlight("講師は高橋さん", to_tsquery_terms("髙橋"), 40) == (
        "講師は<mark>高橋</mark>さん"
    )
