"""Where the shipped rule set and report templates live.

In a wheel they sit inside the package (``screener/_data``); in a source
checkout they are the top-level ``rules/`` and ``reports/`` folders.
"""

from __future__ import annotations

from pathlib import Path

from screener.errors import ScreenerError

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The shipped folder ``name`` ("rules" or "reports")."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise ScreenerError(f"the shipped '{name}' folder is missing; reinstall the screener")
