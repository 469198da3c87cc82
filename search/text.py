"""Japanese text processing for search: normalisation, sentence chunking,
SudachiPy keyword tokens for PostgreSQL full-text search, and highlighting.

Pure Python (plus SudachiPy); nothing here imports Django, so the module can be
used from scripts and tests without settings.

Token design (used identically for documents and queries, so they match):

* The text is NFKC-normalised and lower-cased (:func:`normalize`), then split by
  SudachiPy in mode C (longest units, e.g. ``申請書``, ``業務効率化``).
* Each mode-C word is emitted in its *normalised form* (``引越し`` ->
  ``引っ越し``, ``附属`` -> ``付属``, ``かんたん`` -> ``簡単``, verbs in their
  dictionary form), followed by its mode-A parts when it is a compound
  (``申請書`` -> ``申請書``, ``申請``), so a query for a part finds the compound.
* Only content words are kept: nouns, verbs, adjectives, adjectival nouns
  (形状詞), numbers and Latin words. Particles, auxiliaries, symbols,
  whitespace, affixes, adverbs, pronouns and light words (する, ある, こと, ため,
  ...) are dropped.
* Latin words are lower-cased; a hyphen/dot-joined run such as ``AI-OCR`` gives
  its parts and the joined form (``ai``, ``ocr``, ``ai-ocr``).
* Kana-only tokens are mapped to katakana, so ``かんたん`` and ``カンタン`` (and
  any unknown hiragana/katakana spelling) become the same token.
* Tokens never contain whitespace or characters special to ``tsquery``
  (``& | ! ( ) : * ' \\ < >``), so they can be joined with spaces for
  ``to_tsvector('simple', %s)`` or with `` | `` for ``to_tsquery('simple', %s)``.
"""

from __future__ import annotations

import bisect
import functools
import html
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator

__all__ = [
    "MAX_QUERY_CHARS",
    "MAX_QUERY_TERMS",
    "chunk_text",
    "clean_query",
    "highlight",
    "normalize",
    "split_sentences",
    "to_tsquery_terms",
    "to_tsvector_text",
    "tokenize",
]

MAX_QUERY_CHARS = 200
"""A search query is cut to this many characters (after :func:`normalize`)."""

MAX_QUERY_TERMS = 32
"""At most this many distinct terms are returned by :func:`to_tsquery_terms`."""

MAX_TOKEN_CHARS = 64
"""Longer tokens (e.g. a base64 blob) are dropped: they are useless for search and
PostgreSQL refuses lexemes over 2 KB."""

# SudachiPy refuses inputs over 49,149 UTF-8 bytes; 4,000 characters is at most
# 16,000 bytes even for 4-byte characters.
_SEGMENT_CHARS = 4000

_ZWJ = "\u200d"  # kept: it glues emoji sequences together

# ---------------------------------------------------------------------------
# normalisation
# ---------------------------------------------------------------------------


_LINE_BREAKS = str.maketrans({"\n": " ", "\r": " ", "\t": " "})


def _strip_controls(text: str) -> str:
    """Remove control/format/surrogate characters; control whitespace becomes a space."""
    if text.isprintable():  # fast path: no C* or non-space Z* characters at all
        return text
    spaced = text.translate(_LINE_BREAKS)
    if spaced.isprintable():  # fast path for ordinary text with line breaks and tabs
        return spaced
    out = []
    for ch in text:
        if ch.isprintable():
            out.append(ch)
        elif ch.isspace():  # \t \n \r \x0b \x0c \x1c-\x1f \x85 U+2028 U+3000 ...
            out.append(" ")
        elif ch == _ZWJ:
            out.append(ch)
        # else: Cc / Cf (bidi overrides, zero-width space, BOM...) / Cs / Cn: dropped
    return "".join(out)


def _collapse_ws(text: str) -> str:
    return " ".join(text.split())


