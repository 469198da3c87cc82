"""Uploads through the Wagtail admin as a contributor makes them: photos and PDF only, of a
documented size; SVG, HTML and files that only pretend are refused with a message, never a 500."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image

from home.demo import DEMO_USERS

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    from PIL import Image as PILImage

    out = io.BytesIO()
    PILImage.new("RGB", (4, 4), "white").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def staff_client(client, demo_site):
    client.force_login(get_user_model().objects.get(username=DEMO_USERS["staff"][0]))
    return client


def add_image(client, name, content, content_type="image/png"):
    return client.post(
        reverse("wagtailimages:add"),
        {"title": name, "file": SimpleUploadedFile(name, content, content_type=content_type)},
    )


def test_a_photo_is_accepted(staff_client):
    response = add_image(staff_client, "photo.png", png_bytes())
    assert response.status_code == 302
    assert Image.objects.filter(title="photo.png").exists()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "image/svg+xml",
        ),
        ("page.html", b"<html><script>alert(1)</script></html>", "text/html"),
        ("fake.png", b"<html><script>alert(1)</script></html>", "image/png"),
        ("broken.png", png_bytes()[:40], "image/png"),
    ],
)
def test_svg_html_and_broken_images_are_refused_with_a_message(
    staff_client, name, content, content_type
):
    response = add_image(staff_client, name, content, content_type)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not Image.objects.filter(title=name).exists()


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=1024)
def test_an_oversized_image_is_refused(staff_client):
    response = add_image(staff_client, "big.png", png_bytes() + b"\0" * 2048)
    assert response.status_code == 200
    assert not Image.objects.filter(title="big.png").exists()


def add_document(client, name, content):
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": name, "file": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )


def test_only_real_pdf_documents_are_accepted(staff_client):
    assert (
        add_document(staff_client, "slides.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n").status_code
        == 302
    )
    assert Document.objects.filter(title="slides.pdf").exists()
    for name, content in [
        ("fake.pdf", b"<html><script>alert(1)</script></html>"),
        ("page.html", b"<html></html>"),
        ("macro.docx", b"PK\x03\x04"),
    ]:
        response = add_document(staff_client, name, content)
        assert response.status_code == 200, name
        assert not Document.objects.filter(title=name).exists(), name
