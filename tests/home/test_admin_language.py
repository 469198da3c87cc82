"""The admin in Japanese for Japanese users (no half-English screens), and people's names in
Japanese order, family name first, wherever a person reads them."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from wagtail.fields import StreamField
from wagtail.test.utils.form_data import querydict_from_html

from cases.models import CaseIndexPage, CasePage
from core.names import full_name

pytestmark = pytest.mark.django_db

ENGLISH_LEFTOVERS = [
    "Moderators approval",
    " Pages",
    "awaiting moderation",
    "Collapse all",
    "Help</",
    "Privacy and access",
    "Task submitted by",
    "Search all pages",
    "There is 1 match",
    "調整のために",
    "new items in this menu",
    "Multi-word tags",
    "Toggle section",
    "Title タグ",  # the promote tab (Wagtail's Japanese)
    "meta description",
    "Full name",  # the speakers' and writers' list columns
    "Affiliation label",
    ">Instances<",
    "New: ",
    "No pages found.",
]


def demo_user(role: str):
    from home.demo import DEMO_USERS

    return get_user_model().objects.get(username=DEMO_USERS[role][0])


def test_full_name_is_family_name_first():
    user = get_user_model()(username="x", first_name="花子", last_name="編集部")
    assert user.get_full_name() == "編集部 花子"
    assert user.get_short_name() == "編集部"
    assert full_name(get_user_model()(username="y", first_name="花子")) == "花子"
    assert get_user_model()(username="z").get_full_name() == ""


@pytest.fixture
def submitted_case(demo_site):
    """A case the demo staff member has submitted to the editors' review."""
    staff = demo_user("staff")
    case = CasePage.objects.live().first()
    case.save_revision(user=staff)
    mail.outbox.clear()
    case.get_workflow().start(case, staff)
    return case


