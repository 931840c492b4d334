"""The app bench/feeds.py serves through gunicorn: `wsgi:app` (DATABASE_URL and
SECRET_KEY from the environment) with the feed access log off, as in its other rows."""

import logging

from wsgi import app

logging.getLogger("schoolot.feeds").setLevel(logging.WARNING)

__all__ = ["app"]
