"""Registers each area's `flask` commands."""

from __future__ import annotations

from flask import Flask


def register_commands(app: Flask) -> None:
    from schoolot.access_log import commands as access_log
    from schoolot.accounts import commands as accounts
    from schoolot.audit import commands as audit
    from schoolot.balance import commands as balance
    from schoolot.bundle import commands as bundle
    from schoolot.caseload import commands as caseload
    from schoolot.compliance import commands as compliance
    from schoolot.feeds import commands as feeds
    from schoolot.generator import commands as generator
    from schoolot.jobs import commands as jobs
    from schoolot.makeups import commands as makeups
    from schoolot.scheduling import commands as scheduling
    from schoolot.service_log import commands as service_log

    for area in (
        access_log,
        accounts,
        audit,
        balance,
        bundle,
        caseload,
        compliance,
        feeds,
        generator,
        jobs,
        makeups,
        scheduling,
        service_log,
    ):
        area.register(app)
