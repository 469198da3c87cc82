"""Search test fixtures: the 136 demo cases imported once per module, plus a draft and a private
case whose words appear nowhere else."""

from pathlib import Path

import pytest
from django.core.cache import cache
from wagtail.models import PageViewRestriction
from wagtail.signal_handlers import disable_reference_index_auto_update

from cases import importing
from cases.bodytext import body_to_stream
from cases.factories import CasePageFactory
from home import demo
from tests import shared_content
from tests.conftest import load_demo_site

DEMO_CASES = Path(__file__).resolve().parents[2] / "cases" / "demo_data" / "cases.json"
SECRET_WORD = "ユニコーン焼却炉"


def case_page(index_page, publish=True, **fields):
    """One case made with the factory (金沢市, AI-OCR, WinActor, no results); a ``body`` given
    as text with 【課題】-style headings becomes blocks as an imported body does."""
    if isinstance(fields.get("body"), str):
        fields["body"] = body_to_stream(fields["body"])
    fields = {
        "title": "テスト事例",
        "results": [],
        "source_url": "https://example.lg.jp/case/test",
        **fields,
    }
    return CasePageFactory(parent=index_page, live=publish, **fields).specific


@pytest.fixture(autouse=True)
def _fresh_query_vectors():
    """Each test embeds its queries itself (a test may break the embedder on purpose)."""
    from search import service

    service.clear_query_vectors()
    yield
    service.clear_query_vectors()


@pytest.fixture(scope="module")
def demo_index(request, django_db_setup, django_db_blocker):
    """The demo cases, a draft and a private case, committed (so the on-commit indexing runs),
    loaded once for the modules that read them (tests/shared_content.py)."""
    # with the hashing embedder, the demo site has them too: one load serves both kinds of module
    real = request.node.get_closest_marker("real_embedder") is not None
    kind, load = (
        (shared_content.INDEX, _load_demo_index) if real else (shared_content.SITE, load_demo_site)
    )
    with django_db_blocker.unblock():
        return shared_content.STATE.ensure(shared_content.module_key(request.node, kind), load)[
            "index"
        ]


def _load_demo_index():
    with disable_reference_index_auto_update():  # as load_demo_site
        return {"index": add_hidden_cases()}


def add_hidden_cases():
    """The demo cases (imported unless the demo site has them), a draft and a private case."""
    home = demo.ensure_home()
    sections = demo.ensure_sections(home)
    if not sections["cases"].get_children().exists():
        report = importing.import_file(DEMO_CASES, sections["cases"])
        assert report.ok, report.errors
    draft = case_page(
        sections["cases"],
        publish=False,
        title=f"{SECRET_WORD}の下書き事例",
        summary=f"{SECRET_WORD}で紙の申請書を自動化する下書き。",
        source_url="https://example.lg.jp/draft",
    )
    private = case_page(
        sections["cases"],
        title=f"{SECRET_WORD}の非公開事例",
        summary=f"{SECRET_WORD}で紙の申請書を自動化する非公開の事例。",
        source_url="https://example.lg.jp/private",
    )
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    cache.clear()
    return {"index": sections["cases"], "draft": draft, "private": private}
