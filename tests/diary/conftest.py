import datetime
import itertools

import pytest
from django.contrib.auth import get_user_model

from diary import factories
from events.factories import local_government
from home import roles

_numbers = itertools.count(1)


@pytest.fixture
def diary_index(site_tree):
    return site_tree["diary"]


@pytest.fixture
def groups(site_tree):
    return roles.setup(site_tree["home"])


@pytest.fixture
def make_user(groups):
    def make(username, role="writer", email=None):
        user = get_user_model().objects.create_user(
            username, email or f"{username}@example.lg.jp", "pw-123456"
        )
        user.groups.add(groups[role])
        return user

    return make


@pytest.fixture
def writers(make_user):
    """North, east, south and west: four writers with accounts in the writers' group."""
    places = [
        ("北野", "遥", "北海道旭川市"),
        ("東山", "翔", "茨城県つくば市"),
        ("南", "真央", "鹿児島県薩摩川内市"),
        ("西村", "杏", "石川県加賀市"),
    ]
    out = []
    for family, given, place in places:
        n = next(_numbers)
        user = make_user(f"writer{n}")
        out.append(
            factories.WriterFactory(
                family_name=family,
                given_name=given,
                local_government=local_government(place),
                user=user,
            )
        )
    return out


@pytest.fixture
def series(diary_index, writers):
    return factories.add_series(
        diary_index,
        title="東西南北リレー日記",
        slug="relay",
        writers=writers,
        start_date=datetime.date(2026, 4, 6),
    )


@pytest.fixture
def make_entry(series, writers):
    def make(writer=None, live=True, parent=None, **fields):
        n = next(_numbers)
        values = {
            "title": f"第{n}回の日記",
            "slug": f"entry-{n}",
            "date": datetime.date(2026, 4, 6),
        }
        values.update(fields)
        return factories.add_entry(
            parent or series, writer=writer or writers[0], live=live, **values
        )

    return make
