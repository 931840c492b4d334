"""The Content-Security-Policy of every response.

Pages load scripts and styles from static/ only: no inline script, no style attribute,
no event-handler attribute. Behaviour is attached by static/js/app.js from data-
attributes (data-confirm, data-print, data-autosubmit), and what only the server knows
how to draw, a timetable's geometry and colours, travels as CSS custom properties in a
data-css-vars attribute that the same script applies (the CSSOM is not an inline style).
"""

from __future__ import annotations

# Every HTML page: the app's own files, images also as data: URIs (Pico's icons).
PAGE_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
# Anything else (calendar feeds, JSON, files): nothing runs in it, nothing frames it.
OTHER_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


def content_security_policy(mimetype: str) -> str:
    """The policy for a response of this type."""
    return PAGE_POLICY if mimetype == "text/html" else OTHER_POLICY
