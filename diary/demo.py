"""Demo diary: the relay 「東西南北デジデジ日記」 with four writers from the north, east, south and
west (fictional people at real municipalities) passing the baton over eight entries, and the
editors' news. Every sentence is the site's own. Dates are counted back from today (Asia/Tokyo),
so the next turn is always a few days ahead. Idempotent: a series found by its slug is left as
it is."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.rich_text import RichText

from cases.models import Theme
from diary import factories
from diary.models import (
    TOKYO,
    Cadence,
    DiaryEntryPage,
    DiarySeriesPage,
    SeriesKind,
    Writer,
    today_in_tokyo,
)
from events.factories import local_government

RELAY_SLUG = "tozainanboku"
NEWS_SLUG = "news"

WRITERS = {
    # key: (family, given, kana family, kana given, municipality, organisation, role, biography)
    "north": (
        "北原",
        "遥",
        "きたはら",
        "はるか",
        "北海道旭川市",
        "総務部 行政改革課",
        "主査",
        "窓口と庁内の業務改善を担当して六年目。冬は除雪の問い合わせ対応にも駆り出されます。",
    ),
    "east": (
        "東海林",
        "翔",
        "しょうじ",
        "しょう",
        "岩手県宮古市",
        "企画部 デジタル推進室",
        "主任",
        "本州最東端のまちで、防災と観光のデータ整備を担当しています。趣味は港の朝市めぐり。",
    ),
    "south": (
        "南風原",
        "真央",
        "はえばる",
        "まお",
        "沖縄県石垣市",
        "総務部 情報政策課",
        "係長",
        "離島の行政サービスをオンラインで届ける仕事をしています。台風の季節は情報発信で大忙し。",
    ),
    "west": (
        "西浦",
        "杏",
        "にしうら",
        "あん",
        "島根県海士町",
        "住民課",
        "主事",
        "入庁三年目。書かない窓口の立ち上げメンバーとして、島の役場の窓口を少しずつ変えています。",
    ),
}


def _p(*paragraphs: str) -> list:
    return [("paragraph", RichText(f"<p>{text}</p>")) for text in paragraphs]


# (writer, title, summary, body paragraphs, baton writer, baton question); the question each
# entry answers is the previous entry's baton.
RELAY = [
    (
        "north",
        "雪の朝、窓口の行列を数えてみた",
        "リレー日記の第1回。旭川の窓口で、待ち時間を記録するところから始めました。",
        _p(
            "東西南北の四つのまちで、職員が順番に日記を書くことになりました。"
            "一番手は北から。旭川はこの冬も雪が多く、朝の窓口は厚着のお客さまで混み合います。",
            "改善の前に、まず事実を集めようと、二週間だけ受付から呼び出しまでの時間を手で記録しました。"
            "平均は18分。最も長かったのは転入が重なる月曜の朝で、記入の書き直しが待ち時間の半分近くを占めていました。",
            "数字にすると、課内の会話が「忙しい」から「どこで詰まるか」に変わりました。小さな一歩ですが、手応えがあります。",
        ),
        "east",
        "業務改善の最初の一歩として、何を「数える」ことから始めましたか？",
    ),
    (
        "east",
        "数えたのは、電話の回数でした",
        "宮古市では、観光と防災の問い合わせ電話を一か月数えました。",
        _p(
            "北原さんの問いに答えると、宮古で最初に数えたのは電話です。"
            "観光シーズンと大雨の時期には、同じ内容の問い合わせが一日に何十件も届きます。",
            "一か月、受けた電話を用件ごとに正の字で数えたところ、上位五つの質問で全体の六割を占めていました。"
            "そこで、その五つの答えをウェブとSNSの固定投稿にまとめ、電話の案内でもそのページを紹介するようにしました。",
            "翌月の電話は三割ほど減りました。数えるのは地味ですが、何から手を付けるかを決める一番の近道だと感じています。",
        ),
        "south",
        "離島や遠隔地の住民に、オンライン手続きをどうやって知ってもらっていますか？",
    ),
    (
        "south",
        "島の公民館で「スマホ相談会」",
        "石垣市では、公民館に出向いてオンライン申請を一緒に試しています。",
        _p(
            "東海林さんからのバトンです。石垣市は周りの島々の住民も多く、市役所まで船で来るのは一日仕事になります。",
            "案内を配るだけでは、オンライン申請はなかなか使われませんでした。"
            "そこで月に一度、公民館に職員が出向き、住民のスマートフォンで実際に申請を一緒に試す相談会を始めました。",
            "一度自分の手で送れた人は、次からは家族の分まで申請してくれます。"
            "知ってもらうより、一回使ってもらう場をつくるほうが早い、というのが今の結論です。",
        ),
        "west",
        "窓口のやり方を変えるとき、ベテランの職員とどう話し合いましたか？",
    ),
    (
        "west",
        "ベテランの一言で、書かない窓口が動き出した",
        "海士町の住民課で、書かない窓口を始めたときの話し合いを振り返ります。",
        _p(
            "南風原さんの問いは、まさに私たちが一番悩んだところです。"
            "入庁三年目の私が「申請書を書かなくてよい窓口にしたい」と言い出したとき、課内には戸惑いもありました。",
            "流れを変えたのは、窓口に二十年立ってきた先輩の「書き損じで泣く人を見なくて済むなら、やってみよう」という一言でした。"
            "先輩には聞き取りの項目づくりをお願いし、私はシステムの設定を担当しました。",
            "新しいやり方を押しつけるのではなく、ベテランの経験を設計に入れてもらう。それが一番の近道でした。",
        ),
        "north",
        "庁内で一緒に取り組む仲間は、どうやって見つけましたか？",
    ),
    (
        "north",
        "仲間は「困りごと共有会」で見つかった",
        "旭川市で、部署を越えて困りごとを持ち寄る昼休みの会を続けています。",
        _p(
            "西浦さんのお話、先輩を設計に巻き込むという発想にうなずきました。私の場合、仲間は昼休みに見つかりました。",
            "月に一度、希望者が弁当を持って集まり、自分の部署の「面倒な作業」を一つずつ話す会を始めました。"
            "最初は三人でしたが、半年で二十人を超え、福祉や税の職員も来てくれるようになりました。",
            "同じ困りごとが別の課にもあると分かると、一緒に直そうという話が自然に生まれます。"
            "RPAの最初の案件も、この会で出た話でした。",
        ),
        "east",
        "住民に使ってもらうためのデータ公開で、工夫していることはありますか？",
    ),
    (
        "east",
        "避難所の空き状況を、地図で見られるようにした",
        "宮古市で、避難所の開設状況をオープンデータと地図で公開した取組です。",
        _p(
            "北原さんの共有会、宮古でも真似してみたくなりました。さて、データ公開の工夫です。",
            "大雨のたびに「どこの避難所が開いているか」という電話が鳴ります。"
            "そこで避難所の一覧を表計算で管理し、開設したらその場で更新すれば地図に反映される仕組みをつくりました。",
            "工夫したのは、更新する職員の手間を最小にしたことです。入力は「開設」「満員に近い」「閉鎖」を選ぶだけ。"
            "データは使われてこそなので、出す側が続けられる形を一番に考えました。",
        ),
        "south",
        "台風や災害のとき、オンラインの発信と紙の情報をどう使い分けていますか？",
    ),
    (
        "south",
        "台風の夜は、ラジオと掲示板も頼りになる",
        "石垣市での災害時の情報発信。オンラインと紙、放送の使い分けについて。",
        _p(
            "東海林さんの避難所マップ、島でも必要だと感じました。台風の夜は、停電で携帯電話の充電が切れる人も出てきます。",
            "私たちは、SNSとウェブを速報に使い、同じ内容を防災行政無線と地域のラジオでも流しています。"
            "公民館や商店の掲示板には、紙で避難所と給水の場所を貼り出します。",
            "オンラインに一本化するのではなく、届かない人がいる前提で経路を重ねておく。"
            "デジタル化を進めるほど、その裏側の備えが大事になると感じています。",
        ),
        "west",
        "デジタル化を進めて、窓口の職員の働き方は変わりましたか？",
    ),
    (
        "west",
        "窓口の残業が減って、相談の時間が増えた",
        "海士町で書かない窓口を始めて一年。職員の働き方の変化を数字で振り返ります。",
        _p(
            "南風原さんの「経路を重ねる」という考え方、窓口にも通じると思いました。"
            "書かない窓口を始めて一年、住民課の働き方は確かに変わりました。",
            "転入手続きの平均時間は約40分から25分になり、閉庁後の入力作業がなくなったことで、月の残業は一人あたり8時間ほど減りました。",
            "浮いた時間は、高齢の方の相談にゆっくり付き添う時間に回しています。"
            "一周して、またバトンは北へ。北原さん、冬の窓口のその後を聞かせてください。",
        ),
        "north",
        "待ち時間を数えてから一年、旭川の窓口はどう変わりましたか？",
    ),
]

ENTRY_THEMES = [
    ("madoguchi-dx",),
    ("citizen-app",),
    ("denshi-shinsei", "digital-divide"),
    ("kakanai-madoguchi",),
    ("rpa", "digital-jinzai"),
    ("open-data", "bosai-dx"),
    ("bosai-dx", "digital-divide"),
    ("kakanai-madoguchi", "madoguchi-dx"),
]

NEWS = [
    (
        "リレー日記「東西南北デジデジ日記」を始めました",
        "北・東・南・西の四つのまちの職員が、毎週順番に書きつなぐ日記です。",
        _p(
            "北海道旭川市、岩手県宮古市、沖縄県石垣市、島根県海士町の職員のみなさんが、"
            "毎週一人ずつ日記を書き、次の人に問いを手渡していきます。",
            "各回の終わりには、次の執筆者への問いがあります。問いと答えのつながりも、あわせてお楽しみください。",
        ),
    ),
    (
        "日記をRSS・Atomで購読できるようになりました",
        "連載ごと、またはすべての日記の新着をフィードリーダーで受け取れます。",
        _p(
            "日記の一覧と各連載のページに、RSSとAtomのリンクを設けました。"
            "お使いのフィードリーダーに登録すると、新しい回が公開されたときに届きます。",
        ),
    ),
    (
        "次の執筆者を募集しています",
        "リレー日記に参加してくださる自治体職員の方を募集しています。",
        _p(
            "連載に加わってくださる方を募集しています。取組の大小は問いません。"
            "現場で感じていることを、自分の言葉で書いてみませんか。",
            "参加を希望される方は、編集部までお知らせください。",
        ),
    ),
]


def _writer(key: str, user=None) -> Writer:
    family, given, kana_f, kana_g, place, organisation, role, bio = WRITERS[key]
    writer, _created = Writer.objects.update_or_create(
        family_name=family,
        given_name=given,
        defaults={
            "family_name_kana": kana_f,
            "given_name_kana": kana_g,
            "local_government": local_government(place),
            "organisation": organisation,
            "role": role,
            "biography": bio,
        },
    )
    if user is not None and writer.user_id is None and not hasattr(user, "diary_writer"):
        writer.user = user
        writer.save(update_fields=["user"])
    return writer


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _themes(*slugs) -> list[Theme]:
    return list(Theme.objects.filter(slug__in=slugs))


def load(index, stdout=None) -> list[DiarySeriesPage]:
    made = [relay(index), news(index)]
    if stdout is not None:
        count = sum(len(series.get_children()) for series in made)
        stdout.write(f"デモ日記: {len(made)}連載・{count}本")
    return made


def relay(index) -> DiarySeriesPage:
    existing = DiarySeriesPage.objects.child_of(index).filter(slug=RELAY_SLUG).first()
    if existing is not None:
        return existing
    writers = {
        "north": _writer("north", _user("demo-writer")),
        "east": _writer("east"),
        "south": _writer("south"),
        "west": _writer("west"),
    }
    today = today_in_tokyo()
    last = today - datetime.timedelta(days=3)  # the next turn is due in four days
    first = last - datetime.timedelta(weeks=len(RELAY) - 1)
    series = factories.add_series(
        index,
        title="東西南北デジデジ日記",
        slug=RELAY_SLUG,
        summary="北・東・南・西、四つのまちの職員が毎週順番に書き、次の人へ問いを手渡すリレー日記です。",
        description=(
            "北海道旭川市、岩手県宮古市、沖縄県石垣市、島根県海士町の職員が、毎週一人ずつ書きつなぎます。"
            "各回の終わりに、次の執筆者への問い（バトン）を書き、次の回はその問いに答えるところから始まります。"
        ),
        kind=SeriesKind.RELAY,
        cadence=Cadence.WEEKLY,
        start_date=first,
        writers=[writers[key] for key in ("north", "east", "south", "west")],
    )
    series.themes.set(_themes("madoguchi-dx", "kakanai-madoguchi", "open-data", "bosai-dx"))
    series.save_revision().publish()
    question = ""
    # the demo entries were written before there was anyone to email: no baton mail
    notified = timezone.now()
    for i, (key, title, summary, body, baton_key, baton_question) in enumerate(RELAY):
        factories.add_entry(
            series,
            writer=writers[key],
            title=title,
            slug=f"vol-{i + 1}",
            summary=summary,
            date=first + datetime.timedelta(weeks=i),
            question=question,
            body=body,
            baton_writer=writers[baton_key],
            baton_question=baton_question,
            baton_notified_at=notified,
            themes=_themes(*ENTRY_THEMES[i]),
        )
        question = baton_question
    _published_on_their_dates(series)
    return series


def _published_on_their_dates(series) -> None:
    """The demo entries were published on the days they are dated (09:00 in Tokyo), not all at
    the moment the demo was loaded: feeds and 「新着」 order them as a real relay would."""
    for entry in DiaryEntryPage.objects.child_of(series):
        when = min(
            datetime.datetime.combine(entry.date, datetime.time(9), tzinfo=TOKYO), timezone.now()
        )
        DiaryEntryPage.objects.filter(pk=entry.pk).update(
            first_published_at=when, last_published_at=when
        )


def news(index) -> DiarySeriesPage:
    existing = DiarySeriesPage.objects.child_of(index).filter(slug=NEWS_SLUG).first()
    if existing is not None:
        return existing
    desk, _created = Writer.objects.get_or_create(
        family_name="編集部",
        given_name="",
        defaults={
            "organisation": "自治体DX共創ひろば 編集部",
            "biography": "サイトの運営と、事例・日記の審査を担当しています。",
        },
    )
    editor = _user("demo-editor")
    if editor is not None and desk.user_id is None and not hasattr(editor, "diary_writer"):
        desk.user = editor
        desk.save(update_fields=["user"])
    today = today_in_tokyo()
    series = factories.add_series(
        index,
        title="お知らせ",
        slug=NEWS_SLUG,
        summary="編集部からのお知らせです。",
        kind=SeriesKind.NEWS,
        cadence=Cadence.MONTHLY,
        start_date=today - datetime.timedelta(weeks=8),
        writers=[desk],
    )
    for i, (title, summary, body) in enumerate(NEWS):
        factories.add_entry(
            series,
            writer=desk,
            title=title,
            slug=f"news-{i + 1}",
            summary=summary,
            body=body,
            date=today - datetime.timedelta(weeks=8 - 3 * i),
        )
    _published_on_their_dates(series)
    return series
