"""One rate limiter for the costly public endpoints, in the shared cache, behind proxies."""

import threading

import pytest
from django.core.cache import caches
from django.test import RequestFactory
from django.urls import reverse

from core import ratelimit

pytestmark = pytest.mark.django_db


def request_from(remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_client_is_the_connecting_address_without_trusted_proxies(settings):
    settings.TRUSTED_PROXIES = []
    assert ratelimit.client_ip(request_from("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


def test_client_behind_a_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert ratelimit.client_ip(request_from("10.0.0.2", "203.0.113.9")) == "203.0.113.9"
    # what the client wrote itself is left of what the proxy appended: never believed
    spoofed = request_from("10.0.0.2", "1.2.3.4, 203.0.113.9")
    assert ratelimit.client_ip(spoofed) == "203.0.113.9"
    # two trusted hops
    chained = request_from("10.0.0.2", "203.0.113.9, 10.1.2.3")
    assert ratelimit.client_ip(chained) == "203.0.113.9"
    # a request that did not come through the proxy
    assert ratelimit.client_ip(request_from("198.51.100.7", "1.2.3.4")) == "198.51.100.7"
    assert ratelimit.client_ip(request_from("10.0.0.2", "garbage")) == "10.0.0.2"


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("search", {"q": "RPA"}),
        ("api_search", {"q": ""}),
        ("api_search_similar", {"title": "RPA"}),
    ],
)
def test_every_costly_endpoint_is_limited(client, site_tree, url, params):
    limit = int(ratelimit.LIMITS["search"].rate.split("/")[0])
    codes = [client.get(reverse(url), params).status_code for _ in range(limit + 1)]
    assert 429 not in codes[:limit]
    assert codes[limit] == 429
    response = client.get(reverse(url), params)
    assert response.status_code == 429 and response["Retry-After"] == "60"
    if url == "search":
        assert "アクセスが集中しています" in response.content.decode()
    else:
        assert "リクエストが多すぎます" in response.json()["error"]
    assert client.get(reverse(url), params, REMOTE_ADDR="10.9.9.9").status_code != 429


def test_the_search_page_and_the_api_share_one_budget(client, site_tree):
    limit = int(ratelimit.LIMITS["search"].rate.split("/")[0])
    for _ in range(limit):
        client.get(reverse("api_search"), {"q": ""})
    assert client.get(reverse("search"), {"q": "RPA"}).status_code == 429


def test_counters_live_in_the_database_every_process_reads(client, site_tree):
    """Not in one worker's memory: N workers do not allow N times the limit."""
    from django.db import connection

    from core.cache import AtomicDatabaseCache

    assert isinstance(caches["shared"], AtomicDatabaseCache)
    client.get(reverse("api_search"), {"q": ""})
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM dxforum_cache WHERE cache_key LIKE %s", ["%rl:%"])
        assert cur.fetchone()[0] == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_increments_are_atomic_across_threads():
    from django.db import connections

    cache = caches["shared"]
    cache.set("counter", 0, 60)

    def work():
        try:
            for _ in range(20):
                caches["shared"].incr("counter")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.get("counter") == 120


def test_incr_of_a_missing_or_expired_key_fails_like_other_caches():
    cache = caches["shared"]
    with pytest.raises(ValueError):
        cache.incr("never-set")
    cache.set("short", 1, -1)
    with pytest.raises(ValueError):
        cache.incr("short")
