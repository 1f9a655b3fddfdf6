"""Deliberately broken rule sets: each is caught, with a message that names the rule at fault."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from screener.cli import main

from paths import RULES

FIXTURES = Path(__file__).parent / "broken_rulesets"
BROKEN = sorted(FIXTURES.glob("*.yaml"))


def broken_copy(fixture: dict[str, Any], folder: Path) -> Path:
    """A copy of the shipped rules with the fixture's edit applied to one rule file."""
    shutil.copytree(RULES, folder)
    path = folder / fixture["file"]
    data = yaml.safe_load(path.read_text())
    rules = []
    for rule in data["rules"]:
        change = fixture.get("change", {})
        if rule["id"] not in change:
            rules.append(rule)
        elif change[rule["id"]] is not None:
            rules.append({**rule, **change[rule["id"]]})
    data["rules"] = rules + fixture.get("add", [])
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return folder


CASES = [
    (path, expected) for path in BROKEN for expected in yaml.safe_load(path.read_text())["expect"]
]


@pytest.mark.parametrize(
    ("path", "expected"),
    CASES,
    ids=[f"{path.stem}:{expected['command']}" for path, expected in CASES],
)
def test_broken_rule_set_is_caught(path: Path, expected: dict[str, Any], tmp_path: Path) -> None:
    """The command exits as stated and its output names the rule at fault."""
    folder = broken_copy(yaml.safe_load(path.read_text()), tmp_path / "rules")
    result = CliRunner().invoke(main, ["rules", expected["command"], str(folder)])
    assert result.exit_code == expected["exit_code"], result.output
    for phrase in expected["output"]:
        assert phrase in result.output


def test_every_kind_of_mistake_has_a_fixture() -> None:
    """The fixtures cover the mistakes the safety case names."""
    assert {path.stem for path in BROKEN} >= {
        "shadowed-red-flag",
        "gap",
        "unknown-field",
        "number-compared-with-text",
        "unreachable-rule",
        "duplicate-condition",
    }
