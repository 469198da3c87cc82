"""Writing an entry from the public site: a writer of a series writes their turn without the
Wagtail admin.

The form starts from the baton (the question handed to the writer, and the next writer in the
rotation), keeps a draft that the writer can resume from 「自分の投稿」, and submits it to the
editors' review, as the admin does. The body is plain text: paragraphs separated by blank lines,
「## 」 starting a heading. An entry whose body has more than that (images, quotes, links, made in
the admin) is edited in the admin, so that nothing of it is lost.
"""

from __future__ import annotations

import datetime
import html
import re
from dataclasses import dataclass

from django import forms
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy

from core.forms import DraftForm, HoneypotForm
from core.ratelimit import ratelimit
from core.review import (
    in_review,
    in_review_response,
    save_submission,
    sent_back_comment,
    submit_for_review,
    submitting,
)
from core.text import unique_slug
from core.widgets import WrittenSelect
from diary.forms import add_baton_errors
from diary.models import (
    DiaryEntryPage,
    DiarySeriesPage,
    SeriesKind,
    SeriesStatus,
    Writer,
    today_in_tokyo,
)

HEADING = re.compile(r"##\s*(.+)")


BODY_MAX_CHARS = 40_000
"""An entry's text at most (about twenty times a usual entry): a longer paste is refused with the
form's message, well before the request is too large for Django to read."""


def text_to_stream(text: str) -> list[tuple[str, object]]:
    """Plain text into the entry body's blocks: a paragraph per blank-line-separated part (its
    line breaks kept), a heading for a line 「## 見出し」."""
    blocks: list[tuple[str, object]] = []
    for part in re.split(r"\n\s*\n", str(text or "").replace("\r\n", "\n").strip()):
        lines = [line.strip() for line in part.split("\n") if line.strip()]
        while lines and HEADING.fullmatch(lines[0]):
            blocks.append(("heading", {"text": HEADING.fullmatch(lines[0]).group(1)[:80]}))
            lines = lines[1:]
        if lines:
            blocks.append(("paragraph", "<p>" + "<br/>".join(map(html.escape, lines)) + "</p>"))
    return blocks


def stream_to_text(body) -> str | None:
    """The inverse of :func:`text_to_stream`, or None when the body holds anything it would
    not give back (an image, a quote, a link, bold text)."""
    parts = []
    for block in body:
        if block.block_type == "heading":
            parts.append("## " + block.value["text"])
        elif block.block_type == "paragraph":
            markup = block.value.source
            text = html.unescape(strip_tags(re.sub(r"<br\s*/?>", "\n", markup))).strip()
            parts.append(text)
        else:
            return None
    text = "\n\n".join(parts)
    given = [(kind, _plain(value)) for kind, value in text_to_stream(text)]
    kept = [(b.block_type, _plain(b.value)) for b in body]
    return text if given == kept else None


def _plain(value):
    if hasattr(value, "source"):
        value = value.source
    if isinstance(value, str):
        # the admin's editor marks each paragraph (<p data-block-key="...">): not content
        return re.sub(r"<br\s*/?>", "<br/>", re.sub(r"<p\s[^>]*>", "<p>", value))
    return {"text": value["text"]}


class WriterChoiceField(forms.ModelChoiceField):
    widget = WrittenSelect  # writers' names, marked Japanese in English

    def label_from_instance(self, obj):
        return obj.full_name


