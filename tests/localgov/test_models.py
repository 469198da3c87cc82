"""The models of local governments and prefectures, loaded by migration from the code table."""

import re

import pytest

from localgov.models import LocalGovernment, Prefecture

pytestmark = pytest.mark.django_db


def test_reference_data_is_loaded_by_migration():
    assert Prefecture.objects.count() == 47
    assert LocalGovernment.objects.exclude(kind="prefecture").count() == 1741
    assert LocalGovernment.objects.filter(kind="prefecture").count() == 47
    assert LocalGovernment.objects.filter(kind="special_ward").count() == 23
    kanazawa = LocalGovernment.objects.get(code="172014")
    assert kanazawa.full_name == "石川県金沢市"
    assert kanazawa.prefecture.region == "chubu"
    ishikawa = LocalGovernment.objects.get(kind="prefecture", prefecture__name="石川県")
    assert ishikawa.full_name == "石川県"


def test_population_band_follows_population():
    lg = LocalGovernment.objects.get(code="172014")
    lg.population = 463_254
    assert lg.population_band == "200k-500k"
    assert lg.population_band_label == "20万〜50万人"
    lg.population = None
    assert lg.population_band is None


def test_a_place_is_named_in_the_active_language(admin_client):
    """str() is what the admin's choosers and lists show: the English admin names a case's
    local government as the English pages do."""
    from django.utils import translation
    from wagtail.users.models import UserProfile

    kanazawa = LocalGovernment.objects.get(code="172014")
    with translation.override("ja"):
        assert (str(kanazawa), str(kanazawa.prefecture)) == ("石川県金沢市", "石川県")
    with translation.override("en"):
        assert (str(kanazawa), str(kanazawa.prefecture)) == ("Kanazawa City (Ishikawa)", "Ishikawa")

    user = admin_client.get("/admin/").wsgi_request.user
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    html = admin_client.get(f"/admin/snippets/localgov/localgovernment/edit/{kanazawa.pk}/")
    assert html.status_code == 200
    assert "Kanazawa City (Ishikawa)" in html.content.decode()


def test_snippet_choosers_speak_the_admin_s_language(admin_client):
    """Wagtail gives a chooser's texts with gettext at import, in the language the process
    started in: the English admin's speaker chooser read 「選択 Speaker」."""
    import json

    from wagtail.users.models import UserProfile

    user = admin_client.get("/admin/").wsgi_request.user
    profile = UserProfile.get_for_user(user)
    for language, title in (("en", "Choose"), ("ja", "選択")):
        profile.preferred_language = language
        profile.save()
        for url in (
            "/admin/snippets/choose/events/speaker/",
            "/admin/snippets/choose/diary/writer/",
            "/admin/snippets/choose/localgov/localgovernment/",
        ):
            html = json.loads(admin_client.get(url).content)["html"]
            header = re.search(r'<h1 class="w-header__title"[^>]*>(.*?)<span', html, re.S)
            assert re.sub(r"<[^>]+>", "", header.group(1)).strip() == title, (language, url)
