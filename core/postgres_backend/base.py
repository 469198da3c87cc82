"""A PostgreSQL database backend that starts the embedded server on first connection.

Used only when ``DATABASE_URL`` is not set. Everything else is Django's own PostgreSQL backend.
"""

from django.db.backends.postgresql import base

from core import embedded_db


class DatabaseWrapper(base.DatabaseWrapper):
    _databases_ready: set[str] = set()

    def get_connection_params(self):
        params = super().get_connection_params()
        server = embedded_db.ensure_server()
        params["host"] = server.socket_dir
        params.pop("port", None)
        name = params.get("database") or params.get("dbname")
        # The test runner connects to "postgres" and creates its own database; the
        # development database is created on first use.
        wanted = name and name != "postgres" and not name.startswith("test_")
        if wanted and name not in self._databases_ready:
            embedded_db.ensure_database(server, name)
            self._databases_ready.add(name)
        return params
