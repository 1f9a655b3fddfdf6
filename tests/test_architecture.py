"""Layering: the core imports no I/O library, so evaluation stays light and pure."""

from __future__ import annotations

import re
import subprocess
import sys

from paths import EXAMPLES, REPO

EXAMPLE = EXAMPLES / "urgent-fever.json"
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


def test_evaluate_run_loads_no_template_or_pdf_library() -> None:
    """Running screener evaluate end to end loads neither Jinja2 nor WeasyPrint."""
    modules = imported_by(
        "from click.testing import CliRunner; from screener.cli import main; "
        f"CliRunner().invoke(main, ['evaluate', {str(EXAMPLE)!r}], catch_exceptions=False)"
    )
    assert {"jinja2", "weasyprint"} & modules == set()


def test_text_reports_do_not_load_weasyprint() -> None:
    """The report module loads WeasyPrint only when a PDF is asked for."""
    modules = imported_by(
        "from screener.documents import read_answers; from screener import evaluate, "
        "load_ruleset; from screener.report import render_report; "
        f"a = read_answers({str(EXAMPLE)!r}); "
        "render_report(a, evaluate(a, load_ruleset()), 'patient', 'html')"
    )
    assert "jinja2" in modules
    assert "weasyprint" not in modules


def test_running_evaluate_loads_no_prompt_library() -> None:
    """Running screener evaluate end to end imports neither questionary nor prompt_toolkit."""
    arguments = ["evaluate", str(EXAMPLE)]
    modules = imported_by(
        f"from screener.cli import main; main({arguments!r}, standalone_mode=False)"
    )
    assert {"questionary", "prompt_toolkit"} & modules == set()


def test_only_the_interview_imports_questionary() -> None:
    """questionary and prompt_toolkit are imported by screener/interview.py and nowhere else."""
    importers = {
        path.name
        for path in (REPO / "screener").glob("*.py")
        if re.search(r"^\s*(from|import) (questionary|prompt_toolkit)\b", path.read_text(), re.M)
    }
    assert importers == {"interview.py"}


def test_fhir_is_imported_only_by_the_fhir_commands() -> None:
    """fhir.resources loads for FHIR work only: not for the library, nor for the command line."""
    assert not any(name.startswith("fhir") for name in imported_by("import screener.cli"))
    assert "fhir.resources" in imported_by("import screener.fhir")
