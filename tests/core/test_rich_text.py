"""Rich text never carries scripts: the admin's editor keeps only the site's features, and the
plain-text body of the importer and the submission form is escaped."""

import json

from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from cases.bodytext import body_to_stream
from core.blocks import RICH_TEXT_FEATURES

ATTACK = (
    '<p onclick="steal()">a<script>alert(1)</script><iframe src="https://evil.example">'
    '</iframe><a href="javascript:alert(1)">link</a><b onmouseover="alert(1)">x</b></p>'
)


def test_what_the_editor_saves_has_no_script_handler_iframe_or_javascript_link():
    converter = ContentstateConverter(RICH_TEXT_FEATURES)
    # the HTML as the editor would load it, then saved back as the editor saves it
    saved = converter.to_database_format(converter.from_database_format(ATTACK))
    lowered = saved.lower()
    for bad in ("<script", "onclick", "onmouseover", "<iframe", "javascript:"):
        assert bad not in lowered, (bad, saved)
    assert "link" in saved  # the text itself is kept


def test_a_contentstate_link_to_javascript_loses_its_address():
    converter = ContentstateConverter(RICH_TEXT_FEATURES)
    state = {
        "blocks": [
            {
                "key": "a",
                "text": "click",
                "type": "unstyled",
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 0, "length": 5, "key": 0}],
                "data": {},
            }
        ],
        "entityMap": {
            "0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "javascript:alert(1)"}}
        },
    }
    assert "javascript:" not in converter.to_database_format(json.dumps(state))


def test_plain_text_bodies_are_escaped():
    html = json.dumps(body_to_stream(ATTACK))
    assert "<script" not in html and "<iframe" not in html and "&lt;script&gt;" in html