class EntrySubmissionForm(HoneypotForm, DraftForm):
    """A draft needs only a title (an empty date is today's); the summary, the date and the
    body, 「審査に提出」."""

    needed_to_submit = ("summary", "date", "body")

    title = forms.CharField(label=gettext_lazy("タイトル"), max_length=255)
    summary = forms.CharField(
        label=gettext_lazy("概要"),
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("一覧と検索結果に出る、2〜3文の紹介です。"),
    )
    date = forms.DateField(
        label=gettext_lazy("日付"), widget=forms.DateInput(attrs={"type": "date"})
    )
    question = forms.CharField(
        label=gettext_lazy("答える問い"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("前の回の執筆者から受け取った問いです。"),
    )
    body = forms.CharField(
        label=gettext_lazy("本文"),
        max_length=BODY_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=gettext_lazy("空行で段落を分けます。「## 見出し」で見出しになります。"),
    )
    baton_writer = WriterChoiceField(
        queryset=Writer.objects.none(),
        label=gettext_lazy("次の執筆者"),
        required=False,
        empty_label=gettext_lazy("選んでください"),
    )
    baton_question = forms.CharField(
        label=gettext_lazy("次の執筆者への問い"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, series: DiarySeriesPage, writer: Writer, **kwargs):
        super().__init__(*args, **kwargs)
        self.series, self.writer = series, writer
        others = Writer.objects.filter(series_links__page=series).order_by(
            "series_links__sort_order"
        )
        if others.exclude(pk=writer.pk).exists():
            # the baton goes to someone else (a series of one writer passes it back)
            others = others.exclude(pk=writer.pk)
        self.fields["baton_writer"].queryset = others

    def clean(self):
        cleaned = super().clean()
        add_baton_errors(self, self.series, self.writer)
        return cleaned


def initial_for_new(series: DiarySeriesPage, writer: Writer) -> dict:
    """A new entry starts from the baton: the question handed on (to this writer only: it was
    asked of whoever holds the baton), the next in the rotation."""
    after = series.writer_after(writer)
    return {
        "date": today_in_tokyo(),
        "question": series.next_question if holds_the_baton(series, writer) else "",
        "baton_writer": after.pk if after is not None and after.pk != writer.pk else None,
    }


def holds_the_baton(series: DiarySeriesPage, writer: Writer) -> bool:
    """Whether it is ``writer``'s turn (or nobody's: no rotation yet)."""
    turn = series.next_writer
    return turn is None or turn.pk == writer.pk


@dataclass
class Turn:
    """A running series a member writes for, as 「自分の投稿」 shows it: whose turn it is, by
    when, and where to write (the member's own draft for it, if one is waiting); once the
    member's entry is submitted, that it waits for the editors instead."""

    series: DiarySeriesPage
    next_writer: Writer | None
    due: datetime.date | None
    overdue: bool
    mine: bool
    write_url: str
    resumes_draft: bool
    in_review: bool


def turns_of(user) -> list[Turn]:
    """The live, running relay series ``user`` is a writer of, theirs to write first."""
    series_list = (
        DiarySeriesPage.objects.live()
        .filter(
            series_writers__writer__user=user,
            kind=SeriesKind.RELAY,
            status=SeriesStatus.ONGOING,
        )
        .distinct()
        .order_by("title")
    )
    turns = []
    for series in series_list:
        turn = series.next_writer
        draft = (
            DiaryEntryPage.objects.filter(series=series, owner=user, live=False)
            .order_by("-latest_revision_created_at")
            .first()
        )
        reviewed = draft is not None and in_review(draft)
        if reviewed:
            draft = None
        turns.append(
            Turn(
                series=series,
                next_writer=turn,
                due=series.next_due,
                overdue=series.is_overdue(),
                mine=turn is not None and turn.user_id == user.pk,
                write_url=reverse("write_entry_edit", args=(draft.pk,))
                if draft is not None
                else reverse("write_entry", args=(series.pk,)),
                resumes_draft=draft is not None,
                in_review=reviewed,
            )
        )
    return sorted(turns, key=lambda t: not t.mine)


def initial_from(entry: DiaryEntryPage, body_text: str) -> dict:
    return {
        "title": entry.title,
        "summary": entry.summary,
        "date": entry.date,
        "question": entry.question,
        "body": body_text,
        "baton_writer": entry.baton_writer_id,
        "baton_question": entry.baton_question,
    }


def save_entry(form, user, *, series, entry: DiaryEntryPage | None, submit: bool):
    """A new revision of the entry (a new draft when ``entry`` is None), never published here."""
    data = form.cleaned_data
    with transaction.atomic():
        if entry is None:
            entry = DiaryEntryPage(
                writer=form.writer,
                live=False,
                owner=user,
                slug=unique_slug(series, data["title"], set(), "entry"),
            )
            _fill(entry, data)
            series.add_child(instance=entry)
        else:
            _fill(entry, data)
            if not entry.live and entry.first_published_at is None:
                # until it is first published, the address follows the title (a draft's
                # working title is not the entry's name); afterwards it stays
                entry.slug = unique_slug(series, data["title"], set(), "entry", own=entry)
        entry.save_revision(user=user, log_action=True)
        if submit:
            submit_for_review(entry, user)
    return entry


def _fill(entry: DiaryEntryPage, data: dict) -> None:
    entry.title = data["title"]
    entry.summary = data["summary"]
    entry.date = data["date"] or today_in_tokyo()
    entry.question = data["question"]
    entry.body = text_to_stream(data["body"])
    entry.baton_writer = data["baton_writer"]
    entry.baton_question = data["baton_question"]


def _series_and_writer(request, series_id: int):
    series = get_object_or_404(DiarySeriesPage.objects.live(), pk=series_id)
    writer = Writer.objects.filter(user=request.user).first()
    if writer is None or not series.permissions_for_user(request.user).can_add_subpage():
        raise Http404
    if not series.has_writer_user(request.user):  # editors write news in the admin
        raise Http404
    return series, writer


@login_required
@ratelimit("submission", methods=("POST",))
def write_entry(request, series_id: int | None = None, page_id: int | None = None):
    entry = None
    if page_id is not None:
        found = get_object_or_404(DiaryEntryPage, pk=page_id)
        if not found.permissions_for_user(request.user).can_edit():
            raise Http404
        if in_review(found):
            return in_review_response(request, found)
        entry = found.get_latest_revision_as_object()
        series_id = entry.get_series().pk
    series, writer = _series_and_writer(request, series_id)
    body_text = stream_to_text(entry.body) if entry is not None else ""
    if entry is not None and body_text is None:
        return TemplateResponse(
            request,
            "diary/write_entry_in_admin.html",
            {"entry": entry, "admin_url": reverse("wagtailadmin_pages:edit", args=(entry.pk,))},
        )
    if entry is not None:
        writer = entry.writer
    form_kwargs = {"series": series, "writer": writer}
    if request.method == "POST":
        form = EntrySubmissionForm(request.POST, submitting=submitting(request), **form_kwargs)
        done = save_submission(
            request,
            form,
            lambda submit: save_entry(
                form, request.user, series=series, entry=entry, submit=submit
            ),
        )
        if done is not None:
            return done
    else:
        initial = initial_from(entry, body_text) if entry else initial_for_new(series, writer)
        form = EntrySubmissionForm(initial=initial, **form_kwargs)
    turn = series.next_writer
    out_of_turn = entry is None and not holds_the_baton(series, writer)
    return TemplateResponse(
        request,
        "diary/write_entry.html",
        {
            "form": form,
            "series": series,
            "entry": entry,
            "writer": writer,
            "turn_writer": turn if out_of_turn else None,
            "sent_back": sent_back_comment(entry) if entry is not None else None,
            "site_search": False,
        },
    )
