"""Registers each area's `flask` commands."""

from __future__ import annotations

from flask import Flask


def register_commands(app: Flask) -> None:
    from schoolot.accounts import commands as accounts
    from schoolot.bundle import commands as bundle
    from schoolot.generator import commands as generator

    for area in (accounts, bundle, generator):
        area.register(app)