def normalize(text: str | None) -> str:
    """NFKC, lower-case, control characters removed, whitespace collapsed and stripped.

    Full-width Latin/digits become ASCII and half-width katakana becomes full-width
    (NFKC). Hiragana/katakana are *not* unified here (see :func:`tokenize`).
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", str(text))
    return _collapse_ws(_strip_controls(text)).lower()


def clean_query(q: str | None) -> str:
    """Normalise a user query and cut it to :data:`MAX_QUERY_CHARS` characters."""
    return normalize(q)[:MAX_QUERY_CHARS].strip()


def shown_query(q: str | None) -> str:
    """The query as the reader typed it (「RPA」, not the 「rpa」 searched for), for the page
    to show back: control characters removed, whitespace collapsed, as long as what was
    searched."""
    if not q:
        return ""
    return _collapse_ws(_strip_controls(str(q)))[:MAX_QUERY_CHARS].strip()


# ---------------------------------------------------------------------------
# sentences and chunks
# ---------------------------------------------------------------------------

_CLOSERS = "」』）)］]】〕〉》\"'”’"
_TERMINATORS = "。！？!?"
# URL-ish characters: an ASCII ! or ? followed by one of these is not a terminator
# (https://example.jp/?q=1, Yahoo!JAPAN).
_URLISH = "0-9A-Za-z=&/#%_.~+\\-"
# A terminator that is followed (possibly after more terminators) by a closing
# bracket does not end the sentence: 「はい。」と答えた。 is one sentence.
_SENTENCE_RE = re.compile(
    rf"""
    (?:
        [^{_TERMINATORS}]                         # ordinary character
      | [{_TERMINATORS}](?=[{_TERMINATORS}]*[{re.escape(_CLOSERS)}])  # inside quotes
      | [!?](?=[{_URLISH}])                       # ASCII ! ? inside a URL / name
    )*
    [{_TERMINATORS}]*                             # the terminator(s), kept
    """,
    re.VERBOSE,
)


def split_sentences(text: str | None) -> list[str]:
    """Split on 。！？!? and line breaks, keeping the punctuation with its sentence.

    Consecutive terminators stay together (``本当！？``); a terminator directly
    before a closing bracket does not split (``「はい。」と答えた。``); an ASCII
    ``!``/``?`` followed by a URL-ish character does not split. Each sentence has
    its control characters removed and whitespace collapsed; empty ones are dropped.
    No NFKC is applied (the caller decides).
    """
    if not text:
        return []
    out: list[str] = []
    for line in str(text).splitlines():
        line = _collapse_ws(_strip_controls(line))
        if not line:
            continue
        for m in _SENTENCE_RE.finditer(line):
            s = m.group().strip()
            if s:
                out.append(s)
    return out


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (
        0x2E80 <= o <= 0x9FFF  # CJK radicals, punctuation, kana, kanji
        or 0xF900 <= o <= 0xFAFF  # compatibility ideographs
        or 0xFF00 <= o <= 0xFFEF  # full-width / half-width forms
        or o >= 0x20000  # CJK extension B and later
    )


def _joiner(left: str, right: str) -> str:
    """No space between Japanese sentences, a space between Latin ones."""
    return "" if _is_cjk(left[-1]) or _is_cjk(right[0]) else " "


def _hard_cut(sentence: str, max_chars: int) -> list[str]:
    """Cut an over-long sentence into pieces of at most max_chars, at a space if one
    is available in the second half of the window (Latin text), else anywhere."""
    pieces = []
    rest = sentence
    while len(rest) > max_chars:
        cut = rest.rfind(" ", max_chars // 2, max_chars + 1)
        if cut <= 0:
            cut = max_chars
        piece = rest[:cut].strip()
        if piece:
            pieces.append(piece)
        rest = rest[cut:].strip()
    if rest:
        pieces.append(rest)
    return pieces


def chunk_text(text: str | None, max_chars: int = 400) -> list[str]:
    """Greedily pack whole sentences into chunks of at most ``max_chars`` characters.

    Sentences are joined without a separator when either side is Japanese, with a
    single space otherwise. A sentence longer than ``max_chars`` is hard-cut (its
    last piece may be packed with the following sentences). Deterministic; empty or
    blank input gives ``[]``.
    """
    if max_chars < 1:
        raise ValueError("max_chars must be >= 1")
    chunks: list[str] = []
    cur = ""
    for sentence in split_sentences(text):
        pieces = _hard_cut(sentence, max_chars) if len(sentence) > max_chars else [sentence]
        for piece in pieces:
            if not cur:
                cur = piece
                continue
            joined = cur + _joiner(cur, piece) + piece
            if len(joined) <= max_chars:
                cur = joined
            else:
                chunks.append(cur)
                cur = piece
    if cur:
        chunks.append(cur)
    return chunks


# ---------------------------------------------------------------------------
# SudachiPy tokenizer (one shared dictionary, one tokenizer per thread)
# ---------------------------------------------------------------------------

_dict_lock = threading.Lock()
_dictionary = None
_local = threading.local()


def _tokenizer():
    """The calling thread's mode-C Sudachi tokenizer.

    The dictionary is loaded once (under a lock); a SudachiPy ``Tokenizer`` is not
    safe to share between threads, so each thread gets its own (cheap to create).
    """
    tok = getattr(_local, "tokenizer", None)
    if tok is None:
        global _dictionary
        from sudachipy import Dictionary, SplitMode

        with _dict_lock:
            if _dictionary is None:
                _dictionary = Dictionary(dict="core")
            dictionary = _dictionary
        tok = dictionary.tokenizer(mode=SplitMode.C)
        _local.tokenizer = tok
        _local.mode_a = SplitMode.A
    return tok


_CONTENT_POS = frozenset({"名詞", "動詞", "形容詞", "形状詞"})
# Light words kept by the part-of-speech filter but useless as keywords
# (normalised forms).
_STOP_FORMS = frozenset(
    {
        "こと",
        "事",
        "もの",
        "物",
        "ため",
        "為",
        "よう",
        "様",
        "ところ",
        "所",
        "とき",
        "時",
        "の",
        "ん",
        "方",
        "等",
        "など",
    }
)
# Characters never allowed in a token (tsquery syntax, quotes, backslash, ...).
_BAD_CHARS_RE = re.compile(r"[&|!():*'\\<>\"`;,%?\s\x00-\x1f\x7f]+")
_EDGE_PUNCT = "-._+#@/~^$=[]{}"
_ASCII_WORD_RE = re.compile(r"[0-9a-z]")
_JOINABLE_RE = re.compile(r"[0-9A-Za-z._\-]+")

_HIRA_TO_KATA = {c: c + 0x60 for c in range(ord("ぁ"), ord("ゖ") + 1)}
_HIRA_TO_KATA.update({ord("ゝ"): ord("ヽ"), ord("ゞ"): ord("ヾ")})
_KATA_TO_HIRA = {v: k for k, v in _HIRA_TO_KATA.items()}
_KANA_RE = re.compile(r"[ぁ-ゖゝゞァ-ヺー・ヽヾ]+")


def _to_katakana(s: str) -> str:
    return s.translate(_HIRA_TO_KATA)


def _to_hiragana(s: str) -> str:
    return s.translate(_KATA_TO_HIRA)


_ASCII_ALNUM_RE = re.compile(r"[0-9a-z]")
_SMALL_KANA = str.maketrans("ぁぃぅぇぉっゃゅょゎゕゖ", "あいうえおつやゆよわかけ")
_VOICING_MARKS = dict.fromkeys((0x3099, 0x309A))


def reading(text: str | None) -> str:
    """A sort key in 五十音順, as a dictionary files words: the hiragana reading of the
    Japanese words of ``text`` (「紙の申請書」 → 「かみのしんせいしよ」) with voiced and small
    kana filed as their plain kana (が as か, ょ as よ: the title breaks the tie), words
    holding Latin letters or digits as written in lower case (「LINE」, 「1,400」 as 「1400」:
    they sort first), punctuation and the long-vowel mark left out."""
    text = normalize(text)
    if not text:
        return ""
    parts = []
    for m in _tokenizer().tokenize(text):
        surface = unicodedata.normalize("NFKC", m.surface()).lower()
        if m.part_of_speech()[0] in ("補助記号", "空白"):
            continue
        if _ASCII_ALNUM_RE.search(surface):
            parts.append("".join(ch for ch in surface if ch.isalnum()))
        else:
            parts.append(_to_hiragana(m.reading_form() or surface))
    key = unicodedata.normalize("NFD", "".join(parts).replace("ー", ""))
    key = key.translate(_VOICING_MARKS).translate(_SMALL_KANA)
    return unicodedata.normalize("NFC", key)[:255]


def _clean_token(form: str) -> str:
    """Make a token safe for tsquery/tsvector and consistent; '' if it is not a word."""
    form = unicodedata.normalize("NFKC", form).lower()
    form = _BAD_CHARS_RE.sub("", form).strip(_EDGE_PUNCT)
    if not form or len(form) > MAX_TOKEN_CHARS:
        return ""
    if not any(ch.isalnum() for ch in form):  # symbols / emoji only
        return ""
    if _KANA_RE.fullmatch(form):
        form = _to_katakana(form)
    return form


def _word_form(m) -> str:
    """The token for one Sudachi morpheme, or '' if it is not a content word."""
    pos = m.part_of_speech()
    if pos[0] not in _CONTENT_POS:
        return ""
    if pos[1] == "非自立可能" and pos[0] != "名詞":  # する, ある, いる, なる, できる, ない
        return ""
    surface = m.surface()
    if surface.isascii():
        # Latin words and numbers: keep the surface (Sudachi normalises "2.0" to "2"
        # and leaves the case inconsistent).
        form = surface
    else:
        form = m.normalized_form()
        if form in _STOP_FORMS:
            return ""
    return _clean_token(form)


def _segments(text: str) -> Iterator[tuple[int, str]]:
    """Split text into (offset, piece) of at most _SEGMENT_CHARS, cutting after a
    sentence end or at whitespace when possible."""
    n = len(text)
    start = 0
    while n - start > _SEGMENT_CHARS:
        window = text[start : start + _SEGMENT_CHARS]
        cut = max(window.rfind(c) for c in "。！？!?\n ")
        cut = cut + 1 if cut > _SEGMENT_CHARS // 2 else _SEGMENT_CHARS
        yield start, text[start : start + cut]
        start += cut
    if start < n:
        yield start, text[start:]


ANALYZER_VERSION = 2
"""Changes whenever the same text would give other tokens (1: Sudachi forms; 2: variant kanji
folded): it is part of a keyword row's hash, so ``rebuild_search_index`` rewrites every row."""

