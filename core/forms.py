"""Form bases: the honeypot of the public forms, their drafts that need only a title, the
filters of listings and search that leave out what they cannot use, and those the site gives
Wagtail (``WAGTAILDOCS_DOCUMENT_FORM_BASE``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm


class HoneypotForm(forms.Form):
    """A field people never see (hidden by CSS and from assistive technology) and bots fill
    in: a form with it filled is dropped without a word (``is_bot``)."""

    website = forms.CharField(required=False, label=_("ウェブサイト（空欄のまま）"))

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class LeavesOutInvalid:
    """Filters read from a link (a listing's, the search page's): a value from an old or
    hand-edited link is left out rather than failing the page, and the reader is told in
    their words, on the field and in ``dropped`` (the labels, for a line above the results).
    The form calls :meth:`word_left_out` once its fields are made."""

    def word_left_out(self) -> None:
        for form_field in self.fields.values():
            # what is wrong with the value; the line above the results (``dropped``) says
            # that the condition was left out, once for all of them
            form_field.error_messages["invalid_choice"] = _("「%(value)s」は選べない値です。")
            form_field.error_messages["max_length"] = _("長すぎます（%(limit_value)d文字まで）。")

    @property
    def dropped(self) -> list[str]:
        """Labels of the conditions given in the link but left out as invalid."""
        if not self.is_bound:
            return []
        self.is_valid()
        return [str(self.fields[name].label) for name in self.errors if name in self.fields]


NEEDED_TO_SUBMIT = _("審査に提出するには入力してください（下書きは空のままでも保存できます）")


class DraftForm(forms.Form):
    """A public form whose 「下書き保存」 asks less than 「審査に提出」: the fields named in
    ``needed_to_submit`` are required only when the member submits (``submitting``), so that a
    draft with a title and nothing else is kept, as Wagtail's admin keeps one (it defers the
    required fields when saving a draft). What a draft holds is still checked."""

    needed_to_submit: tuple[str, ...] = ()

    def __init__(self, *args, submitting: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        for name in self.needed_to_submit:
            field = self.fields[name]
            field.error_messages = {**field.error_messages, "required": NEEDED_TO_SUBMIT}

    def full_clean(self):
        deferred = [] if self.submitting else [self.fields[n] for n in self.needed_to_submit]
        for field in deferred:
            field.required = False
        try:
            super().full_clean()
        finally:
            # shown again (a draft with another error), the form still marks what submitting
            # needs
            for field in deferred:
                field.required = True


class PdfDocumentForm(BaseDocumentForm):
    """A document is a PDF by its content, not only by its name: a page of HTML or a script
    renamed ``.pdf`` is refused."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload is not self.original_file:
            head = upload.read(1024)
            upload.seek(0)
            if b"%PDF-" not in head:
                raise forms.ValidationError(
                    _("PDFファイルではありません。資料はPDFでアップロードしてください。")
                )
        return upload


class SafeImageForm(BaseImageForm):
    """A file that claims to be an image but cannot be read (truncated, or another kind of file
    renamed) is refused with a message; Wagtail's field would let Pillow's error through as a
    server error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None:
            read = field.to_python

            def to_python(data):
                try:
                    return read(data)
                except (OSError, SyntaxError, ValueError) as exc:  # Pillow's errors
                    raise forms.ValidationError(
                        _(
                            "画像を読み取れません。壊れていない JPEG・PNG・GIF・WebP を選んでください。"
                        )
                    ) from exc

            field.to_python = to_python
