"""The condition language: three-valued logic, so unknown never becomes "no"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from screener.answers import Answers
from screener.conditions import Condition, compile_condition, evidence

CONDITION: TypeAdapter[Any] = TypeAdapter(Condition)
Build = Callable[[dict[str, Any]], Answers]


def truth(condition: dict[str, Any], answers: Answers) -> bool | None:
    return compile_condition(CONDITION.validate_python(condition))(answers)


FEVER_YES = {"field": "red_flags.fever", "equals": "yes"}


@pytest.mark.parametrize(
    ("value", "expected"), [("yes", True), ("no", False), ("unknown", None), (None, None)]
)
def test_equals_is_unknown_on_unknown(
    answers_with: Build, value: str | None, expected: bool | None
) -> None:
    """equals is true, false, or unknown when the answer is unknown or missing."""
    assert truth(FEVER_YES, answers_with({"red_flags": {"fever": value}})) is expected


@pytest.mark.parametrize("value", ["unknown", None])
def test_not_keeps_unknown_unknown(answers_with: Build, value: str | None) -> None:
    """not over an unknown answer stays unknown: "not fever" does not match a missing fever."""
    answers = answers_with({"red_flags": {"fever": value}})
    assert truth({"not": FEVER_YES}, answers) is None


def test_all_is_false_if_any_part_is_false(answers_with: Build) -> None:
    """all: one false part makes it false even when another part is unknown."""
    answers = answers_with({"red_flags": {"fever": "no", "cancer_history": None}})
    cancer = {"field": "red_flags.cancer_history", "equals": "yes"}
    assert truth({"all": [FEVER_YES, cancer]}, answers) is False
    assert truth({"any": [FEVER_YES, cancer]}, answers) is None


def test_any_is_true_if_any_part_is_true(answers_with: Build) -> None:
    """any: one true part makes it true even when another part is unknown."""
    answers = answers_with({"red_flags": {"fever": "yes", "cancer_history": None}})
    cancer = {"field": "red_flags.cancer_history", "equals": "yes"}
    assert truth({"any": [cancer, FEVER_YES]}, answers) is True


@pytest.mark.parametrize(("value", "expected"), [("unknown", True), (None, True), ("no", False)])
def test_is_unknown(answers_with: Build, value: str | None, expected: bool) -> None:
    """is_unknown is the one way to act on a missing answer, and it is never unknown itself."""
    condition = {"field": "red_flags.fever", "is_unknown": True}
    assert truth(condition, answers_with({"red_flags": {"fever": value}})) is expected


def test_not_sure_cause_is_unknown(answers_with: Build) -> None:
    """A cause answered "not sure" counts as unknown."""
    condition = {"field": "suspected_cause", "is_answered": True}
    assert truth(condition, answers_with({"suspected_cause": "not_sure"})) is False


@pytest.mark.parametrize(
    ("symptoms", "expected"), [([], False), (None, None), (["leg_pain_below_knee"], True)]
)
def test_contains_on_lists(
    answers_with: Build, symptoms: list[str] | None, expected: bool | None
) -> None:
    """An empty list is "none of these" (false); an unanswered list is unknown."""
    condition = {"field": "symptoms", "contains": "leg_pain_below_knee"}
    assert truth(condition, answers_with({"symptoms": symptoms})) is expected


def test_predicate_needs_exactly_one_operator() -> None:
    """Two operators on one predicate is a mistake, reported with the operator names."""
    with pytest.raises(ValidationError, match="exactly one operator"):
        CONDITION.validate_python({"field": "age", "gt": 3, "lt": 9})


def test_unknown_node_is_named() -> None:
    """A mapping that is none of all/any/not/field says what a condition is."""
    with pytest.raises(ValidationError, match="one of the keys all, any, not, field"):
        CONDITION.validate_python({"every": []})


def test_evidence_lists_only_the_true_branches(answers_with: Build) -> None:
    """The evidence of an any shows the answers that made it true, not the others."""
    answers = answers_with({"red_flags": {"fever": "yes", "cancer_history": "no"}})
    cancer = {"field": "red_flags.cancer_history", "equals": "yes"}
    condition = CONDITION.validate_python({"any": [cancer, FEVER_YES]})
    found = evidence(condition, answers, answers.model_dump(mode="json"))
    assert found == {"red_flags.fever": "yes"}