# Variant forms of kanji that Sudachi keeps apart, mostly in people's and places' names
# (異体字 and 旧字体: 髙橋 and 高橋 are one family name); each becomes its common form before
# tokenising, one character for one, so offsets still index the text as written.
_KANJI_VARIANTS = str.maketrans(
    {
        "髙": "高",
        "﨑": "崎",
        "嵜": "崎",
        "𠮷": "吉",
        "德": "徳",
        "濵": "浜",
        "濱": "浜",
        "齋": "斎",
        "齊": "斉",
        "邊": "辺",
        "邉": "辺",
        "澤": "沢",
        "櫻": "桜",
        "廣": "広",
        "國": "国",
        "嶋": "島",
        "槇": "槙",
        "蔣": "蒋",
        "瀨": "瀬",
        "眞": "真",
    }
)


def _analyze(text: str, *, query: bool = False) -> Iterator[tuple[str, int, int, bool]]:
    """Yield (token, begin, end, is_subword) for ``text`` as given (no normalisation beyond
    :data:`_KANJI_VARIANTS`; offsets index ``text``). With ``query=True`` one-character
    sub-words are skipped (``住民票`` -> ``住民票``, ``住民`` but not ``票``), as they are too
    noisy for an OR query; they remain in the document tokens."""
    text = text.translate(_KANJI_VARIANTS)
    tok = _tokenizer()
    mode_a = _local.mode_a
    for offset, piece in _segments(text):
        morphemes = tok.tokenize(piece)
        run: list = []  # adjacent ASCII morphemes, for AI-OCR / node.js / v2.0
        prev_end = -1
        for m in morphemes:
            begin, end = m.begin() + offset, m.end() + offset
            surface = m.surface()
            if _JOINABLE_RE.fullmatch(surface) and (not run or begin == prev_end):
                run.append((surface, begin, end))
            else:
                yield from _joined(run)
                run = [(surface, begin, end)] if _JOINABLE_RE.fullmatch(surface) else []
            prev_end = end

            form = _word_form(m)
            if not form:
                continue
            yield form, begin, end, False
            parts = m.split(mode_a)
            if len(parts) > 1:
                for p in parts:
                    sub = _word_form(p)
                    if not sub or sub == form or (query and len(sub) < 2):
                        continue
                    yield sub, p.begin() + offset, p.end() + offset, True
        yield from _joined(run)


