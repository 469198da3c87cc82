"""When the database cannot be reached: a 503 that says so, JSON where JSON is expected."""

import json
import logging

import pytest
from django.db import OperationalError
from django.test import RequestFactory

from core.middleware import DatabaseUnavailableMiddleware


def outage(path: str):
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    request = RequestFactory().get(path)
    error = OperationalError('connection to server on socket "/tmp/.s.PGSQL.5432" failed')
    return middleware.process_exception(request, error)


@pytest.mark.parametrize("path", ["/healthz", "/api/search/similar/", "/api/search/"])
def test_api_and_health_answer_json_503(path, caplog):
    with caplog.at_level(logging.ERROR, logger="core.database"):
        response = outage(path)
    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/json")
    assert response["Retry-After"]
    assert "データベースに接続できません" in json.loads(response.content)["error"]
    assert "started again on the next request" in caplog.text


def test_pages_answer_a_japanese_503_page():
    response = outage("/cases/")
    assert response.status_code == 503
    html = response.content.decode()
    assert '<html lang="ja">' in html and "データベースに接続できません" in html


def test_other_errors_are_left_to_the_error_handlers():
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    request = RequestFactory().get("/healthz")
    assert middleware.process_exception(request, ValueError("not the database")) is None


@pytest.mark.django_db
def test_healthz_through_the_stack_when_the_database_is_down(client, monkeypatch):
    from core import views

    class Down:
        def cursor(self):
            raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(views, "connection", Down())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
