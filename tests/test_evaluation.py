"""What a result holds beyond the disposition: reasons, gaps and provenance."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pydantic import ValidationError

from screener import __version__
from screener.answers import Answers
from screener.evaluation import evaluate
from screener.rules import RuleSet

Build = Callable[[dict[str, Any]], Answers]


def test_empty_answers_are_not_self_care(ruleset: RuleSet) -> None:
    """A document with nothing answered is urgent: no red flag was ruled out."""
    result = evaluate(Answers(), ruleset)
    assert result.disposition == "urgent"
    assert len(result.unanswered_safety_questions) == 19


def test_empty_answers_list_what_is_missing(ruleset: RuleSet) -> None:
    """Missing duration, cause and treatment history are named, without a crash."""
    missing = {gap.field for gap in evaluate(Answers(), ruleset).missing_information}
    assert {"duration", "suspected_cause", "treatment.tried", "age"} <= missing


def test_treatment_details_missing_only_when_treatment_was_tried(
    ruleset: RuleSet, answers_with: Build
) -> None:
    """Weeks and outcome are only missing information if treatment was tried."""
    untried = evaluate(answers_with({"treatment": {"tried": "no"}}), ruleset)
    tried = evaluate(answers_with({"treatment": {"tried": "yes"}}), ruleset)
    assert "treatment.weeks" not in {gap.field for gap in untried.missing_information}
    assert "treatment.weeks" in {gap.field for gap in tried.missing_information}


def test_unanswered_safety_questions_are_listed_with_their_wording(
    ruleset: RuleSet, answers_with: Build
) -> None:
    """Each unknown red flag is listed by field and by a question a person can read."""
    result = evaluate(answers_with({"red_flags": {"saddle_numbness": "unknown"}}), ruleset)
    (gap,) = result.unanswered_safety_questions
    assert gap.field == "red_flags.saddle_numbness"
    assert "genitals" in gap.question


def test_fired_rule_carries_its_reasons_and_evidence(ruleset: RuleSet, answers_with: Build) -> None:
    """A fired rule brings its rationale, source and the answers that made it true."""
    result = evaluate(answers_with({"red_flags": {"bladder_change": "yes"}}), ruleset)
    (rule,) = result.fired
    assert rule.id == "emergency-bladder-change"
    assert "BASS" in rule.source
    assert rule.evidence == {"red_flags.bladder_change": "yes"}


def test_fired_rules_are_listed_most_severe_first(ruleset: RuleSet, answers_with: Build) -> None:
    """The first reason shown is the one that set the disposition."""
    result = evaluate(
        answers_with({"red_flags": {"fever": "unknown", "saddle_numbness": "yes"}}), ruleset
    )
    assert [rule.disposition for rule in result.fired] == ["emergency", "conservative_care"]


def test_result_records_versions(ruleset: RuleSet, answers_with: Build) -> None:
    """A result names the rule set, its hash and the screener version that produced it."""
    result = evaluate(answers_with({}), ruleset)
    assert result.ruleset_version == ruleset.version
    assert result.ruleset_hash == ruleset.content_hash
    assert result.screener_version == __version__


def test_evaluate_is_pure(ruleset: RuleSet, answers_with: Build) -> None:
    """The same answers give the same result, and the answers are not changed."""
    answers = answers_with({"red_flags": {"fever": "yes"}})
    before = answers.model_dump()
    assert evaluate(answers, ruleset) == evaluate(answers, ruleset)
    assert answers.model_dump() == before


def test_education_topics_gathered_from_fired_rules(ruleset: RuleSet, answers_with: Build) -> None:
    """The education topics are those of the rules that fired, each once."""
    result = evaluate(answers_with({"red_flags": {"fever": "yes", "weight_loss": "yes"}}), ruleset)
    assert result.education == ["urgent_signs", "emergency_signs"]


def test_gaps_say_why_an_answer_is_missing(ruleset: RuleSet, answers_with: Build) -> None:
    """A gap is "declined", "unknown" or "not answered", as the answers record it."""
    answers = answers_with(
        {
            "red_flags": {"fever": None, "weight_loss": "unknown", "saddle_numbness": None},
            "no_answer": {"red_flags.fever": "declined"},
        }
    )
    reasons = {
        gap.field: gap.reason for gap in evaluate(answers, ruleset).unanswered_safety_questions
    }
    assert reasons == {
        "red_flags.fever": "declined",
        "red_flags.weight_loss": "unknown",
        "red_flags.saddle_numbness": "not answered",
    }


def test_no_answer_must_name_a_real_field(answers_with: Build) -> None:
    """A reason recorded for a field that does not exist is refused."""
    with pytest.raises(ValidationError, match=r"no_answer names unknown field 'red_flags\.fevers'"):
        answers_with({"no_answer": {"red_flags.fevers": "declined"}})