def _joined(run: list) -> Iterator[tuple[str, int, int, bool]]:
    """The joined form of a run of adjacent ASCII morphemes with >= 2 word parts."""
    words = sum(1 for s, _, _ in run if _ASCII_WORD_RE.search(s.lower()))
    if words < 2:
        return
    form = _clean_token("".join(s for s, _, _ in run))
    if form:
        yield form, run[0][1], run[-1][2], False


def tokenize(text: str | None) -> list[str]:
    """Keyword tokens of ``text`` in order, duplicates kept (for term frequency)."""
    text = normalize(text)
    if not text:
        return []
    return [t for t, _, _, _ in _analyze(text)]


def to_tsvector_text(text: str | None) -> str:
    """Space-joined tokens, to pass as a bound parameter to ``to_tsvector('simple', %s)``."""
    return " ".join(tokenize(text))


def with_written_forms(text: str | None) -> str:
    """Space-joined tokens of ``text`` and, where it differs, each word as written
    (「待ち時間」 in a sentence is 待つ + 時間, but 待ち + 時間 as a query of its own), once each:
    for an index whose queries need every word to match (Wagtail's admin search)."""
    text = normalize(text)
    words: dict[str, None] = {}
    for token, begin, end, _ in _analyze(text) if text else ():
        words.setdefault(token, None)
        written = _clean_token(text[begin:end])
        if written:
            words.setdefault(written, None)
    return " ".join(words)


