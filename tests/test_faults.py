"""Faults: when the database cannot be reached, public pages answer 503 with a friendly
Vietnamese page (JSON under /api/), never a stack trace, and recover by themselves when the
database is back (documents.middleware.DatabaseUnavailableMiddleware)."""

from __future__ import annotations

import http.client
import json
import threading
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler
from django.db import DatabaseError, IntegrityError, OperationalError, connection, connections

from documents.middleware import (
    DatabaseUnavailableMiddleware,
    is_database_unavailable,
    unavailable_response,
)

PAGES = ["/", "/documents/", "/documents/34-da-tu-2023/", "/en/documents/34-da-tu-2023/",
         "/places/ha-noi/", "/bodies/", "/targets/", "/about/", "/feeds/documents.atom"]
API = ["/api/documents/", "/api/documents/34-da-tu-2023/"]


def _refuse(execute, sql, params, many, context):
    raise OperationalError("connection to server at \"127.0.0.1\", port 5432 failed: "
                           "Connection refused")


def _assert_friendly_503(response, url, whole_stack=True):
    assert response.status_code == 503, url
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    if whole_stack:  # the other middleware added their headers to it as to any answer
        assert response["Content-Security-Policy"] and response["X-Content-Type-Options"]
    assert not response.cookies
    body = response.content.decode()
    assert "Traceback" not in body and "OperationalError" not in body and "5432" not in body
    if url.startswith("/api/"):
        assert response["Content-Type"] == "application/json"
        assert "tạm thời" in json.loads(response.content)["detail"]
    else:
        assert response["Content-Type"].startswith("text/html")
        assert '<html lang="vi">' in body
        assert "Catalogue tạm thời gián đoạn" in body
        assert "trở lại" in body  # says it will come back by itself
        assert "<style" not in body and "<script" not in body


@pytest.mark.parametrize("url", PAGES + API)
def test_pages_answer_503_while_the_database_is_down_and_recover(client, docs, places, url):
    with connection.execute_wrapper(_refuse):
        _assert_friendly_503(client.get(url), url)
        assert client.head(url).status_code == 503
    # The database is back: the same client, the same process, nothing restarted.
    assert client.get(url).status_code == 200, url


def test_the_admin_also_answers_503_not_500(admin_client):
    with connection.execute_wrapper(_refuse):
        response = admin_client.get("/admin/documents/document/")
    _assert_friendly_503(response, "/admin/documents/document/")
    assert admin_client.get("/admin/documents/document/").status_code == 200


def test_a_database_error_raised_outside_a_view_is_a_503_too(rf, db):
    """A middleware (not a view) meeting the dead database: Django turns the exception into
    its 500 answer; the middleware outside turns that into the 503 page."""

    def broken(request):
        raise OperationalError("server closed the connection unexpectedly")

    middleware = DatabaseUnavailableMiddleware(convert_exception_to_response(broken))
    response = middleware(rf.get("/documents/"))
    _assert_friendly_503(response, "/documents/", whole_stack=False)


def test_other_errors_stay_server_errors(rf, db):
    def buggy(request):
        raise IntegrityError("duplicate key")

    middleware = DatabaseUnavailableMiddleware(convert_exception_to_response(buggy))
    assert middleware(rf.get("/documents/")).status_code == 500
    assert not is_database_unavailable(DatabaseError("syntax error"))
    wrapped = RuntimeError("while rendering")
    wrapped.__cause__ = OperationalError("the database system is shutting down")
    assert is_database_unavailable(wrapped)


def test_the_503_page_is_static_and_needs_no_database(rf, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        for url in ["/documents/", "/api/documents/"]:
            _assert_friendly_503(unavailable_response(rf.get(url)), url, whole_stack=False)


# --- a real outage: PostgreSQL refuses connections, then accepts them again ------------------


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def served(transactional_db):
    """The site served over HTTP by a thread of this process, with a persistent database
    connection of its own (CONN_MAX_AGE), as a gunicorn worker has."""
    server = make_server("127.0.0.1", 0, WSGIHandler(), handler_class=_Quiet)

    def serve():
        try:
            server.serve_forever(poll_interval=0.05)
        finally:
            connections.close_all()  # this thread's connections

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()

    def get(path):
        conn = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=30)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode()
        finally:
            conn.close()

    yield get
    server.shutdown()
    thread.join(10)
    server.server_close()


def _admin_connection():
    import psycopg

    params = connection.get_connection_params()
    params = {k: v for k, v in params.items() if k in ("host", "port", "user", "password")}
    return psycopg.connect(dbname="postgres", autocommit=True, **params)


def test_a_real_outage_gives_503_and_the_site_recovers_by_itself(served, docs, places):
    # (Addresses the page cache has not seen: a cached page would still be served.)
    urls = ["/documents/34-da-tu-2023/?o=1", "/documents/?o=1", "/?o=1", "/api/documents/?o=1"]
    assert served("/documents/34-da-tu-2023/")[0] == 200
    name = connection.settings_dict["NAME"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        own_pid = cursor.fetchone()[0]
    with _admin_connection() as admin:
        try:
            # "Stop the database": refuse new connections and cut the open ones (the site's
            # persistent connection included; not the one this test itself runs on).
            admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = %s AND pid <> %s", [name, own_pid])
            for url in urls:
                status, headers, body = served(url)
                assert status == 503, url
                assert "Traceback" not in body
                if not url.startswith("/api/"):
                    assert "Catalogue tạm thời gián đoạn" in body
                assert headers["Retry-After"] == "30"
        finally:
            # "Restart it".
            admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true')
    for url in urls:
        status, _headers, body = served(url)
        assert status == 200, url
    assert "34-ĐA/TU" in served("/documents/34-da-tu-2023/?o=2")[2]
