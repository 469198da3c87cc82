import logging

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger("core.database")


class JapaneseFirstLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, but Japanese unless the visitor chose another language.

    The browser's Accept-Language is ignored: staff on shared terminals with English browser
    settings still get the Japanese site. English is one click away (the language switch in the
    header sets the language cookie through Django's ``set_language`` view); the JSON API takes
    ``?lang=en``.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if request.path.startswith("/api/"):
            # an API client has no language switch: ?lang=en (messages and place names)
            chosen = request.GET.get("lang") or chosen
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


DATABASE_OUTAGES = (OperationalError, InterfaceError)


class DatabaseUnavailableMiddleware:
    """A request that finds the database unreachable gets a 503, not a 500: JSON for the API
    and ``/healthz``, a short Japanese page otherwise, and one log line saying what to do.

    With the embedded server, the next connection starts it again (core.embedded_db)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_OUTAGES) or _is_query_error(exception):
            return None
        if settings.DATABASES["default"].get("ENGINE") == "core.postgres_backend":
            hint = "the embedded server is started again on the next request (core/embedded_db.py)"
        else:
            hint = "check that the PostgreSQL server in DATABASE_URL is running and reachable"
        logger.error("database unavailable for %s: %s; %s", request.path, exception, hint)
        message = _("データベースに接続できません。しばらくしてから、もう一度お試しください。")
        if request.path.startswith("/api/") or request.path == "/healthz":
            response = JsonResponse(
                {"status": "unavailable", "error": message},
                status=503,
                json_dumps_params={"ensure_ascii": False},
            )
        else:
            # rendered without a request context: the context processors read the database
            response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response


def _is_query_error(exception: DatabaseError) -> bool:
    """An error of the statement itself (bad SQL, a cancelled query) is not an outage."""
    cause = getattr(exception, "__cause__", None)
    pgcode = getattr(cause, "pgcode", None)
    # class 08 is "connection exception"; 57P01-57P03 are server shutdown and "cannot connect now"
    return bool(pgcode) and not (pgcode.startswith("08") or pgcode.startswith("57P"))