def to_tsquery_terms(query: str | None, *, subwords: bool = True) -> list[str]:
    """De-duplicated query tokens (at most :data:`MAX_QUERY_TERMS`), in query order.

    The query is first cut by :func:`clean_query`. Compound words come with their
    sub-words of two or more characters (``subwords=False`` keeps only the
    compounds), so the list is meant to be OR-ed and ranked:
    ``to_tsquery('simple', %s)`` with ``" | ".join(terms)`` and ``ts_rank``.
    Terms contain no tsquery operators, quotes, backslashes or spaces.
    """
    q = clean_query(query)
    if not q:
        return []
    seen: dict[str, None] = {}
    for token, _, _, is_sub in _analyze(q, query=True):
        if is_sub and not subwords:
            continue
        seen.setdefault(token, None)
        if len(seen) >= MAX_QUERY_TERMS:
            break
    return list(seen)


def query_word_groups(query: str | None) -> list[tuple[str, tuple[str, ...]]]:
    """The query's words in order, each with the sub-words of two or more characters it splits
    into (``オンライン申請`` -> ``("オンライン申請", ("オンライン", "申請"))``), for a query
    that needs every word, where a compound may also match as its parts. At most
    :data:`MAX_QUERY_TERMS` words; duplicates dropped."""
    q = clean_query(query)
    groups: dict[str, list[str]] = {}
    last = None
    for token, _, _, is_sub in _analyze(q, query=True) if q else ():
        if is_sub and last is not None:
            groups[last].append(token)
        elif not is_sub and token not in groups and len(groups) < MAX_QUERY_TERMS:
            groups[token] = []
            last = token
        else:
            last = None
    return [(word, tuple(subs)) for word, subs in groups.items()]


# ---------------------------------------------------------------------------
# highlighting
# ---------------------------------------------------------------------------

_FULLWIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}

TOKEN_SCAN_CHARS = 400
"""When no query word appears literally, highlighting looks for other forms of the words in
this many leading characters."""


def _term_variants(term: str) -> set[str]:
    """Spellings of a normalised term to look for literally (case-insensitively)."""
    variants = {term, _to_katakana(term), _to_hiragana(term)}
    variants |= {v.translate(_FULLWIDTH) for v in list(variants)}
    return {v for v in variants if v}


def _query_words(terms: Iterable[str]) -> list[str]:
    return list(_query_words_of(tuple(terms)))


@functools.lru_cache(maxsize=256)
def _query_words_of(terms: tuple[str, ...]) -> tuple[str, ...]:
    words: list[str] = []
    for t in terms:
        if t:
            words.extend(normalize(t).split())
    found = [w for w in dict.fromkeys(words) if any(ch.isalnum() for ch in w)]
    return tuple(found[:MAX_QUERY_TERMS])


