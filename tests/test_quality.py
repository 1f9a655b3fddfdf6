"""Lint, format and type checks run as part of the tests."""

from __future__ import annotations

import subprocess
import sys

from paths import REPO


def check(*command: str) -> None:
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}"


def test_ruff_lint() -> None:
    """ruff finds nothing to complain about."""
    check(sys.executable, "-m", "ruff", "check", ".")


def test_ruff_format() -> None:
    """The code is formatted the way ruff formats it."""
    check(sys.executable, "-m", "ruff", "format", "--check", ".")


def test_mypy_strict() -> None:
    """mypy --strict (with the pydantic plugin) passes on the package and the tests."""
    check(sys.executable, "-m", "mypy")
