"""The Alembic migrations build exactly the schema the models describe, and undo it.

Each test runs on an empty database of its own: a SQLite file, and a fresh PostgreSQL
schema when TEST_DATABASE_URL points at PostgreSQL (so the other tests' tables there
are left alone).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator

import flask_migrate
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask

from schoolot import create_app
from schoolot.extensions import db
from schoolot.models import Student

ALEMBIC_TABLE = "alembic_version"


def _postgres_url() -> str | None:
    url = os.environ.get("TEST_DATABASE_URL", "")
    return url if url.startswith("postgresql") else None


# PostgreSQL joins in when the suite runs on it (CI's second pass); not a skip elsewhere.
@pytest.fixture(params=["sqlite", *(["postgresql"] if _postgres_url() else [])])
def empty_database_url(request, tmp_path) -> Iterator[str]:
    """The URL of an empty database: a SQLite file, or a new PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.sqlite'}"
        return
    base_url = _postgres_url()
    assert base_url is not None
    schema = f"migrations_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base_url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    # Every connection of the app then works inside that schema only.
    url = sa.make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture
def migration_app(empty_database_url: str) -> Iterator[Flask]:
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def _table_names() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names())


def test_upgrade_builds_every_table_of_the_models(migration_app: Flask) -> None:
    flask_migrate.upgrade()

    assert _table_names() - {ALEMBIC_TABLE} == set(db.metadata.tables)


def test_upgraded_schema_matches_the_models_exactly(migration_app: Flask) -> None:
    flask_migrate.upgrade()

    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)

    assert differences == [], "models and migrations differ: run `make check-migrations`"


def test_downgrade_to_base_leaves_no_tables(migration_app: Flask) -> None:
    flask_migrate.upgrade()

    flask_migrate.downgrade(revision="base")

    # Alembic keeps its own (now empty) bookkeeping table.
    assert _table_names() - {ALEMBIC_TABLE} == set()


BATCH_REVISION = """
import sqlalchemy as sa
from alembic import op

revision = "batch_test"
down_revision = {head!r}


def upgrade():
    with op.batch_alter_table("school", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("phone", sa.String(20)))


def downgrade():
    with op.batch_alter_table("school", recreate="always") as batch_op:
        batch_op.drop_column("phone")
"""


def test_batch_migration_of_a_referenced_table_keeps_the_rows_referencing_it(tmp_path) -> None:
    """SQLite batch mode copies and drops the table: students must survive their school's."""
    from alembic.script import ScriptDirectory

    from tests.factories import SmallDistrict

    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'batch.sqlite'}"}
    )
    directory = tmp_path / "migrations"
    shutil.copytree(app.extensions["migrate"].directory, directory)
    with app.app_context():
        head = ScriptDirectory(str(directory)).get_current_head()
        (directory / "versions" / "batch_test.py").write_text(BATCH_REVISION.format(head=head))
        flask_migrate.upgrade(directory=str(directory), revision=head)
        SmallDistrict(db.session)
        db.session.commit()

        flask_migrate.upgrade(directory=str(directory))

        assert db.session.scalar(sa.select(sa.func.count()).select_from(Student)) == 3
        db.session.remove()
        db.engine.dispose()
