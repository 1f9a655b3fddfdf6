"""What the patient report says about a result is true for every way the result is reached.

A disposition can come from a "yes" to a warning sign, from a warning sign that could not be
ruled out, from how long the pain has lasted, or from no rule at all. The words under the
result must not contradict any of them.
"""

from __future__ import annotations

from collections.abc import Callable
from fnmatch import fnmatchcase
from typing import Any

import pytest
from pydantic import ValidationError

from screener.answers import Answers
from screener.cases import load_cases, run_cases
from screener.dispositions import Disposition
from screener.evaluation import Result, evaluate
from screener.fields import safety_questions
from screener.report import Paragraph, build_report, load_content, render
from screener.rules import RuleSet

from paths import RULES

Build = Callable[[dict[str, Any]], Answers]

# The sentences the review found to be false on some paths, and the ones that replace them.
YES_SIGN = "One or more of your answers is a warning sign"
SAME_AS_YES = 'with the same care as a "yes"'
UNKNOWN_EMERGENCY = "At least one question about a sign that can need emergency care"
NO_URGENT_SIGN = "Your answers show no sign that needs urgent care"
UNKNOWN_WARNING = "At least one question about a warning sign was not answered"
NO_WARNING_SIGNS = "Your answers show no warning signs"
NOT_LONG_ENOUGH = "not gone on long enough"
ON_ITS_OWN = "gets better on its own"

RESOLVED_AFTER_8_MONTHS = {
    "duration": {"amount": 8, "unit": "months"},
    "treatment": {
        "tried": "yes",
        "kinds": ["physical_therapy", "pain_relievers"],
        "weeks": 10,
        "outcome": "resolved",
    },
}

PATHS: list[tuple[str, dict[str, Any], Disposition, str, list[str], list[str]]] = [
    # name, answers over the calm baseline, result, rule that decides it, said, not said
    (
        "urgent-by-a-yes",
        {"red_flags": {"fever": "yes"}},
        Disposition.URGENT,
        "urgent-fever",
        [YES_SIGN, "If things get worse"],
        [UNKNOWN_EMERGENCY, SAME_AS_YES],
    ),
    (
        "urgent-by-an-unknown-emergency-sign",
        {"red_flags": {"saddle_numbness": "unknown"}},
        Disposition.URGENT,
        "unknown-emergency-sign",
        [UNKNOWN_EMERGENCY, "If things get worse"],
        [YES_SIGN, SAME_AS_YES],
    ),
    (
        "urgent-by-an-unanswered-emergency-sign",
        {"red_flags": {"bladder_change": None}},
        Disposition.URGENT,
        "unknown-emergency-sign",
        [UNKNOWN_EMERGENCY],
        [YES_SIGN, SAME_AS_YES],
    ),
    (
        "urgent-by-an-unknown-emergency-combination",
        {"red_flags": {"fever": "unknown", "immunosuppressed": "unknown"}},
        Disposition.URGENT,
        "unknown-emergency-combination",
        [UNKNOWN_EMERGENCY],
        [YES_SIGN, SAME_AS_YES],
    ),
    (
        "urgent-by-a-yes-with-an-unknown-emergency-sign",
        {"red_flags": {"weight_loss": "yes", "major_trauma": "unknown"}},
        Disposition.URGENT,
        "urgent-weight-loss",
        [YES_SIGN, UNKNOWN_EMERGENCY],
        [SAME_AS_YES],
    ),
    (
        "conservative-by-an-unknown-urgent-sign",
        {"red_flags": {"cancer_history": "unknown"}},
        Disposition.CONSERVATIVE_CARE,
        "unknown-urgent-sign",
        [UNKNOWN_WARNING],
        [NO_URGENT_SIGN, NO_WARNING_SIGNS],
    ),
    (
        "conservative-by-an-unknown-age-related-sign",
        {
            "age": 65,
            "first_episode": "unknown",
            "duration": {"amount": 6, "unit": "weeks"},
            "course": "about_the_same",
        },
        Disposition.CONSERVATIVE_CARE,
        "unknown-age-related-sign",
        [UNKNOWN_WARNING],
        [NO_URGENT_SIGN, NO_WARNING_SIGNS],
    ),
    (
        "conservative-by-chronic-pain-not-yet-treated",
        {"duration": {"amount": 5, "unit": "months"}, "treatment": {"tried": "no"}},
        Disposition.CONSERVATIVE_CARE,
        "chronic-no-treatment-yet",
        [NO_URGENT_SIGN],
        [UNKNOWN_WARNING],
    ),
    (
        "conservative-by-chronic-pain-with-an-unknown-urgent-sign",
        {
            "duration": {"amount": 5, "unit": "months"},
            "treatment": {"tried": "no"},
            "red_flags": {"weight_loss": "unknown"},
        },
        Disposition.CONSERVATIVE_CARE,
        "chronic-no-treatment-yet",
        [UNKNOWN_WARNING],
        [NO_URGENT_SIGN],
    ),
    (
        "self-care-for-short-pain",
        {},
        Disposition.SELF_CARE,
        "no-concern-found",
        [NO_WARNING_SIGNS],
        [UNKNOWN_WARNING, NOT_LONG_ENOUGH],
    ),
    (
        "self-care-for-chronic-pain-that-treatment-resolved",
        RESOLVED_AFTER_8_MONTHS,
        Disposition.SELF_CARE,
        "no-concern-found",
        [NO_WARNING_SIGNS, "more than 3 months"],
        [NOT_LONG_ENOUGH, ON_ITS_OWN],
    ),
    (
        "emergency-by-a-yes",
        {"red_flags": {"saddle_numbness": "yes"}},
        Disposition.EMERGENCY,
        "emergency-saddle-numbness",
        ["One or more of your answers is a sign that needs a doctor today"],
        [UNKNOWN_EMERGENCY],
    ),
]


