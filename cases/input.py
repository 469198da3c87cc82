"""The case input form: one validation of a case's fields, in Japanese, for every way a case
comes in (the importer's rows today; the public submission form and the API next).

:class:`CaseInputForm` is a Django form over the raw values of one case (strings, numbers or
lists, as a CSV cell or a JSON value gives them). It resolves the local government (name, code
or both, wards of designated cities, several implementers), themes by name or alias, normalises
tool names, reads results and years, and gives a :class:`CaseData` through :meth:`case_data`.
Its messages are the ones staff see in the importer's report.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext as _

from cases.bodytext import body_to_stream
from cases.forms import canonical_tools
from cases.models import CaseResult, Theme, Tool, split_aliases
from core.japanese_dates import parse_era_year
from localgov.codes import DESIGNATED_CITY, get_by_code
from localgov.lookup import normalize_name, resolve, resolve_all, resolve_prefecture

# CSV list fields are separated by ";"; themes and tools also accept 、 and commas, which never
# occur in their names, but a result's text may contain them.
LIST_SEPARATORS = re.compile(r"[;；]")
NAME_SEPARATORS = re.compile(r"[;；、，,|]")
MAX_TITLE = 255
STATUS_ALIASES = {
    "検討中": "considering",
    "検討": "considering",
    "considering": "considering",
    "実証": "pilot",
    "実証実験": "pilot",
    "試行": "pilot",
    "pilot": "pilot",
    "本格運用": "production",
    "運用中": "production",
    "本格導入": "production",
    "production": "production",
    "終了": "ended",
    "ended": "ended",
}


@dataclass
class ResultData:
    label: str
    value: str | None = None  # Decimal as a canonical string, for hashing
    unit: str = ""
    baseline: str | None = None
    period: str = ""
    note: str = ""


@dataclass
class CaseData:
    line: int
    local_government_code: str
    co_implementer_codes: list[str]
    title: str
    summary: str
    theme_slugs: list[str]
    tools: list[str]
    results: list[ResultData]
    year: int | None
    month: int | None
    source_url: str
    body: list[dict]
    status: str
    department: str
    contact: str
    warnings: list[str] = field(default_factory=list)

    def key(self) -> tuple[str, str]:
        return (
            (self.source_url, self.title)
            if self.source_url
            else (
                self.local_government_code,
                self.title,
            )
        )

    def content_hash(self) -> str:
        payload = asdict(self)
        payload.pop("line")
        payload.pop("warnings")
        # Order of themes, tools and co-implementers is not content.
        payload["theme_slugs"] = sorted(self.theme_slugs)
        payload["tools"] = sorted(t.casefold() for t in self.tools)
        payload["co_implementer_codes"] = sorted(self.co_implementer_codes)
        encoded = json.dumps(payload, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(encoded.encode()).hexdigest()


class Vocabulary:
    """The themes, by slug, Japanese or English name, alias, or one part of a 「A/B」 name,
    and the tools' aliases (「キントーン」 is kintone), read once for a whole import."""

    def __init__(self):
        self.tools = Tool.canonical_names()
        self.by_key = {}
        for theme in Theme.objects.all():
            keys = [theme.slug, theme.name, theme.name_en, *theme.name.split("/")]
            keys += split_aliases(theme.aliases)
            for key in keys:
                self.by_key.setdefault(self.normalize(key), theme.slug)

    @staticmethod
    def normalize(value: str) -> str:
        value = unicodedata.normalize("NFKC", value).casefold()
        return re.sub(r"[\s\-_・･/()（）]", "", value)

    def theme(self, value: str) -> str | None:
        return self.by_key.get(self.normalize(value))


def _as_list(value, separators: re.Pattern = LIST_SEPARATORS) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in separators.split(str(value)) if part.strip()]