# Latin capitals (ASCII and full-width) to small letters: the same length, so offsets in the
# folded text are offsets in the text (str.lower() may change the length of a few letters).
_FOLD_LATIN = str.maketrans(
    {chr(c): chr(c + 32) for c in [*range(0x41, 0x5B), *range(0xFF21, 0xFF3B)]}
)


def _literal_spans(text: str, words: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, key) of every literal match (any width, kana script or Latin case)."""
    folded = text.translate(_FOLD_LATIN).translate(_KANJI_VARIANTS)
    spans: list[tuple[int, int, str]] = []
    for w in words:
        for m in _word_pattern(w).finditer(folded):
            if m.end() > m.start():
                spans.append((m.start(), m.end(), w))
    return spans


@functools.lru_cache(maxsize=1024)
def _word_pattern(word: str) -> re.Pattern:
    """The spellings of a (normalised, lower-case) word, for the Latin-folded text; no
    IGNORECASE, whose Unicode case tables make compiling a pattern slow."""
    folded = {v.translate(_FOLD_LATIN) for v in _term_variants(word)}
    variants = sorted(folded, key=len, reverse=True)
    return re.compile("|".join(re.escape(v) for v in variants))


_OKURIGANA_RE = re.compile(r"[一-龯々][ぁ-ゖ]+[一-龯々]")


@functools.lru_cache(maxsize=256)
def _stem_pattern(word: str) -> re.Pattern | None:
    """``書く`` -> ``書`` + 1-3 hiragana; None for words without a kanji stem and kana ending."""
    stem = re.sub(r"[ぁ-ゖ]+$", "", word)
    if not stem or stem == word or word.isascii() or _KANA_RE.fullmatch(stem):
        return None
    # no character class of kanji here: compiling one is slow (see _after_kanji)
    return re.compile(re.escape(stem) + "[ぁ-ゖ]{1,3}")


_KANJI_RE = re.compile(r"[一-龯々]")


def _after_kanji(text: str, index: int) -> bool:
    """Whether ``text[index]`` follows a kanji (a stem inside a compound: 申請書を is not 書く)."""
    return index > 0 and _KANJI_RE.match(text, index - 1) is not None


@functools.lru_cache(maxsize=64)
def _token_keys(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(to_tsquery_terms(" ".join(words))) if words else frozenset()


def _token_spans(text: str, words: list[str], start: int, end: int) -> list[tuple[int, int, str]]:
    """Token matches in ``text[start:end]`` (normalised forms: 引越し ~ 引っ越し,
    かんたん ~ 簡単, 書かない ~ 書く), with offsets into ``text``. Lighter than
    :func:`_analyze`: each morpheme's normalised form is compared with the query's tokens,
    with no part-of-speech filter or sub-word split (a sub-word is found literally)."""
    keys = _token_keys(tuple(words))
    if not keys or start >= end:
        return []
    tok = _tokenizer()
    spans = []
    for offset, piece in _segments(text[start:end]):
        for m in tok.tokenize(piece):
            form = m.normalized_form()
            if form in keys or _to_katakana(form) in keys:
                base = start + offset
                spans.append((m.begin() + base, m.end() + base, form))
    return spans


def _find_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int, str]]:
    """(start, end, key) of every match of the terms in ``text`` (the whole text analysed)."""
    words = _query_words(terms)
    return _literal_spans(text, words) + _token_spans(text, words, 0, len(text))


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for s, e, _ in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


_MAX_WINDOW_CANDIDATES = 500


def _best_window_start(spans: list[tuple[int, int, str]], n: int, max_chars: int) -> int:
    """Start of the max_chars window holding the most distinct terms (then the most
    matches, then the earliest). Candidate windows start a little before a match;
    the cost is bounded by _MAX_WINDOW_CANDIDATES x (matches per window)."""
    by_start = sorted(spans)
    starts = [s for s, _, _ in by_start]
    lead = max_chars // 4
    best: tuple[int, int, int] | None = None
    seen_ws: set[int] = set()
    for s in starts:
        ws = max(0, min(s - lead, n - max_chars))
        if ws in seen_ws:
            continue
        seen_ws.add(ws)
        if len(seen_ws) > _MAX_WINDOW_CANDIDATES:
            break
        we = ws + max_chars
        keys = []
        for i in range(bisect.bisect_left(starts, ws), bisect.bisect_left(starts, we)):
            if by_start[i][1] <= we:
                keys.append(by_start[i][2])
        score = (len(set(keys)), len(keys), -ws)
        if best is None or score > best:
            best = score
    return -best[2] if best else 0


def _variant_spans(
    text: str, words: list[str], found: set[str], start: int, end: int
) -> list[tuple[int, int, str]]:
    """Matches in ``text[start:end]`` of the words not ``found`` literally.

    Conjugated forms (書く ~ 書かない, 済む ~ 済んで): a word ending in kana is looked for as
    its stem followed by kana. Spelling variants with kana between kanji (引っ越し ~ 引越し,
    申し込み ~ 申込) are found by SudachiPy's normalised forms, around the word's first
    character only (SudachiPy is the costly part of presenting a result)."""
    spans: list[tuple[int, int, str]] = []
    variants = []
    for w in words:
        if w in found:
            continue
        pattern = _stem_pattern(w)
        if pattern is not None:
            spans += [
                (m.start(), m.end(), w)
                for m in pattern.finditer(text, start, end)
                if not _after_kanji(text, m.start())
            ]
        if _OKURIGANA_RE.search(w):
            variants.append(w)
    firsts = {w[0] for w in variants}
    around = [
        (max(start, i - 8), min(end, i + 9), "") for i in range(start, end) if text[i] in firsts
    ]
    for s, e in _merge(around):
        spans += _token_spans(text, variants, s, e)
    return spans


_CLAUSE_END = frozenset("。、，．！？!?」』）)】] ")

_CLAUSE_BACK = 16
"""How far back an excerpt's start may move to the start of its clause."""


