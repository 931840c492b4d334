"""One PostgreSQL database per pytest-xdist worker, made on first use."""

from __future__ import annotations

from collections.abc import MutableMapping

import sqlalchemy as sa


def use_worker_database(environ: MutableMapping[str, str]) -> None:
    """Point TEST_DATABASE_URL at `<database>_<worker>` when running under xdist on PostgreSQL.

    The role named in the URL needs CREATEDB (.ci/run grants it).
    """
    base = environ.get("TEST_DATABASE_URL", "")
    worker = environ.get("PYTEST_XDIST_WORKER")
    if not worker or not base.startswith("postgresql"):
        return
    url = sa.make_url(base)
    name = f"{url.database}_{worker}"
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            query = sa.text("SELECT 1 FROM pg_database WHERE datname = :name")
            exists = conn.scalar(query, {"name": name})
            if not exists:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    finally:
        engine.dispose()
    environ["TEST_DATABASE_URL"] = url.set(database=name).render_as_string(hide_password=False)


# How long emptying the tables waits for another connection's locks.
TRUNCATE_LOCK_TIMEOUT = "60s"


def empty_tables() -> None:
    """Delete every row of every table of the app's database (inside an app context)."""
    from schoolot.extensions import db

    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            # A job an earlier test left running holds its rows, and its next write
            # would queue behind the TRUNCATE: fail loudly rather than wait forever.
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{TRUNCATE_LOCK_TIMEOUT}'")
            try:
                conn.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
            except sa.exc.OperationalError as error:
                raise RuntimeError(
                    "could not empty the test database: an earlier test left a solve or "
                    "import job running (wait for it to end in that test)"
                ) from error
        else:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
