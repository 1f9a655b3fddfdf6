"""Layering: the core imports no I/O library, so evaluation stays light and pure."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ["questionary", "prompt_toolkit", "jinja2", "weasyprint", "click"]


def imported_by(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_core_imports_no_io_library() -> None:
    """Importing the library API pulls in none of the prompt, template, PDF or CLI libraries."""
    modules = imported_by("import screener; screener.load_ruleset()")
    assert {name for name in HEAVY if name in modules} == set()


def test_evaluate_command_does_not_load_prompts_or_templates() -> None:
    """screener evaluate pays only for click, not for questionary, Jinja2 or WeasyPrint."""
    modules = imported_by("import screener.cli")
    assert {name for name in HEAVY if name in modules} == {"click"}


def test_fhir_is_imported_only_by_the_fhir_commands() -> None:
    """fhir.resources loads for FHIR work only: not for the library, nor for the command line."""
    assert not any(name.startswith("fhir") for name in imported_by("import screener.cli"))
    assert "fhir.resources" in imported_by("import screener.fhir")
