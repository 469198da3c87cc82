"""A contributor sees, in the admin, the published pages and their own: not other people's
drafts or pages in review (their titles and statuses listed in the explorer, the page search and
the choosers). Editors see every page."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import StaffProfile
from cases.models import CaseIndexPage, CasePage
from home import roles
from home.demo import DEMO_USERS
from localgov.models import LocalGovernment
from tests.search.conftest import case_page

pytestmark = pytest.mark.django_db

MINE = "自分の下書きの窓口事例"
THEIRS = "加賀市の職員の審査中の窓口事例"
COLLEAGUE = "金沢市の同僚の下書きの窓口事例"


def demo(role):
    return get_user_model().objects.get(username=DEMO_USERS[role][0])


@pytest.fixture
def drafts(demo_site, django_capture_on_commit_callbacks):
    other = get_user_model().objects.create_user("other-staff", "other@city.kaga.lg.jp")
    other.groups.add(Group.objects.get(name=roles.ROLES_BY_KEY["staff"].group_name))
    StaffProfile.objects.create(
        user=other, local_government=LocalGovernment.objects.get(code="172065")
    )  # 加賀市: the colleague's draft below is a 金沢市 case, so demo-staff (金沢市) may edit it
    kaga = LocalGovernment.objects.get(code="172065")
    index = CaseIndexPage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        mine = case_page(index, publish=False, title=MINE, slug="mine", owner=demo("staff"))
        case_page(index, publish=False, title=COLLEAGUE, slug="colleague", owner=other)
        theirs = case_page(
            index, publish=False, title=THEIRS, slug="theirs", owner=other, local_government=kaga
        )
        theirs.save_revision(user=other)
        theirs.get_workflow().start(theirs, other)
    return index, mine, theirs


def screens(client, index):
    newest = {"ordering": "-latest_revision_created_at"}
    return {
        "explorer": client.get(reverse("wagtailadmin_explore", args=(index.pk,)), newest),
        "search": client.get(reverse("wagtailadmin_pages:search"), {"q": "窓口事例"}),
        "chooser": client.get(reverse("wagtailadmin_choose_page_search"), {"q": "窓口事例"}),
        "chooser browse": client.get(reverse("wagtailadmin_choose_page_child", args=(index.pk,))),
    }


def test_a_contributor_sees_published_pages_and_their_own(client, drafts):
    index, mine, theirs = drafts
    live = CasePage.objects.live().order_by("-latest_revision_created_at").first()
    client.force_login(demo("staff"))
    for name, response in screens(client, index).items():
        assert response.status_code == 200, name
        html = response.content.decode()
        assert THEIRS not in html, name
        if name != "chooser browse":  # paginated by title: the draft may be on a later page
            # their own, and a colleague's case of their town (which they may edit)
            assert MINE in html and COLLEAGUE in html, name
    explorer = client.get(reverse("wagtailadmin_explore", args=(index.pk,)))
    assert (
        live.title in explorer.content.decode() or explorer.context["page_obj"].paginator.count > 1
    )
    # their draft's own screens stay closed, as before
    assert client.get(reverse("wagtailadmin_pages:edit", args=(theirs.pk,))).status_code in (
        302,
        403,
    )


def test_an_editor_sees_every_page(client, drafts):
    index, _, _ = drafts
    client.force_login(demo("editor"))
    for name, response in screens(client, index).items():
        if name == "chooser browse":
            continue
        html = response.content.decode()
        assert MINE in html and THEIRS in html, name
