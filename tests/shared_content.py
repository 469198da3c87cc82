"""Content loaded once for many tests, outside their transactions.

Loading the demo site costs tens of seconds, and a third of the test modules read it. Each kind of
shared content (the demo site, which holds the search tests' draft and private case too; the
real-embedder index of the demo cases) is loaded when a test first asks for it through its
fixtures, and kept while the following tests want the same kind.
``pytest_collection_modifyitems`` (tests/conftest.py) runs the tests of one kind one after
another, so each kind is loaded once per run (once per process under pytest-xdist: each worker
receives its tests in that order). It is removed before a test that reads none (it
must find an empty tree), or another kind, and before the transactional tests, whose flush would
otherwise find it. Each test still rolls back its own changes.

A kind is keyed with the embedder too: vectors made by the hashing test double and by the real
model are not mixed.
"""

from dataclasses import dataclass

import pytest

SITE = "site"
INDEX = "index"

_FIXTURES = {
    "demo_site": SITE,
    "_demo_site_module": SITE,
    "demo_cases": SITE,
    "_demo_cases_module": SITE,
    "demo_index": INDEX,  # SITE with the hashing embedder (tests/search/conftest.py)
}


def is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(
        (
            marker is not None
            and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
        )
        or {"transactional_db", "live_server"} & fixtures
    )


def uses_db(item: pytest.Item) -> bool:
    return item.get_closest_marker("django_db") is not None or "db" in getattr(
        item, "fixturenames", ()
    )


def kind_of(item: pytest.Item) -> str | None:
    """The kind of shared content a test reads (through its fixtures), if any."""
    real = item.get_closest_marker("real_embedder") is not None
    for name in getattr(item, "fixturenames", ()):
        kind = _FIXTURES.get(name)
        if kind == INDEX and not real:
            return SITE  # the demo site holds the demo index's cases too
        if kind is not None:
            return kind
    return None


def module_key(module: pytest.Module, kind: str) -> tuple:
    """The key under which ``module`` reads content of ``kind``."""
    return (kind, module.get_closest_marker("real_embedder") is not None)


def wanted(item: pytest.Item):
    """What ``item`` wants loaded: a key, or None for nothing (it must find none)."""
    kind = kind_of(item)
    if kind is None or is_transactional(item):
        return None
    return (kind, item.get_closest_marker("real_embedder") is not None)


def order(item: pytest.Item, first_of_module: dict[str, int]) -> tuple:
    """Sort key: pytest-django's group first, then the tests grouped by the content they read
    (those reading none first), then by module (a stable sort keeps each module's tests in
    their order). A module whose tests differ runs in two parts; only its module fixtures
    notice."""
    group = 1 if is_transactional(item) else 0 if uses_db(item) else 2
    key = wanted(item)
    return (group, () if key is None else (1, *key), first_of_module[item.module.__name__])


def must_remove(nextitem: pytest.Item | None, state: "SharedContent") -> bool:
    """Whether the content loaded now has to go before ``nextitem``. Never after the last
    test: the session's teardown has destroyed the test database by then, and the connection
    points at the development database again (the test database goes with its content)."""
    if nextitem is None:
        return False
    if is_transactional(nextitem):
        return True
    if not uses_db(nextitem):
        return False
    return wanted(nextitem) != state.key


@dataclass
class SharedContent:
    key: tuple | None = None
    value: object = None

    def ensure(self, key, load):
        """Have the content of ``key`` loaded (by ``load()``, once) and return what it gave."""
        if self.key != key:
            self.remove()
            self.value = load()
            self.key = key
        return self.value

    def remove(self):
        if self.key is None:
            return
        from tests.conftest import remove_demo_content

        remove_demo_content(self.value.get("accounts", ()))
        self.key, self.value = None, None


STATE = SharedContent()
