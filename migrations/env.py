"""Alembic environment: runs inside the Flask app, against the app's engine and models.

`flask db upgrade` (Flask-Migrate) sets up the app context; the options given to
`Migrate(...)` in schoolot/extensions.py (compare_type, render_as_batch) arrive
here as `configure_args`.
"""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config

# Log setup for the command line only: inside pytest (or an app that set up logging
# already) alembic.ini would replace the root handlers and mute existing loggers.
if config.config_file_name is not None and not logging.getLogger().handlers:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db


def get_engine():
    return target_db.engine


def get_metadata():
    return target_db.metadata


def run_migrations_offline() -> None:
    """Print the SQL (`flask db upgrade --sql`) instead of running it."""
    url = get_engine().url.render_as_string(hide_password=False)
    context.configure(
        url=url,
        target_metadata=get_metadata(),
        literal_binds=True,
        **current_app.extensions["migrate"].configure_args,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations on a connection from the app's engine."""

    def process_revision_directives(context, revision, directives):
        # `flask db migrate` with no model change writes no empty revision.
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", process_revision_directives)

    with get_engine().connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # The app turns SQLite's foreign keys on; a batch migration copies and drops
            # tables, which would then cascade deletes or fail. Off while migrating.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()  # so that Alembic's own transaction below is the real one
        context.configure(connection=connection, target_metadata=get_metadata(), **conf_args)
        with context.begin_transaction():
            context.run_migrations()
        if sqlite:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
            if broken:
                raise RuntimeError(f"the migration left rows with broken foreign keys: {broken}")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