def _text(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        value = str(value)
    return unicodedata.normalize("NFC", value).strip()


NUMBER = r"[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?"
MINUS_SIGNS = "-−▲△"
"""Signs that make a number negative: the hyphen-minus and the minus sign, and ▲ and △ as
public accounts write a decrease (▲15%)."""
SIGNED = rf"(?<![0-9])[{MINUS_SIGNS}+]?{NUMBER}"
"""A number as a result gives it, with its sign when it has one (not the hyphen of 「2022-23」)."""
RESULT_UNITS = (
    "時間",
    "分",
    "日",
    "円",
    "万円",
    "億円",
    "件",
    "人",
    "%",
    "％",
    "枚",
    "ポイント",
    "点",
    "回",
    "時間/年",
    "円/年",
    "件/年",
)
MULTIPLIER = r"(?P<mult>[万億](?!円))?"
"""「3万件」, 「1.2億回」: 万 and 億 before a unit other than 円 (万円 and 億円 are units)."""
_MULTIPLIERS = {"万": Decimal(10_000), "億": Decimal(100_000_000)}
_TRAILING_VALUE = re.compile(
    rf"^(?P<label>.+?)[\s:：]+(?P<value>{SIGNED}){MULTIPLIER}\s*(?P<unit>[^\s\d]{{0,8}})$"
)
_CHANGE_UNIT = r"億円|万円|円|時間|分|日|件|人|%|％|枚|ポイント|点|回"
_CHANGE = re.compile(
    rf"^(?P<label>.*?)[\s:：]*(?P<before>{NUMBER})\s*(?P<unit1>{_CHANGE_UNIT})?"
    rf"\s*(?:→|->|⇒|から)\s*(?P<after>{NUMBER})\s*(?P<unit2>(?:{_CHANGE_UNIT})(?:/年)?)"
    r"\s*に?\s*(?P<rest>.*)$"
)
"""A result given as its change: 「問い合わせ 120件 → 10件」, 「待ち時間を60分から15分に短縮」."""
_PARTICLE_END = ("を", "が", "は")
_EMBEDDED_VALUE = re.compile(rf"(?P<value>{SIGNED}){MULTIPLIER}\s*(?P<unit>{_CHANGE_UNIT})")


def parse_decimal(value) -> Decimal | None:
    """A finite Decimal (InvalidOperation for text that is no number, NaN or Infinity)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InvalidOperation
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        text = unicodedata.normalize("NFKC", str(value)).replace(",", "").strip()
        number = Decimal(re.sub(f"^[{MINUS_SIGNS}]", "-", text))
    if not number.is_finite():
        raise InvalidOperation
    return number


def _result_decimal(value: Decimal | None, what: str, field_name: str = "value") -> str | None:
    """``value`` rounded to the decimal places of ``CaseResult.<field_name>`` as a canonical
    string (for hashing), or a ValueError naming ``what`` if it has more digits before the point
    than that field holds: the model field sets the limit, so the database never overflows."""
    if value is None:
        return None
    model_field = CaseResult._meta.get_field(field_name)
    step = Decimal(1).scaleb(-model_field.decimal_places)
    bound = Decimal(10) ** (model_field.max_digits - model_field.decimal_places)
    # Compared before rounding too: quantize() itself fails on a number of 28 digits and more.
    if abs(value) >= bound or abs(rounded := value.quantize(step)) >= bound:
        raise ValueError(
            _("%(what)sが大きすぎます（最大 %(max)s）") % {"what": what, "max": f"{bound - step:,}"}
        )
    return str(rounded)


def _scale(value: Decimal, unit: str) -> tuple[Decimal, str]:
    """万円 and 億円 become 円 so that amounts compare."""
    factors = {"万円": Decimal(10_000), "億円": Decimal(100_000_000)}
    for prefix, factor in factors.items():
        if unit.startswith(prefix):
            return value * factor, "円" + unit[len(prefix) :]
    return value, unit


_PER = ("/年", "/月", "/日", "/件", "/人", "/回")


def _is_result_unit(unit: str) -> bool:
    """A unit of :data:`RESULT_UNITS`, or one of them per year, month, ... (「万円/年」)."""
    base = next((unit.removesuffix(per) for per in _PER if unit.endswith(per)), unit)
    return unit in RESULT_UNITS or base in RESULT_UNITS


def parse_result_text(text: str) -> ResultData:
    """「年間削減時間 3000 時間/年」 or 「年間約3,000時間削減」 or 「住民満足度が向上」
    (ValueError if the number is larger than a result holds)."""
    text = " ".join(unicodedata.normalize("NFKC", text).split())
    change = _change(text)
    if change is not None:
        return change
    match = _TRAILING_VALUE.match(text)
    if match and (_is_result_unit(match.group("unit")) or match.group("unit") == ""):
        label = match.group("label")
        value, unit = _scale(_multiplied(match), match.group("unit"))
        what = _("成果「%(label)s」の値") % {"label": label}
        return ResultData(label, _result_decimal(value, what), unit)
    embedded = list(_EMBEDDED_VALUE.finditer(text))
    if len(embedded) == 1:
        found = embedded[0]
        value, unit = _scale(_multiplied(found), found.group("unit"))
        if unit in ("時間", "円", "件") and re.search(r"年間|毎年|/年|1年", text):
            unit += "/年"
        what = _("成果「%(label)s」の値") % {"label": text}
        return ResultData(text, _result_decimal(value, what), unit.replace("％", "%"))
    return ResultData(text)


def _multiplied(match: re.Match) -> Decimal:
    value = parse_decimal(match.group("value"))
    return value * _MULTIPLIERS[match.group("mult")] if match.group("mult") else value


def _change(text: str) -> ResultData | None:
    """A result written as before → after (the value is the after, the baseline the before, in
    one unit), or None. The words around the numbers make the label: 「待ち時間を短縮」."""
    match = _CHANGE.match(text)
    if match is None:
        return None
    unit1, unit2 = match.group("unit1"), match.group("unit2")
    if unit1 and unit1 != unit2.removesuffix("/年"):
        return None  # 「3時間から30分」: two units, read as plain text
    label = match.group("label").strip(" :：")
    rest = match.group("rest").strip()
    if not label:
        label = text
    elif rest:
        label = label + rest if label.endswith(_PARTICLE_END) else f"{label}（{rest}）"
    what = _("成果「%(label)s」の値") % {"label": label}
    before, unit = _scale(parse_decimal(match.group("before")), unit2)
    after, _unit = _scale(parse_decimal(match.group("after")), unit2)
    return ResultData(
        label[:200],
        _result_decimal(after, what),
        unit.replace("％", "%"),
        _result_decimal(before, what, "baseline"),
    )


def _parse_result(item) -> ResultData:
    if isinstance(item, str):
        return parse_result_text(item)
    if not isinstance(item, dict):
        raise ValueError(_("成果は文字列か {label, value, unit} の形にしてください"))
    label = _text(item.get("label"))
    if not label:
        raise ValueError(_("成果に label（項目名）がありません"))
    what = {
        "value": _("成果「%(label)s」の値") % {"label": label},
        "baseline": _("成果「%(label)s」の導入前の値（baseline）") % {"label": label},
    }
    numbers = {}
    for name in what:
        try:
            numbers[name] = parse_decimal(item.get(name))
        except (InvalidOperation, ValueError):
            raise ValueError(
                _("%(what)s「%(value)s」が数値ではありません")
                % {"what": what[name], "value": _text(item.get(name))}
            ) from None
    given_unit = unicodedata.normalize("NFKC", _text(item.get("unit"))).replace("／", "/")
    unit = given_unit
    for name, number in numbers.items():
        if number is not None:  # the baseline is in the value's unit: 万円 becomes 円 for both
            numbers[name], unit = _scale(number, given_unit)
    return ResultData(
        label[:200],
        _result_decimal(numbers["value"], what["value"]),
        unit[:20],
        _result_decimal(numbers["baseline"], what["baseline"], "baseline"),
        _text(item.get("period"))[:50],
        _text(item.get("note"))[:300],
    )


_YEAR_RE = re.compile(
    r"^(?P<year>\d{4})(?:年度?|[-/.](?P<month>\d{1,2}).*|年(?P<month2>\d{1,2})月.*)?$"
)


def parse_year(value) -> tuple[int | None, int | None]:
    """2021 / "2021年" / "2021年度" / "2021-04" / "令和3年" / "R3" → (year, month)."""
    if value is None or value == "":
        return None, None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        year, month = value, None
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip().replace(" ", "")
        match = _YEAR_RE.match(text)
        era_year = parse_era_year(text)
        if match:
            year = int(match.group("year"))
            month_text = match.group("month") or match.group("month2")
            month = int(month_text) if month_text else None
        elif era_year is not None:
            year, month = era_year, None
        else:
            raise ValueError
    if not 1990 <= year <= 2100 or (month is not None and not 1 <= month <= 12):
        raise ValueError
    return year, month


# ---------------------------------------------------------------------------
# The local government
# ---------------------------------------------------------------------------


def resolve_local_government(municipality: str, prefecture: str, code: str = ""):
    """(code, co-implementer codes) or a ValueError with a Japanese message. A 全国地方公共団体
    コード (``code``) identifies the local government; the names, if given, must agree."""
    if code:
        return _resolve_code(code, municipality, prefecture)
    pref = resolve_prefecture(prefecture) if prefecture else None
    if prefecture and pref is None:
        raise ValueError(
            _(
                "都道府県「%(name)s」が見つかりません"
                "（都道府県名か、1〜47の都道府県コードを数字で書いてください）"
            )
            % {"name": prefecture}
        )
    if not municipality or (
        pref
        and normalize_name(municipality)
        in {
            normalize_name(pref.name),
            normalize_name(pref.name + "庁"),
        }
    ):
        if pref is None:
            raise ValueError(_("自治体（municipality）と都道府県（prefecture）が空です"))
        return pref.code, []
    found = resolve(municipality, pref.name if pref else None)
    if found is None:
        found = _resolve_ward(municipality, pref)
    if found is not None:
        return found.code, []
    parts = [p for p in re.split(r"[・、,，;；/／]", municipality) if p.strip()]
    if len(parts) > 1:
        codes = [resolve_local_government(p.strip(), prefecture)[0] for p in parts]
        return codes[0], codes[1:]
    candidates = resolve_all(municipality, pref.name if pref else None)
    if len(candidates) > 1:
        names = "、".join(c.full_name for c in candidates[:5])
        raise ValueError(
            _("自治体「%(name)s」が複数あります（%(candidates)s）。prefecture を指定してください")
            % {"name": municipality, "candidates": names}
        )
    if pref:
        raise ValueError(
            _("自治体「%(name)s」が%(prefecture)sに見つかりません")
            % {"name": municipality, "prefecture": _prefecture_name(pref)}
        )
    raise ValueError(_("自治体「%(name)s」が見つかりません") % {"name": municipality})


def _prefecture_name(pref) -> str:
    """A code-table prefecture as the reader names it: 「石川県」, "Ishikawa" in English."""
    from localgov.models import Prefecture

    return Prefecture(code=pref.prefecture_code, name=pref.name).display_name


def _resolve_code(code: str, municipality: str, prefecture: str):
    found = get_by_code(code)
    if found is None:
        raise ValueError(
            _(
                "団体コード（local_government_code）「%(code)s」に該当する自治体がありません"
                "（6桁の全国地方公共団体コードを数字で書いてください）"
            )
            % {"code": code}
        )
    if not municipality and not prefecture:
        return found.code, []
    try:
        named, co_codes = resolve_local_government(municipality, prefecture)
    except ValueError:  # unknown, or ambiguous (伊達市) and the code says which one
        candidates = resolve_all(municipality, prefecture) if municipality else []
        named, co_codes = (found.code, []) if found in candidates else ("", [])
    if named != found.code:
        given = " ".join(p for p in (prefecture, municipality) if p)
        raise ValueError(
            _(
                "団体コード（local_government_code）「%(code)s」は%(found)sですが、"
                "自治体（municipality・prefecture）は「%(given)s」です"
            )
            % {"code": code, "found": found.full_name, "given": given}
        )
    return found.code, co_codes


def _resolve_ward(municipality: str, pref):
    """A ward of a designated city (札幌市中央区) belongs to its city."""
    match = re.match(r"^(.+?市).+区$", unicodedata.normalize("NFKC", municipality).strip())
    if not match:
        return None
    found = resolve(match.group(1), pref.name if pref else None)
    if found is not None and found.kind == DESIGNATED_CITY:
        return found
    return None


# ---------------------------------------------------------------------------
# The form
# ---------------------------------------------------------------------------


class RawValue(forms.Field):
    """A value as its source gives it (text, a number, a list or an object): the form's
    ``clean_<name>`` reads it, so that a CSV cell and a JSON value are judged alike."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        return value


class CaseInputForm(forms.Form):
    """One case's fields, validated in Japanese; :meth:`case_data` gives the result.

    The fields are declared in the order their messages are listed (``error_list``); a field's
    ``clean_<name>`` may read the ones before it (the co-implementers need the local government,
    the month the year)."""

    title = RawValue()
    summary = RawValue()
    prefecture = RawValue()
    local_government_code = RawValue()
    municipality = RawValue()
    co_implementers = RawValue()
    theme = RawValue()
    tools = RawValue()
    results = RawValue()
    year = RawValue()
    month = RawValue()
    source_url = RawValue()
    status = RawValue()
    body = RawValue()
    department = RawValue()
    contact = RawValue()

    column_names_in_messages = True
    """A message names the column it is about (「開始年（year）」), for a file's rows; a form a
    person fills in names only its field."""

    def field_word(self, column: str, word: str) -> str:
        return f"{word}（{column}）" if self.column_names_in_messages else word

    def __init__(self, *args, vocabulary: Vocabulary | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.vocabulary = vocabulary or Vocabulary()

    def clean_title(self):
        title = " ".join(_text(self.cleaned_data["title"]).split())
        if not title:
            raise forms.ValidationError(_("タイトル（title）がありません"))
        if len(title) > MAX_TITLE:
            raise forms.ValidationError(
                _("タイトルが長すぎます（%(n)s文字、最大%(max)s文字）")
                % {"n": len(title), "max": MAX_TITLE}
            )
        return title

    def clean_summary(self):
        return _text(self.cleaned_data["summary"])

    def clean_prefecture(self):
        return _text(self.cleaned_data["prefecture"])

    def clean_local_government_code(self):
        return _text(self.cleaned_data["local_government_code"])

    def clean_municipality(self):
        """The local government's code and the co-implementers named with it (「A町・B町」)."""
        try:
            return resolve_local_government(
                _text(self.cleaned_data["municipality"]),
                self.cleaned_data.get("prefecture", ""),
                self.cleaned_data.get("local_government_code", ""),
            )
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_co_implementers(self):
        code, co_codes = self.cleaned_data.get("municipality") or ("", [])
        co_codes, errors = list(co_codes), []
        for name in _as_list(self.cleaned_data["co_implementers"], NAME_SEPARATORS):
            found = resolve(name)
            if found is None:
                errors.append(_("共同実施自治体「%(name)s」が見つかりません") % {"name": name})
            elif found.code != code and found.code not in co_codes:
                co_codes.append(found.code)
        if errors:
            raise forms.ValidationError(errors)
        return co_codes

    def clean_theme(self):
        slugs, errors = [], []
        for name in _as_list(self.cleaned_data["theme"], NAME_SEPARATORS):
            slug = self.vocabulary.theme(name)
            if slug is None:
                errors.append(_("テーマ「%(name)s」は登録されていません") % {"name": name})
            elif slug not in slugs:
                slugs.append(slug)
        if errors:
            raise forms.ValidationError(errors)
        if not slugs:
            # The case form requires a theme: a case without one could not be edited and saved.
            raise forms.ValidationError(_("テーマ（theme）がありません（1つ以上指定してください）"))
        return slugs

    def clean_tools(self):
        names = _as_list(self.cleaned_data["tools"], NAME_SEPARATORS)
        return canonical_tools(names, self.vocabulary.tools)

    def clean_results(self):
        value = self.cleaned_data["results"]
        results, errors = [], []
        for item in value if isinstance(value, list) else _as_list(value):
            try:
                results.append(_parse_result(item))
            except ValueError as exc:
                errors.append(str(exc))
        if errors:
            raise forms.ValidationError(errors)
        return results

    def clean_year(self):
        value = self.cleaned_data["year"]
        try:
            return parse_year(value)
        except (ValueError, TypeError):
            raise forms.ValidationError(
                _(
                    "%(field)s「%(value)s」は1990〜2100年の西暦か和暦で書いてください（例: 2021、令和3年）"
                )
                % {"field": self.field_word("year", _("開始年")), "value": _text(value)}
            ) from None

    def clean_month(self):
        value = self.cleaned_data["month"]
        if value in (None, ""):
            return None
        try:
            month = int(unicodedata.normalize("NFKC", str(value)).rstrip("月"))
        except ValueError:
            month = 0
        if not 1 <= month <= 12:
            raise forms.ValidationError(
                _("%(field)s「%(value)s」は1〜12で書いてください")
                % {"field": self.field_word("month", _("開始月")), "value": _text(value)}
            )
        return month

    def clean_source_url(self):
        url = _text(self.cleaned_data["source_url"])
        if url and not re.match(r"^https?://[^\s/$.?#].[^\s]*$", url):
            raise forms.ValidationError(
                _("%(field)s「%(url)s」は http:// か https:// で始まるアドレスで書いてください")
                % {"field": self.field_word("source_url", _("出典URL")), "url": url}
            )
        if len(url) > 500:
            raise forms.ValidationError(_("出典URLが長すぎます（最大500文字）"))
        return url

    def clean_status(self):
        text = _text(self.cleaned_data["status"]) or "production"
        status = STATUS_ALIASES.get(unicodedata.normalize("NFKC", text).casefold())
        if status is None:
            raise forms.ValidationError(
                _("段階（status）「%(value)s」は 検討中・実証・本格運用・終了 のいずれかです")
                % {"value": text}
            )
        return status

    def clean_body(self):
        body = self.cleaned_data["body"]
        if body is not None and not isinstance(body, str):
            raise forms.ValidationError(_("本文（body）は文字列にしてください"))
        return body_to_stream(body) if body else []

    def clean_department(self):
        return _text(self.cleaned_data["department"])[:100]

    def clean_contact(self):
        return _text(self.cleaned_data["contact"])[:200]

    def error_list(self) -> list[str]:
        """Every message, in the order of the fields."""
        return [
            message for name in (*self.fields, "__all__") for message in self.errors.get(name, [])
        ]

    def case_data(self, line: int = 0) -> CaseData:
        """The validated case (call after ``is_valid()``)."""
        data = self.cleaned_data
        code, _named = data["municipality"]
        year, month = data["year"]
        return CaseData(
            line=line,
            local_government_code=code,
            co_implementer_codes=data["co_implementers"],
            title=data["title"],
            summary=data["summary"],
            theme_slugs=data["theme"],
            tools=data["tools"],
            results=data["results"],
            year=year,
            month=data["month"] if data["month"] is not None else month,
            source_url=data["source_url"],
            body=data["body"],
            status=data["status"],
            department=data["department"],
            contact=data["contact"],
        )
