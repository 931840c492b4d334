"""schoolot: school occupational therapy scheduling."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from schoolot.extensions import csrf, db, login_manager, migrate

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES reverse proxies, take the client's address, scheme and
    host from their X-Forwarded-* headers (so feed addresses read https://...)."""
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )


def create_app(config: Any = None, instance_path: str | None = None) -> Flask:
    """Build the app. `config` is a config object or class, or a mapping of overrides;
    `instance_path` the instance folder (default: `instance/` beside the package)."""
    app = Flask(
        __name__,
        instance_path=instance_path,
        instance_relative_config=True,
        template_folder=os.path.join(ROOT, "templates"),
        static_folder=os.path.join(ROOT, "static"),
    )
    from config import config_from_env, settle_secret_key

    if isinstance(config, dict):
        app.config.from_object(config_from_env())
        app.config.update(config)
    else:
        app.config.from_object(config if config is not None else config_from_env())
    os.makedirs(app.instance_path, exist_ok=True)
    settle_secret_key(app.config, app.instance_path)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(
            app.instance_path, "schoolot.sqlite"
        )

    trust_proxies(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(ROOT, "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)

    from schoolot import models  # noqa: F401  (registers the tables)
    from schoolot.cli import register_commands
    from schoolot.web import register_web

    register_web(app)
    register_commands(app)
    return app
