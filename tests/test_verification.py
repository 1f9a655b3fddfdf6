"""Verification over the answer space: counterexamples are found, written and runnable."""

from __future__ import annotations

import json
from pathlib import Path

from screener.documents import read_answers
from screener.evaluation import evaluate
from screener.properties import load_properties
from screener.rules import load_ruleset
from screener.verification import Verification, build_space, render, verify, write_counterexamples

from paths import RULES

MANIFEST = """\
name: tiny
version: "1"
files: [rules.yaml]
when_no_rule_fires:
  id: nothing-found
  title: Nothing found
  disposition: self_care
  rationale: No rule fired for these answers.
  source: Test
"""
RULES_FILE = """\
topic: tiny
rules:
  - id: fever-is-urgent
    title: Fever
    when: {field: red_flags.fever, equals: "yes"}
    disposition: urgent
    rationale: A fever with back pain needs a doctor soon.
    source: Test
  - id: long-pain-needs-care
    title: Long pain
    when: {field: duration, longer_than: {amount: 3, unit: months}}
    disposition: conservative_care
    rationale: Pain for more than 3 months needs a plan.
    source: Test
"""
ACUTE_FEVER = """\
  - id: acute-fever-is-an-emergency
    title: Fever with short pain
    when:
      all:
        - {field: red_flags.fever, equals: "yes"}
        - not: {field: duration, longer_than: {amount: 3, unit: months}}
    disposition: emergency
    rationale: A mistaken rule that makes longer pain milder.
    source: Test
"""
PROPERTIES = """\
version: "1"
tiers:
  urgent: [red_flags.fever]
properties:
  - id: fever-is-at-least-urgent
    title: A fever gives at least urgent
    kind: at_least
    signs: urgent
    answer: "yes"
    disposition: urgent
  - id: longer-pain-never-lowers
    title: Longer pain is never milder
    kind: longer_never_lowers
    fields: [duration]
"""


def tiny(tmp_path: Path, rules: str = RULES_FILE, properties: str = PROPERTIES) -> Verification:
    """Verify a two-rule set written to tmp_path."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "ruleset.yaml").write_text(MANIFEST)
    (tmp_path / "rules.yaml").write_text(rules)
    (tmp_path / "properties.yaml").write_text(properties)
    return verify(load_ruleset(tmp_path), load_properties(tmp_path))


def test_a_sound_rule_set_holds_its_properties(tmp_path: Path) -> None:
    """Both properties hold, each checked somewhere, and every combination is counted."""
    report = tiny(tmp_path)
    assert report.ok
    assert all(result.checked > 0 for result in report.results)
    assert sum(report.by_disposition.values()) == report.combinations


def test_warning_signs_are_taken_one_and_two_at_a_time() -> None:
    """723 configurations: none, each of 19 signs yes or unknown, each pair of them."""
    space = build_space(load_ruleset(RULES), load_properties(RULES))
    assert len(space.blocks[1].configs) == 1 + 19 * 2 + (19 * 18 // 2) * 4


def test_a_change_that_lowers_severity_gives_before_and_after(tmp_path: Path) -> None:
    """A rule that makes longer pain milder breaks longer-pain-never-lowers, with both answers."""
    report = tiny(tmp_path / "rules", RULES_FILE + ACUTE_FEVER)
    (result,) = [r for r in report.results if not r.holds]
    assert result.prop.id == "longer-pain-never-lowers"
    example = result.examples[0]
    assert example.before_result is not None
    assert example.before_result.disposition == "emergency"
    assert example.result.disposition == "urgent"


def test_counterexamples_are_answers_files_that_evaluate_runs(tmp_path: Path) -> None:
    """Each written file reads back and gives the disposition the report states."""
    report = tiny(tmp_path / "rules", RULES_FILE + ACUTE_FEVER)
    files = write_counterexamples(report, tmp_path / "out")
    ruleset = load_ruleset(tmp_path / "rules")
    example = next(e for r in report.results for e in r.examples)
    assert evaluate(read_answers(str(files[example.name])), ruleset) == example.result
    assert str(files[example.name]) in render(report, files)


def test_counterexamples_print_as_json_without_a_folder(tmp_path: Path) -> None:
    """Without a folder the report shows each counterexample as one line of answers JSON."""
    report = tiny(tmp_path, RULES_FILE + ACUTE_FEVER)
    example = next(e for r in report.results for e in r.examples)
    assert json.loads(example.answers.model_dump_json(exclude_none=True))
    assert example.answers.model_dump_json(exclude_none=True) in render(report)


def test_a_property_that_never_applies_fails(tmp_path: Path) -> None:
    """With no rule on duration, its classes hold one known value: nothing to compare."""
    report = tiny(tmp_path, RULES_FILE.split("  - id: long-pain")[0])
    (result,) = [r for r in report.results if not r.holds]
    assert result.checked == 0
    assert "longer-pain-never-lowers: never applied" in render(report)


def test_a_rule_that_cannot_be_ruled_out_must_still_raise_the_result(tmp_path: Path) -> None:
    """undecided_at_least: an unknown fever leaves fever-is-urgent open, so at least care."""
    report = tiny(
        tmp_path,
        properties=PROPERTIES
        + """\
  - id: open-urgent-rule-needs-care
    title: An urgent rule that could not be ruled out needs care
    kind: undecided_at_least
    rules_giving: urgent
    disposition: conservative_care
""",
    )
    (result,) = [r for r in report.results if not r.holds]
    assert result.prop.id == "open-urgent-rule-needs-care"
    assert "rule 'fever-is-urgent' could not be ruled out" in result.examples[0].needs
