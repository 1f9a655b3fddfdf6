"""The questionnaire data: it fits the answers model and asks everything the rules read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from screener.conditions import predicates
from screener.errors import RuleSetError
from screener.fields import catalogue, safety_questions
from screener.questionnaire import Mode, load_questionnaire
from screener.rules import RuleSet

from paths import RULES

QUESTIONNAIRE = load_questionnaire(RULES)


def fields_read_by_rules(ruleset: RuleSet) -> set[str]:
    return {p.field for loaded in ruleset.rules for p in predicates(loaded.rule.when)}


@pytest.mark.parametrize("mode", ["patient", "nurse"])
def test_every_field_a_rule_reads_is_asked(ruleset: RuleSet, mode: Mode) -> None:
    """No rule depends on an answer that the interview never asks, in either mode."""
    asked = {q.field for q in QUESTIONNAIRE.for_mode(mode)}
    assert fields_read_by_rules(ruleset) - asked == set()


def test_every_safety_question_is_asked_unconditionally() -> None:
    """Every red flag is asked of everyone, in both modes, with no skip logic."""
    for spec in safety_questions():
        question = QUESTIONNAIRE.by_field(spec.path)
        assert question.show_when is None
        assert set(question.modes) == {"patient", "nurse"}


def test_red_flags_come_first() -> None:
    """The warning-sign questions are asked before any other."""
    sections = [q.section for q in QUESTIONNAIRE.questions]
    assert sections[: len(safety_questions())] == ["red_flags"] * len(safety_questions())


def test_skip_logic_only_reads_earlier_answers() -> None:
    """A show_when condition reads only fields asked before its question."""
    asked: set[str] = set()
    for question in QUESTIONNAIRE.questions:
        if question.show_when is not None:
            assert {p.field for p in predicates(question.show_when)} <= asked, question.id
        asked.add(question.field)


def broken(tmp_path: Path, old: str, new: str) -> str:
    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder)
    path = folder / "questionnaire.yaml"
    path.write_text(path.read_text().replace(old, new, 1))
    with pytest.raises(RuleSetError) as caught:
        load_questionnaire(folder)
    return str(caught.value)


def test_unknown_field_is_named(tmp_path: Path) -> None:
    """A question that fills a field the answers model lacks names the question and field."""
    message = broken(tmp_path, "field: red_flags.fever", "field: red_flags.fevers")
    assert "question 'fever': unknown field 'red_flags.fevers'" in message


def test_type_must_fit_the_field(tmp_path: Path) -> None:
    """A number question on a yes/no field is refused."""
    message = broken(tmp_path, "type: yes_no_unknown", "type: number")
    assert "question 'bladder-change': type 'number' does not fit field" in message


def test_options_must_be_the_fields_options(tmp_path: Path) -> None:
    """An option the answers model does not know is refused."""
    message = broken(tmp_path, "value: getting_better", "value: much_better")
    assert "question 'course': options ['much_better'] do not fit field 'course'" in message


def test_skip_logic_is_checked(tmp_path: Path) -> None:
    """show_when is checked like a rule condition."""
    message = broken(
        tmp_path,
        'show_when: {field: treatment.tried, equals: "yes"}',
        "show_when: {field: treatment.tried, gt: 1}",
    )
    assert "question 'treatment-kinds': show_when: operator 'gt' does not fit" in message


def test_only_typed_questions_can_be_optional(tmp_path: Path) -> None:
    """A choice question cannot be optional: there is nothing to leave blank."""
    message = broken(tmp_path, "  - id: fever\n", "  - id: fever\n    optional: true\n")
    assert "question 'fever': only typed questions (number, duration, date, text)" in message


def test_number_bounds_lie_within_the_fields_range() -> None:
    """A question never accepts a number that the answers model would refuse."""
    for question in QUESTIONNAIRE.questions:
        if question.bounds is not None:
            spec = catalogue()[question.field]
            assert spec.minimum is not None and spec.maximum is not None
            assert spec.minimum <= question.bounds.min <= question.bounds.max <= spec.maximum
