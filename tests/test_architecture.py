"""Dependencies point one way: web and CLI -> services -> models; solver -> nothing."""

from __future__ import annotations

import ast
import pathlib

PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "schoolot"


def imported_modules(path: pathlib.Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def service_modules() -> list[pathlib.Path]:
    """Everything outside the web layer, except CLI command modules and app wiring."""
    skip_dirs = {"web"}
    skip_files = {"__init__.py", "cli.py", "extensions.py", "commands.py"}
    return [
        path
        for path in PACKAGE.rglob("*.py")
        if path.relative_to(PACKAGE).parts[0] not in skip_dirs
        and path.name not in skip_files
        and path.parent.name != "models"
    ]


def test_solver_imports_only_ortools_and_the_standard_library():
    # ... and schoolot.cycle, the cycle of weeks' arithmetic: pure Python, shared on
    # purpose so that the solver's caps per cycle week are the calendar's.
    shared = {"schoolot.cycle"}
    for path in (PACKAGE / "solver").rglob("*.py"):
        for module in imported_modules(path):
            top = module.split(".")[0]
            assert (
                top in _stdlib()
                or top == "ortools"
                or module.startswith("schoolot.solver")
                or module in shared
            ), f"{path.name} imports {module}"


def test_services_never_import_flask():
    for path in service_modules():
        for module in imported_modules(path):
            assert not module.startswith("flask"), f"{path.relative_to(PACKAGE)} imports {module}"
            assert not module.startswith("schoolot.web"), f"{path} imports the web layer"


def test_models_do_not_import_services_or_web():
    for path in (PACKAGE / "models").rglob("*.py"):
        for module in imported_modules(path):
            if module.startswith("schoolot."):
                # values and cycle are pure arithmetic on values (no database, no app).
                assert module.split(".")[1] in {"models", "extensions", "values", "cycle"}, (
                    f"{path.name} imports {module}"
                )


def _stdlib() -> frozenset[str]:
    import sys

    return frozenset(sys.stdlib_module_names) | {"__future__"}


def test_every_module_imports_on_its_own():
    """No import cycle: each module imports first in a fresh interpreter state (a cycle
    shows only when one of its modules is the first one imported)."""
    import subprocess
    import sys

    names = sorted(
        ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        for path in PACKAGE.rglob("*.py")
    )
    script = (
        "import importlib, sys\n"
        "failed = []\n"
        "for name in sys.argv[1:]:\n"
        "    for loaded in [m for m in sys.modules if m.split('.')[0] == 'schoolot']:\n"
        "        del sys.modules[loaded]\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception as error:\n"
        "        failed.append(f'{name}: {error!r}')\n"
        "print('\\n'.join(failed))\n"
        "sys.exit(1 if failed else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, *names],
        cwd=PACKAGE.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
