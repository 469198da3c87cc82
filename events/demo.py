"""Demo events: the 神奈川県・市町村DX推進フォーラム with its programme and report, and upcoming
and past events of other prefectures, online and on site. All sentences are the site's own;
the Kanagawa forum's programme and speakers follow the published report of it, and its date
and venue are illustrative. Idempotent: an event found by its slug is left as it is."""

from __future__ import annotations

import datetime

from django.utils import timezone

from cases.models import CasePage, Theme
from events import factories
from events.factories import local_government, session, speaker
from events.models import TOKYO, EventPage, ReportHighlight, ReportQuote
from events.models import SessionKind as K
from events.models import SpeakerRole as R


def _cases(*titles) -> list[CasePage]:
    found = {c.title: c for c in CasePage.objects.filter(title__in=titles).live()}
    return [found[t] for t in titles if t in found]


def _themes(*slugs) -> list[Theme]:
    return list(Theme.objects.filter(slug__in=slugs))


def _day(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A time ``days`` from today (Asia/Tokyo), so upcoming demo events stay upcoming."""
    today = timezone.localtime(timezone.now(), TOKYO).date() + datetime.timedelta(days=days)
    return datetime.datetime(today.year, today.month, today.day, hour, minute, tzinfo=TOKYO)


def load(index, stdout=None) -> list[EventPage]:
    made = [kanagawa_forum(index)]
    for spec in other_events():
        if not EventPage.objects.child_of(index).filter(slug=spec["slug"]).exists():
            made.append(factories.add_event(index, **spec))
    if stdout is not None:
        stdout.write(f"デモイベント: {EventPage.objects.child_of(index).count()}件")
    return made


def kanagawa_forum(index) -> EventPage:
    existing = EventPage.objects.child_of(index).filter(slug="kanagawa-dx-forum-2024").first()
    if existing is not None:
        return existing
    kanagawa = local_government("神奈川県")
    governor = speaker(
        "黒岩",
        "祐治",
        family_name_kana="くろいわ",
        given_name_kana="ゆうじ",
        local_government=kanagawa,
        job_title="知事",
    )
    mayor = speaker(
        "山梨",
        "崇仁",
        family_name_kana="やまなし",
        given_name_kana="たかひと",
        local_government=local_government("神奈川県葉山町"),
        job_title="町長",
        biography="神奈川県町村情報システム共同事業組合の管理者も務める。",
    )
    keynote = speaker(
        "西垣",
        "淳子",
        family_name_kana="にしがき",
        given_name_kana="じゅんこ",
        affiliation="経済産業省 大臣官房",
        job_title="政策統括調整官",
        biography="2022年7月から2024年6月まで石川県副知事・CDOとして県内のDXを担った。",
    )
    tada = speaker(
        "多田",
        "功",
        family_name_kana="ただ",
        given_name_kana="いさお",
        affiliation="TIS株式会社",
        job_title="エキスパート",
    )
    chiba = speaker(
        "千葉",
        "大右",
        family_name_kana="ちば",
        given_name_kana="だいすけ",
        affiliation="特定非営利活動法人 DigitalGovernment Labs",
        job_title="代表理事",
    )
    yamagata = speaker(
        "山形",
        "巧哉",
        family_name_kana="やまがた",
        given_name_kana="たくや",
        affiliation="合同会社山形巧哉デザイン事務所",
        job_title="代表",
    )
    imamura = speaker(
        "今村",
        "寛",
        family_name_kana="いまむら",
        given_name_kana="ひろし",
        affiliation="福岡地区水道企業団",
        job_title="総務部長",
    )
    forum_cases = _cases("県と市町村の職員が学び合う市町村DX推進フォーラムを開催")
    joint_cases = _cases("町村の共同事業組合でシステムを共同運用しガバメントクラウド移行に備える")
    ishikawa_cases = _cases(
        "能登半島地震で避難者の所在把握に交通系ICカードを活用",
        "日本マイクロソフトと組んだデジタル行政推進リーダー育成研修",
    )
    event = factories.add_event(
        index,
        title="神奈川県・市町村DX推進フォーラム",
        slug="kanagawa-dx-forum-2024",
        organiser=kanagawa,
        start_at=datetime.datetime(2024, 11, 15, 13, 0, tzinfo=TOKYO),
        end_at=datetime.datetime(2024, 11, 15, 17, 30, tzinfo=TOKYO),
        format="venue",
        venue="横浜市内の会場",
        audience="神奈川県内の市町村・県の職員",
        summary=(
            "副題は「カウントダウン2040〜みんなで未来を見に行こう」。職員が減り高齢者が増える"
            "2040年を見据え、県外の先行自治体の経験を聞き、県と市町村が横につながる半日です。"
        ),
        themes=_themes("dx-suishin", "digital-jinzai", "generative-ai", "madoguchi-dx"),
        sessions=[
            session(
                K.OPENING,
                "開会挨拶（ビデオメッセージ）",
                start="13:00",
                end="13:10",
                description="県のグランドデザインが掲げる県民目線のデジタル行政と、責任者の"
                "リーダーシップ・現場職員の参画について。",
                speakers=[(governor, R.GREETING)],
            ),
            session(
                K.OPENING,
                "行政に求められるDXの取組み",
                start="13:10",
                end="13:25",
                description="町村の共同事業の立場から、職員どうしが助け合う出発点にしようという挨拶。",
                speakers=[(mayor, R.GREETING)],
                cases=joint_cases,
            ),
            session(
                K.KEYNOTE,
                "改革への危機感、既成概念を崩した2年間",
                start="13:25",
                end="14:15",
                description="県の副知事・CDOとして取り組んだ行政のデジタル化を、四つの領域と"
                "組織文化の観点から振り返ります。",
                speakers=[(keynote, R.LECTURER)],
                cases=ishikawa_cases,
            ),
            session(
                K.PANEL,
                "リアル版・デジデジ日記〜みんなで未来を見に行こう",
                start="14:30",
                end="15:40",
                description="ウェブで交換日記を連載した書き手が初めて顔をそろえ、当時のテーマを"
                "手がかりに、変わったこと・変わらないことを語り合います。",
                speakers=[
                    (tada, R.SPEAKER),
                    (chiba, R.SPEAKER),
                    (yamagata, R.SPEAKER),
                    (imamura, R.MODERATOR),
                ],
                cases=forum_cases,
            ),
            session(
                K.GROUP,
                "グループディスカッション",
                start="15:50",
                end="17:10",
                description="窓口・人事・財政・行革など所属の異なる参加者が少人数に分かれ、"
                "自分の職場で次に何をするかを話し合います。",
            ),
            session(K.CLOSING, "閉会", start="17:10", end="17:30"),
        ],
    )
    sessions = list(event.sessions.all())
    report = factories.add_report(
        event,
        title="開催報告: 神奈川県・市町村DX推進フォーラム",
        slug="report",
        summary=(
            "県内の市町村と県の職員が集まり、県外の経験から「何のためのDXか」を考えました。"
            "講演とパネルのあと、所属の違う参加者どうしで対話の時間を持ちました。"
        ),
        survey_summary="アンケートの集計はデモのため掲載していません。",
        live=False,
    )
    report.highlights = [
        ReportHighlight(
            session=sessions[2],
            sort_order=0,
            title="行政DXは四つに分けて考える",
            text="手続きのデジタル化、データ連携によるサービス、庁内のデジタル化、"
            "政策へのデータ活用。まず共通の理解を持つことが出発点だという指摘でした。",
        ),
        ReportHighlight(
            session=sessions[3],
            sort_order=1,
            title="通底するのは対話",
            text="トップダウンとボトムアップの両輪、住民との対等な関係、デジタルを"
            "財務や例規と同じように評価すること。最後はコミュニケーションの大切さで結ばれました。",
        ),
        ReportHighlight(
            session=sessions[4],
            sort_order=2,
            text="自治体は違っても似た悩みを持つことがわかり、連絡先を交換する姿が見られました。",
        ),
    ]
    report.quotes = [
        ReportQuote(
            sort_order=0,
            text="他の町の担当者と同じ悩みを話せたのが一番の収穫でした。",
            attribution="参加者（町村職員）",
        ),
    ]
    report.save_revision().publish()
    return event


def other_events() -> list[dict]:
    lg = local_government
    return [
        {
            "title": "石川県 市町DX担当者連絡会（オンライン）",
            "slug": "ishikawa-dx-liaison-online",
            "organiser": lg("石川県"),
            "start_at": _day(12, 14),
            "end_at": _day(12, 16),
            "format": "online",
            "venue": "",
            "online_url": "https://meet.example.jp/ishikawa-liaison",
            "audience": "石川県内の市町職員",
            "registration_url": "https://example.lg.jp/ishikawa/apply",
            "registration_deadline": _day(9, 17),
            "summary": "被災地での住民情報の扱いと、市町で共同利用できる仕組みを話し合います。",
            "themes": _themes("bosai-dx", "data-platform"),
            "sessions": [
                session(
                    K.CASE,
                    "避難者の所在把握の取組",
                    start="14:05",
                    end="14:45",
                    cases=_cases("能登半島地震で避難者の所在把握に交通系ICカードを活用"),
                ),
                session(K.GROUP, "市町ごとの課題の共有", start="14:50", end="16:00"),
            ],
        },
        {
            "title": "北海道 ノーコードで業務アプリを作るワークショップ",
            "slug": "hokkaido-nocode-workshop",
            "organiser": lg("北海道"),
            "co_organisers": [lg("北海道旭川市")],
            "start_at": _day(25, 10),
            "end_at": _day(25, 16),
            "format": "venue",
            "venue": "旭川市内の研修施設",
            "venue_address": "北海道旭川市",
            "venue_access": "旭川駅から徒歩圏内",
            "audience": "道内市町村職員",
            "capacity": 40,
            "registration_url": "https://example.lg.jp/hokkaido/apply",
            "registration_deadline": _day(18, 17),
            "summary": "職員が自分で業務アプリを作るまでの手順を、実際に手を動かして学びます。",
            "themes": _themes("nocode", "digital-jinzai"),
            "sessions": [
                session(
                    K.CASE,
                    "全庁展開の進め方",
                    start="10:10",
                    end="11:00",
                    cases=_cases("kintoneを全庁に配り職員が自ら業務アプリを作る体制を整備"),
                ),
                session(K.WORKSHOP, "申請受付アプリを作ってみる", start="13:00", end="15:30"),
            ],
        },
        {
            "title": "兵庫県 デジタル人材育成フォーラム（ハイブリッド）",
            "slug": "hyogo-digital-talent-forum",
            "organiser": lg("兵庫県"),
            "start_at": _day(40, 13, 30),
            "end_at": _day(40, 17),
            "format": "hybrid",
            "venue": "神戸市内の会議室",
            "venue_address": "兵庫県神戸市",
            "online_url": "https://meet.example.jp/hyogo-talent",
            "audience": "県内市町職員",
            "capacity": 120,
            "summary": "職員の層ごとに何を学ぶか、資格取得をどう支えるかを先行例から考えます。",
            "themes": _themes("digital-jinzai", "dx-suishin"),
            "sessions": [
                session(
                    K.CASE,
                    "3層のデジタル人材育成",
                    start="13:40",
                    end="14:30",
                    cases=_cases("職員を3層に分けたデジタル人材育成とAWS認定の資格取得支援"),
                ),
                session(K.PANEL, "育てた人材をどう生かすか", start="14:45", end="16:15"),
            ],
        },
        {
            "title": "静岡県 生成AI活用セミナー",
            "slug": "shizuoka-generative-ai-seminar",
            "organiser": lg("静岡県"),
            "start_at": _day(-45, 13, 30),
            "end_at": _day(-45, 16, 30),
            "format": "online",
            "venue": "",
            "online_url": "https://meet.example.jp/shizuoka-ai",
            "audience": "県内市町職員",
            "summary": "会議録の要約など、生成AIを安全に業務へ取り入れた例を紹介しました。",
            "themes": _themes("generative-ai", "gijiroku-ai"),
            "sessions": [
                session(
                    K.CASE,
                    "会議の録音から要点をまとめる",
                    start="13:40",
                    end="14:30",
                    cases=_cases("生成AIで会議の録音から要点と決定事項を自動でまとめる"),
                ),
            ],
        },
        {
            # held, with no report yet: the demo organiser (神奈川県) can write one
            "title": "神奈川県 AI-OCR・RPA共同利用 説明会（オンライン）",
            "slug": "kanagawa-ai-ocr-rpa-briefing",
            "organiser": lg("神奈川県"),
            "start_at": _day(-20, 15),
            "end_at": _day(-20, 16, 30),
            "format": "online",
            "venue": "",
            "online_url": "https://meet.example.jp/kanagawa-ocr",
            "audience": "県内市町村の情報政策担当職員",
            "summary": "県と市町村でAI-OCRとRPAを共同で使う仕組みを、先に始めた県の例から説明しました。",
            "themes": _themes("ai-ocr", "rpa"),
            "sessions": [
                session(
                    K.CASE,
                    "共同利用を始めた県の例",
                    start="15:05",
                    end="15:45",
                    cases=_cases("県と市町村がAI-OCRとRPAを共同利用し小さな町村でも導入しやすく"),
                ),
                session(K.GROUP, "質疑と意見交換", start="15:45", end="16:30"),
            ],
        },
        {
            "title": "三重県 書かない窓口 見学会",
            "slug": "mie-kakanai-madoguchi-visit",
            "organiser": lg("三重県"),
            "co_organisers": [lg("三重県桑名市")],
            "start_at": _day(-80, 10),
            "end_at": _day(-80, 12),
            "format": "venue",
            "venue": "桑名市役所",
            "venue_address": "三重県桑名市",
            "audience": "県内市町の窓口担当職員",
            "capacity": 30,
            "summary": "本人確認書類を読み取って申請書を印字する窓口を、実際の動きで見学しました。",
            "themes": _themes("kakanai-madoguchi", "madoguchi-dx"),
            "sessions": [
                session(
                    K.CASE,
                    "窓口支援システムの説明と見学",
                    start="10:00",
                    end="11:30",
                    cases=_cases("本人確認書類を読み取り申請書を自動印字する窓口支援システム"),
                ),
            ],
        },
        {
            "title": "福島県 小規模町村のDX推進体制を語る会",
            "slug": "fukushima-small-towns-dx",
            "organiser": lg("福島県"),
            "start_at": _day(60, 15),
            "end_at": _day(60, 17),
            "format": "online",
            "venue": "",
            "audience": "県内町村職員",
            "cancelled": True,
            "summary": "都合により中止しました。改めて日程をお知らせします。",
            "themes": _themes("dx-suishin"),
        },
    ]
