"""A wheel carries the rule set and the templates, so pip install . works anywhere."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from paths import REPO


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The file names inside a wheel built from this checkout."""
    tmp_path = tmp_path_factory.mktemp("wheel")
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
    return set(zipfile.ZipFile(wheel).namelist())


def test_wheel_ships_rules_and_reports(wheel_names: set[str]) -> None:
    """The built wheel holds rules/ruleset.yaml, every rule file and the reports folder."""
    names = wheel_names
    shipped_rules = {f"screener/_data/rules/{p.name}" for p in (REPO / "rules").glob("*.yaml")}
    assert shipped_rules <= names
    assert "screener/_data/rules/cases/base.yaml" in names
    assert any(name.startswith("screener/_data/reports/") for name in names)


def test_wheel_ships_every_report_file(wheel_names: set[str]) -> None:
    """Every template and the report words ship, so reports render outside the source tree."""
    report_files = {
        f"screener/_data/reports/{path.relative_to(REPO / 'reports')}"
        for path in (REPO / "reports").rglob("*")
        if path.is_file()
    }
    assert report_files - wheel_names == set()
