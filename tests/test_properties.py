"""Safety invariants that must hold for any answers, checked with generated documents."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from screener.answers import Answers
from screener.cases import merged
from screener.dispositions import Disposition, most_severe
from screener.evaluation import Result, decide, evaluate
from screener.fields import safety_questions
from screener.properties import load_properties
from screener.rules import load_ruleset

from paths import RULES
from strategies import answers, answers_docs

RULESET = load_ruleset(RULES)
RED_FLAGS = [spec.path.removeprefix("red_flags.") for spec in safety_questions()]
# The tiers are the clinical statement in rules/properties.yaml; osteoporosis and a sudden
# onset are warning signs only together, so they are in no tier.
TIERS = load_properties(RULES).tiers
EMERGENCY_FLAGS = [path.removeprefix("red_flags.") for path in TIERS["emergency"]]
URGENT_FLAGS = [path.removeprefix("red_flags.") for path in TIERS["urgent"]]
EXAMPLES = settings(max_examples=400, deadline=None)


def screen(doc: dict[str, Any]) -> Result:
    return evaluate(Answers.model_validate(doc), RULESET)


def severity(result: Result) -> int:
    return Disposition(result.disposition).severity


@EXAMPLES
@given(answers)
def test_any_answers_give_exactly_one_disposition(answers: Answers) -> None:
    """Every valid document gets one disposition: the most severe of the rules that fired."""
    result = evaluate(answers, RULESET)
    assert result.fired
    assert result.disposition == most_severe([Disposition(r.disposition) for r in result.fired])


@EXAMPLES
@given(answers)
def test_decide_is_evaluate_without_the_explanation(answers: Answers) -> None:
    """decide gives the same disposition, fired rules and unanswered questions as evaluate."""
    result = evaluate(answers, RULESET)
    decision = decide(answers, RULESET)
    assert decision.disposition == result.disposition
    assert [rule.id for rule in decision.fired] == [rule.id for rule in result.fired]
    assert list(decision.unanswered) == [gap.field for gap in result.unanswered_safety_questions]


@EXAMPLES
@given(answers_docs, st.sampled_from(RED_FLAGS))
def test_adding_a_red_flag_never_lowers_severity(doc: dict[str, Any], flag: str) -> None:
    """Answering any red flag "yes" never makes the result less severe."""
    flagged = merged(doc, {"red_flags": {flag: "yes"}})
    assert severity(screen(flagged)) >= severity(screen(doc))


@EXAMPLES
@given(answers_docs, st.sampled_from(RED_FLAGS))
def test_unknown_is_never_milder_than_no(doc: dict[str, Any], flag: str) -> None:
    """A red flag answered "unknown" is never less severe than the same flag answered "no"."""
    no = screen(merged(doc, {"red_flags": {flag: "no"}}))
    unknown = screen(merged(doc, {"red_flags": {flag: "unknown"}}))
    assert severity(unknown) >= severity(no)
    assert f"red_flags.{flag}" in {gap.field for gap in unknown.unanswered_safety_questions}


@EXAMPLES
@given(answers_docs, st.sampled_from(EMERGENCY_FLAGS))
def test_an_emergency_sign_always_gives_emergency(doc: dict[str, Any], flag: str) -> None:
    """Whatever else is answered, one emergency sign gives emergency."""
    assert screen(merged(doc, {"red_flags": {flag: "yes"}})).disposition == "emergency"


@EXAMPLES
@given(answers_docs, st.sampled_from(URGENT_FLAGS))
def test_an_urgent_sign_gives_at_least_urgent(doc: dict[str, Any], flag: str) -> None:
    """Whatever else is answered, one urgent sign gives urgent or emergency."""
    result = screen(merged(doc, {"red_flags": {flag: "yes"}}))
    assert severity(result) >= Disposition.URGENT.severity


@EXAMPLES
@given(
    answers_docs,
    st.sampled_from(["days", "weeks", "months", "years"]),
    st.floats(0, 10, allow_nan=False),
    st.floats(0, 10, allow_nan=False),
)
def test_longer_pain_never_lowers_severity(
    doc: dict[str, Any], unit: str, amount: float, extra: float
) -> None:
    """The same answers with a longer duration are never less severe."""
    shorter = merged(doc, {"duration": {"amount": amount, "unit": unit, "onset_date": None}})
    longer = merged(doc, {"duration": {"amount": amount + extra, "unit": unit, "onset_date": None}})
    assert severity(screen(longer)) >= severity(screen(shorter))
