from django.conf import settings
from django.db import connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static


def healthz(request):
    """Liveness and database check for load balancers and for ``make run``; when the database
    cannot be reached, core.middleware.DatabaseUnavailableMiddleware answers a JSON 503."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without a request context: the database or a context processor may be what failed.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render())


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login (``AXES_LOCKOUT_CALLABLE``), in Japanese."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/lockout.html", context, status=429)


def favicon(request):
    """/favicon.ico, which feed readers and old browsers ask for whatever the page links: the
    site's icon (resolved per request, so that a hashed static name is found once collected)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
