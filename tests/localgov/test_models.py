"""The models of local governments and prefectures, loaded by migration from the code table."""

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