def patient_text(answers: Answers, result: Result) -> str:
    """The patient report as one line of words, so a sentence is found wherever it wraps."""
    return " ".join(render(build_report(answers, result), "patient", "text").split())


@pytest.mark.parametrize(
    ("overlay", "disposition", "rule", "said", "not_said"),
    [path[1:] for path in PATHS],
    ids=[path[0] for path in PATHS],
)
def test_the_words_fit_the_way_the_result_was_reached(
    overlay: dict[str, Any],
    disposition: Disposition,
    rule: str,
    said: list[str],
    not_said: list[str],
    answers_with: Build,
    ruleset: RuleSet,
) -> None:
    """Each path to a result gets the sentences true for it, and none that are false."""
    answers = answers_with(overlay)
    result = evaluate(answers, ruleset)
    assert result.disposition == disposition
    assert rule in {fired.id for fired in result.fired}
    text = patient_text(answers, result)
    for sentence in said:
        assert sentence in text
    for sentence in not_said:
        assert sentence not in text


CASES = load_cases(RULES / "cases")


@pytest.mark.parametrize(
    "index", range(len(CASES)), ids=[f"{c.file.removesuffix('.yaml')}:{c.case.name}" for c in CASES]
)
def test_no_case_is_told_something_its_answers_contradict(index: int, ruleset: RuleSet) -> None:
    """Over every rule case: a sign that could not be ruled out is never called absent, a
    result reached only through unknowns never speaks of a "yes", and every result explains
    itself."""
    (outcome,) = run_cases([CASES[index]], ruleset)
    answers, result = outcome.loaded.answers, outcome.result
    text = patient_text(answers, result)
    assert build_report(answers, result).about_result
    assert SAME_AS_YES not in text
    if result.unanswered_safety_questions:
        assert NO_URGENT_SIGN not in text
        assert NO_WARNING_SIGNS not in text
    deciding = [rule.id for rule in result.fired if rule.disposition == result.disposition]
    if all(rule.startswith("unknown-") for rule in deciding):
        assert YES_SIGN not in text


def test_every_rule_a_paragraph_names_is_in_the_rule_set(ruleset: RuleSet) -> None:
    """A paragraph keyed to a rule that was renamed or removed would silently vanish."""
    ids = {loaded.rule.id for loaded in ruleset.rules} | {ruleset.fallback.id}
    for disposition, words in load_content().dispositions.items():
        for item in words.paragraphs:
            if isinstance(item, Paragraph):
                for pattern in item.patterns:
                    assert any(fnmatchcase(rule, pattern) for rule in ids), (disposition, pattern)


def test_unknown_rules_are_the_rules_about_unanswered_signs(ruleset: RuleSet) -> None:
    """The words rely on "unknown-*" meaning exactly the rules in unknowns.yaml."""
    named = {loaded.rule.id for loaded in ruleset.rules if loaded.rule.id.startswith("unknown-")}
    in_file = {loaded.rule.id for loaded in ruleset.rules if loaded.file == "unknowns.yaml"}
    assert named == in_file


def test_every_safety_question_unknown_alone_is_never_called_absent(
    answers_with: Build, ruleset: RuleSet
) -> None:
    """Each warning-sign question left unknown, on its own, keeps the "no sign" sentences out."""
    for spec in safety_questions():
        section, name = spec.path.split(".")
        answers = answers_with({section: {name: "unknown"}})
        text = patient_text(answers, evaluate(answers, ruleset))
        assert NO_URGENT_SIGN not in text, spec.path
        assert NO_WARNING_SIGNS not in text, spec.path


def test_paragraph_selection() -> None:
    """A paragraph shows when one of its rules fired and none of the rules that hide it did."""
    unknown = Paragraph(text="u", if_fired=["unknown-*"])
    calm = Paragraph(text="c", unless_fired=["unknown-*"])
    both = Paragraph(text="b", if_fired=["urgent-fever"], unless_fired=["unknown-urgent-sign"])
    assert unknown.applies(["chronic-no-treatment-yet", "unknown-urgent-sign"])
    assert not unknown.applies(["chronic-no-treatment-yet"])
    assert calm.applies(["chronic-no-treatment-yet"])
    assert not calm.applies(["unknown-age-related-sign"])
    assert both.applies(["urgent-fever"])
    assert not both.applies(["urgent-fever", "unknown-urgent-sign"])
    assert not both.applies(["urgent-weight-loss"])


def test_a_paragraph_needs_a_condition() -> None:
    """A paragraph that holds in every case is written as plain text, not as an empty rule."""
    with pytest.raises(ValidationError, match="plain text"):
        Paragraph(text="always")