def _clause_start(text: str, start: int, spans, lead: int) -> int:
    """An excerpt's start moved to where a clause begins (after 。、」 or a space), so that
    it does not open in the middle of a word (「…き直しが」): forward, up to ``lead``
    characters and never past its first match, or else back a little."""
    if start <= 0:
        return start
    first = min((s for s, _, _ in spans if s >= start), default=start + lead)
    for i in range(start - 1, min(start + lead, first)):
        if text[i] in _CLAUSE_END:
            return i + 1
    for i in range(start - 2, max(-1, start - _CLAUSE_BACK - 1), -1):
        if text[i] in _CLAUSE_END:
            return i + 1
    return start


def highlight(text: str | None, terms: Iterable[str] | str, max_chars: int = 160) -> str:
    """An HTML-safe excerpt of ``text`` (at most ``max_chars`` characters of text, plus
    ``…`` at cut ends) around the place with the most distinct query terms, with the
    matches wrapped in ``<mark>…</mark>``. Everything else is HTML-escaped.

    ``terms`` may be the raw query words or :func:`to_tsquery_terms` output; matching
    is case-, width- and kana-insensitive and also uses Sudachi normalised forms.
    """
    if not text:
        return ""
    text = _collapse_ws(_strip_controls(str(text)))
    if isinstance(terms, str):
        terms = [terms]
    words = _query_words(terms)
    spans = _literal_spans(text, words)
    n = len(text)
    max_chars = max(1, int(max_chars))
    if not spans:  # no literal match: look for other forms near the start instead
        spans = _variant_spans(text, words, set(), 0, min(n, TOKEN_SCAN_CHARS))

    start, end = 0, n
    if n > max_chars:
        start = _best_window_start(spans, n, max_chars) if spans else 0
        start = _clause_start(text, start, spans, max_chars // 4)
        end = min(n, start + max_chars)
    spans += _variant_spans(text, words, {key for _, _, key in spans}, start, end)

    regions = _merge(spans)
    # never cut a mark in half: pull the start back / the end in
    for s, e in regions:
        if s < start < e:
            start = s
            end = min(end, start + max_chars)
    for s, e in regions:
        if start < s < end < e:
            end = s
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1

    parts = []
    if start > 0:
        parts.append("…")
    pos = start
    for s, e in regions:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        parts.append(html.escape(text[pos:s]))
        parts.append("<mark>" + html.escape(text[s:e]) + "</mark>")
        pos = e
    parts.append(html.escape(text[pos:end]))
    if end < n:
        parts.append("…")
    return "".join(parts)