def test_editor_screens_are_japanese(client, submitted_case):
    client.force_login(demo_user("editor"))
    index = CaseIndexPage.objects.get()
    pages = {
        "dashboard": reverse("wagtailadmin_home"),
        "listing": reverse("wagtailadmin_explore", args=(index.pk,)),
        "edit": reverse("wagtailadmin_pages:edit", args=(submitted_case.pk,)),
        "history": reverse("wagtailadmin_pages:history", args=(submitted_case.pk,)),
        "search": reverse("wagtailadmin_pages:search") + "?q=zzzz",
        "chooser": reverse("wagtailadmin_choose_page") + "?q=RPA",
        "snippets": reverse("wagtailsnippets:index"),
        "speakers": reverse("wagtailsnippets_events_speaker:list"),
        "new speaker": reverse("wagtailsnippets_events_speaker:add"),
        "writers": reverse("wagtailsnippets_diary_writer:list"),
        "no pages": reverse("wagtailadmin_pages:search") + "?q=存在しない語句",
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        html = response.content.decode()
        found = [text for text in ENGLISH_LEFTOVERS if text in html]
        assert not found, (name, found)
    dashboard = client.get(pages["dashboard"]).content.decode()
    assert "ページ" in dashboard and "提出者" in dashboard
    edit = client.get(pages["edit"]).content.decode()
    assert "検索結果に出すタイトル" in edit and "検索結果に出す説明" in edit
    # the admin's page search reads Japanese words inside a title
    word = "窓口"
    inside = CasePage.objects.live().filter(title__contains=word).exclude(title__startswith=word)
    found = client.get(reverse("wagtailadmin_pages:search"), {"q": word}).content.decode()
    assert inside.exists() and all(case.title in found for case in inside[:5])
    # the count above the results names no model: the search gives Wagtail none (「None 16件中」)
    assert re.search(r">\s*\d+件中 1〜\d+件", found) and not re.search(r"None\s+\d+件中", found)


def test_names_read_family_name_first_in_workflow_history_and_email(client, submitted_case):
    # the editors' notification greets the editor by family name (「編集部さん」), in Japanese
    editor = demo_user("editor")
    to_editor = [m for m in mail.outbox if editor.email in m.to]
    assert to_editor
    assert "編集部さん" in to_editor[0].body and "花子さん" not in to_editor[0].body
    assert "has been submitted" not in to_editor[0].subject + to_editor[0].body
    client.force_login(demo_user("editor"))
    for url in (
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_pages:history", args=(submitted_case.pk,)),
    ):
        html = client.get(url).content.decode()
        assert "自治体職員 太郎" in html, url
        assert "太郎 自治体職員" not in html, url


def test_staff_sees_japanese_moderation_status(client, submitted_case):
    client.force_login(demo_user("editor"))
    html = client.get(reverse("wagtailadmin_pages:edit", args=(submitted_case.pk,))).content
    html = html.decode()
    assert "編集者による審査" in html  # the site's workflow, not "Moderators approval"
    assert "In Moderation" not in html


class _VisibleText(HTMLParser):
    """The text a person reads (or hears) on a screen: text outside scripts, styles and
    templates, and the labels of controls (``aria-label``, ``title``, ``placeholder``, ``alt``);
    an element marked ``hidden`` counts only when it holds no more than a word of text."""

    SKIP = {"script", "style", "template", "svg", "noscript-not-skipped"}
    LABELS = {"aria-label", "title", "placeholder", "alt"}

    def __init__(self):
        super().__init__()
        self.parts, self.skipping = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        self.parts += [value for name, value in attrs if name in self.LABELS and value]

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def english_words(html: str, known: set[str]) -> set[str]:
    """Runs of English words in what a Japanese admin screen shows, less ``known`` words (the
    content's own: page titles, tool names) and web addresses."""
    parser = _VisibleText()
    parser.feed(html)
    text = re.sub(r"https?://\S+", " ", "\n".join(parser.parts))
    runs = re.findall(r"[A-Za-z][A-Za-z']+(?:[ ][A-Za-z][A-Za-z']+)*", text)
    return {run for run in runs if len(run) > 2 and not set(run.split()) <= known}


def content_words() -> set[str]:
    """Latin-script words that the content itself holds (every text column of the site's own
    models and of the pages: titles, tool names, speakers' organisations; user names) or that a Japanese
    screen uses as they are (product and format names)."""
    from django.apps import apps
    from django.db import models

    texts = []
    for label in ("wagtailcore", "cases", "events", "diary", "localgov", "home"):
        for model in apps.get_app_config(label).get_models():
            columns = [
                f.attname
                for f in model._meta.concrete_fields
                if isinstance(f, models.CharField | models.TextField)
            ]
            if columns and not model._meta.proxy:
                texts += [" ".join(map(str, row)) for row in model.objects.values_list(*columns)]
    texts += list(get_user_model().objects.values_list("username", flat=True))
    words = {w for text in texts for w in re.findall(r"[A-Za-z][A-Za-z']+", text)}
    return words | {"Wagtail", "Title", "XLSX", "CSV", "URL", "JavaScript", "Actions", "None"}


def test_no_english_left_on_the_screens_each_role_uses(client, demo_site):
    """Every screen a demo role opens in the admin, read as a person would: no English word
    but the content's own. ``Actions`` (a navigation landmark's label) is written in English in
    Wagtail's template, and ``None`` is a hidden counter's placeholder: both known."""
    from diary.models import DiaryEntryPage, DiarySeriesPage
    from events.models import EventPage

    known = content_words()
    pages = [
        CasePage.objects.live().first(),
        EventPage.objects.live().first(),
        DiarySeriesPage.objects.live().first(),
        DiaryEntryPage.objects.live().first(),
    ]
    screens = [reverse("wagtailadmin_home"), reverse("wagtailadmin_pages:search") + "?q=DX"]
    screens += [
        reverse(name)
        for name in (
            "wagtailadmin_reports:workflow",
            "wagtailadmin_reports:workflow_tasks",
            "wagtailadmin_reports:site_history",
        )
    ]
    for page in pages:
        meta = page.specific_class._meta
        screens += [
            reverse("wagtailadmin_explore", args=(page.get_parent().pk,)),
            reverse("wagtailadmin_pages:edit", args=(page.pk,)),
            reverse("wagtailadmin_pages:history", args=(page.pk,)),
            reverse(
                "wagtailadmin_pages:add",
                args=(meta.app_label, meta.model_name, page.get_parent().pk),
            ),
        ]
    opened = 0
    for role in ("editor", "organiser", "staff", "writer"):
        client.force_login(demo_user(role))
        for url in screens:
            response = client.get(url)
            if response.status_code != 200:  # a screen this role may not open
                continue
            opened += 1
            found = english_words(response.content.decode(), known)
            assert not found, (role, url, " | ".join(sorted(found)))
    assert opened >= 40


def test_a_page_saved_with_errors_says_so_in_japanese(client, demo_site):
    """The editor's form sent back with errors: the link to the first error, and the error
    count beside each tab (Wagtail's JavaScript catalogue), in Japanese."""
    index = CaseIndexPage.objects.get()
    client.force_login(demo_user("editor"))
    url = reverse("wagtailadmin_pages:add", args=("cases", "casepage", index.pk))
    form = client.get(url)
    assert form.status_code == 200
    data = querydict_from_html(form.content.decode(), form_id="page-edit-form")
    # a StreamField's inputs are drawn by the editor's JavaScript: sent empty
    for field in CasePage._meta.get_fields():
        if isinstance(field, StreamField):
            data[f"{field.name}-count"] = "0"
    data["title"] = ""
    html = client.post(url, data).content.decode()
    assert "ページを作成できませんでした" in html
    assert "最初のエラーへ移動" in html and "Go to the first error" not in html
    body = client.get("/admin/jsi18n/").content.decode()
    count = "エラー %(num)s 件"  # "%(num)s error", "%(num)s errors"
    assert count in body or count.encode("unicode_escape").decode() in body


def test_the_admin_form_s_slug_clash_is_in_japanese():
    # Wagtail's admin form says it before the model's own check (which was translated)
    from django.utils.translation import gettext, override

    with override("ja"):
        message = gettext("The slug '%(page_slug)s' is already in use within the parent page.")
    assert message % {"page_slug": "forum-2027"} == (
        "スラッグ「forum-2027」は、同じ親ページの下ですでに使われています。別のスラッグにしてください。"
    )
