"""CI runs check, test and verify on the shipped rules, through the command line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from screener.cli import main
from screener.dispositions import Disposition

from paths import RULES


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def verified() -> Result:
    return run("rules", "verify")


def test_check_passes() -> None:
    """screener rules check finds no problem in the shipped rules."""
    result = run("rules", "check")
    assert result.exit_code == 0, result.output
    assert result.output.endswith("no problems.\n")


def test_cases_pass() -> None:
    """screener rules test runs every shipped case and all pass."""
    result = run("rules", "test")
    assert result.exit_code == 0, result.output
    assert "FAIL" not in result.output
    assert re.search(r"\d+ cases: \d+ pass, 0 fail\.", result.output)


def test_verify_holds_every_property(verified: Result) -> None:
    """screener rules verify reports no violation."""
    assert verified.exit_code == 0, verified.output
    assert "FAIL" not in verified.output
    assert re.search(r"(\d+) properties: \1 hold, 0 fail\.", verified.output)


def test_verify_counts_the_combinations_by_disposition(verified: Result) -> None:
    """The report gives the combinations evaluated and a count per disposition that adds up."""
    total = re.search(r"Combinations evaluated: ([\d,]+)", verified.output)
    assert total is not None
    counts = [
        re.search(rf"^  {d.value} +([\d,]+)$", verified.output, re.MULTILINE) for d in Disposition
    ]
    numbers = [int(m.group(1).replace(",", "")) for m in counts if m is not None]
    assert len(numbers) == len(Disposition)
    assert all(numbers)
    assert sum(numbers) == int(total.group(1).replace(",", ""))


def test_verify_says_how_the_space_was_reduced(verified: Result) -> None:
    """The report states that the full space is too large and what was evaluated instead."""
    assert "Too many; evaluated instead:" in verified.output
    assert "part 1: every combination of the" in verified.output
    assert "every pair of signs" in verified.output


def test_a_failing_case_is_named(tmp_path: Path) -> None:
    """A case the rules no longer meet fails with what it expected and what came."""
    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder)
    cases = folder / "cases" / "urgent.yaml"
    cases.write_text(cases.read_text().replace("disposition: urgent", "disposition: emergency", 1))
    result = run("rules", "test", str(folder))
    assert result.exit_code == 1
    assert (
        "FAIL urgent:fever-is-urgent: expected emergency (urgent-fever), got urgent (urgent-fever)"
        in result.output
    )
