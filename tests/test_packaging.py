"""A wheel carries the rule set and the templates, so pip install . works anywhere."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from paths import REPO


def test_wheel_ships_rules_and_reports(tmp_path: Path) -> None:
    """The built wheel holds rules/ruleset.yaml, every rule file and the reports folder."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("screener-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped_rules = {f"screener/_data/rules/{p.name}" for p in (REPO / "rules").glob("*.yaml")}
    assert shipped_rules <= names
    assert "screener/_data/rules/cases/base.yaml" in names
    assert any(name.startswith("screener/_data/reports/") for name in names)
