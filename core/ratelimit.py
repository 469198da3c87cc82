"""One rate limiter for every costly public endpoint, on django-ratelimit and the shared cache.

The counters live in the cache ``RATELIMIT_USE_CACHE`` ("shared": the database, so that every
worker process counts together). The client is the address that connected, unless that address
is one of the configured ``TRUSTED_PROXIES``: then it is the right-most address of
``X-Forwarded-For`` that is not a trusted proxy (what a proxy appended, never what the client
wrote). With no trusted proxies, ``X-Forwarded-For`` is ignored.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from functools import cache, wraps

from django.conf import settings
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage, is_ratelimited


@dataclass(frozen=True)
class Limit:
    rate: str  # django-ratelimit's notation: requests per period
    seconds: int  # the period, for Retry-After and the message


LIMITS = {
    # search page, search API and similar pages: each request runs a ranking
    "search": Limit("60/m", 60),
    # page passwords: ten tries a quarter of an hour per address
    "page-password": Limit("10/15m", 15 * 60),
    # accounts: sign-ups made and password-reset requests per address and hour (a form sent
    # back with a mistake is no sign-up: 30 tries an hour); submissions
    "signup": Limit("5/h", 60 * 60),
    "signup-attempt": Limit("30/h", 60 * 60),
    "password-reset": Limit("5/h", 60 * 60),
    "submission": Limit("30/h", 60 * 60),
    "report": Limit("10/h", 60 * 60),
}


@cache
def _trusted_networks(spec: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def _address(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def client_ip(request) -> str:
    """The client's address, seen through the trusted proxies only."""
    trusted = _trusted_networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    remote = _address(request.META.get("REMOTE_ADDR", "")) or ipaddress.ip_address("0.0.0.0")

    def is_trusted(address) -> bool:
        return any(address in network for network in trusted)

    if not trusted or not is_trusted(remote):
        return str(remote)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for item in reversed(forwarded):
        address = _address(item)
        if address is None:
            break  # a malformed hop: nothing to its left can be trusted
        if not is_trusted(address):
            return str(address)
    return str(remote)


def limited(request, scope: str, key: str = "ip") -> bool:
    """Count this request against ``scope`` and say whether it is over the limit."""
    rate = LIMITS[scope].rate
    return bool(is_ratelimited(request, group=scope, key=key, rate=rate, increment=True))


def _minutes(scope: str) -> int:
    return max(1, LIMITS[scope].seconds // 60)


def too_many_json(scope: str) -> JsonResponse:
    message = _("リクエストが多すぎます。%(minutes)d分ほど待ってから、もう一度お試しください。") % {
        "minutes": _minutes(scope)
    }
    response = JsonResponse(
        {"error": message}, status=429, json_dumps_params={"ensure_ascii": False}
    )
    response["Retry-After"] = str(LIMITS[scope].seconds)
    return response


def too_many_page(request, scope: str) -> TemplateResponse:
    context = {"minutes": _minutes(scope)}
    response = TemplateResponse(request, "429.html", context, status=429)
    response["Retry-After"] = str(LIMITS[scope].seconds)
    return response


def at_limit(request, scope: str, key: str = "ip") -> bool:
    """Whether ``scope`` has used its whole limit, without counting this request."""
    usage = get_usage(request, group=scope, key=key, rate=LIMITS[scope].rate, increment=False)
    return bool(usage and usage["count"] >= usage["limit"])


def ratelimit(
    scope: str,
    *,
    json: bool = False,
    methods: tuple[str, ...] | None = None,
    successes_only: bool = False,
):
    """Limit a view: over the limit it answers 429 (JSON or a page) without running. With
    ``successes_only`` a request counts only when the view redirects (the form was accepted)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            counted = methods is None or request.method in methods
            if counted and successes_only:
                if at_limit(request, scope):
                    return too_many_json(scope) if json else too_many_page(request, scope)
                response = view(request, *args, **kwargs)
                if 300 <= response.status_code < 400:
                    limited(request, scope)
                return response
            if counted and limited(request, scope):
                return too_many_json(scope) if json else too_many_page(request, scope)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
