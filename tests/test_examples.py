"""The shipped examples each give the disposition examples/expected.yaml states."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from screener.cli import main
from screener.documents import read_document

from paths import EXAMPLES

EXPECTED = read_document(str(EXAMPLES / "expected.yaml"))


def test_every_example_states_its_disposition() -> None:
    """No example file is left without an expected disposition, and none is listed twice."""
    files = {path.name for path in EXAMPLES.glob("*.json")}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example(name: str) -> None:
    """screener evaluate gives the stated disposition."""
    result = CliRunner().invoke(main, ["evaluate", str(EXAMPLES / name), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["disposition"] == EXPECTED[name]["disposition"]


def test_examples_cover_every_disposition() -> None:
    """There is at least one example per disposition."""
    assert {entry["disposition"] for entry in EXPECTED.values()} == {
        "emergency",
        "urgent",
        "specialist_referral",
        "conservative_care",
        "self_care",
    }


def test_examples_are_valid_json() -> None:
    """Each example is plain JSON a record system could produce."""
    for path in EXAMPLES.glob("*.json"):
        json.loads(Path(path).read_text())
