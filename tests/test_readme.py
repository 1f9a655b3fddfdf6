"""The README's commands are the ones CI runs, so a green CI proves the README."""

from __future__ import annotations

import re

from paths import REPO


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text()
    return re.findall(r"```sh\n(.+?)\n```", text)[:2]


def test_ci_runs_the_readme_test_command() -> None:
    """.ci/run contains the README's second command, verbatim."""
    _, test_command = readme_commands()
    assert "pytest" in test_command
    assert test_command in (REPO / ".ci" / "run").read_text().splitlines()


def test_first_command_runs_the_screener() -> None:
    """The README's first command installs the package and runs the screener."""
    run_command, _ = readme_commands()
    assert "pip install ." in run_command
    assert "screener " in run_command
