"""Registers each area's `flask` commands."""

from __future__ import annotations

from flask import Flask


def register_commands(app: Flask) -> None:
    from schoolot.accounts import commands as accounts

    for area in (accounts,):
        area.register(app)
