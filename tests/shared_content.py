"""Content loaded once for many test modules, outside their transactions.

Loading the demo site costs tens of seconds, and a third of the test modules read it. Each kind of
shared content (the demo site; the search index of the demo cases with a draft and a private case)
is loaded when a module first asks for it and kept while the following modules want the same
kind; ``pytest_collection_modifyitems`` (tests/conftest.py) runs the modules of one kind one after
another, so each kind is loaded about once per run. It is removed before a module that wants
none (its tests expect an empty tree) or another kind, and before the transactional tests, whose
flush would otherwise find it. Each test still rolls back its own changes.

A kind is keyed with the embedder too: vectors made by the hashing test double and by the real
model are not mixed.
"""

from dataclasses import dataclass, field

import pytest

SITE = "site"
INDEX = "index"

_FIXTURES = {
    "demo_site": SITE,
    "_demo_site_module": SITE,
    "demo_cases": SITE,
    "_demo_cases_module": SITE,
    "demo_index": INDEX,
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


def module_kinds(items: list[pytest.Item]) -> dict[str, str]:
    """The kind of shared content each module reads (modules reading none are left out)."""
    kinds = {}
    for item in items:
        for name in getattr(item, "fixturenames", ()):
            if name in _FIXTURES:
                kinds[item.module.__name__] = _FIXTURES[name]
    return kinds


def module_key(module: pytest.Module, kind: str) -> tuple:
    """The key under which ``module`` reads content of ``kind``."""
    return (kind, module.get_closest_marker("real_embedder") is not None)


def wanted(item: pytest.Item, kinds: dict[str, str]):
    """What ``item`` wants loaded: a key, or None for nothing."""
    kind = kinds.get(item.module.__name__)
    if kind is None or is_transactional(item):
        return None
    return (kind, item.get_closest_marker("real_embedder") is not None)


def order(item: pytest.Item, kinds: dict[str, str]) -> tuple:
    """Sort key: pytest-django's group first, then the modules grouped by the content they
    read (a stable sort keeps each module's tests together and in order)."""
    group = 1 if is_transactional(item) else 0 if uses_db(item) else 2
    key = wanted(item, kinds)
    return (group, () if key is None else (1, *key))


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
    return wanted(nextitem, state.kinds) != state.key


@dataclass
class SharedContent:
    key: tuple | None = None
    value: object = None
    kinds: dict = field(default_factory=dict)

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

        remove_demo_content(self.value if self.key[0] == SITE else ())
        self.key, self.value = None, None


STATE = SharedContent()
