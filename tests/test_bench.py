"""The benchmark's hand-written floor makes the same decisions as the rule set.

Without this the speed comparison would be dishonest: a floor that decides less is
faster for the wrong reason. Nothing here is timed.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from screener.answers import Answers
from screener.cases import LoadedCase, load_cases
from screener.evaluation import decide
from screener.rules import RuleSet

from by_hand import Decision, decide_by_hand
from paths import RULES
from sample_answers import sample_documents
from strategies import answers

CASES = load_cases(RULES / "cases")


def by_rules(answers: Answers, ruleset: RuleSet) -> Decision:
    decision = decide(answers, ruleset)
    return (
        decision.disposition.value,
        [rule.id for rule in decision.fired],
        list(decision.unanswered),
    )


@pytest.mark.parametrize("loaded", CASES, ids=[loaded.case.name for loaded in CASES])
def test_floor_agrees_on_every_rule_case(loaded: LoadedCase, ruleset: RuleSet) -> None:
    """On each shipped rule case, the floor fires the same rules in the same order."""
    assert decide_by_hand(loaded.answers) == by_rules(loaded.answers, ruleset)


def test_floor_agrees_on_the_benchmark_sample(ruleset: RuleSet) -> None:
    """On the benchmark's own generated documents, the floor decides as the rules do."""
    for doc in sample_documents(2000):
        answers = Answers.model_validate(doc)
        assert decide_by_hand(answers) == by_rules(answers, ruleset), doc


@settings(max_examples=400, deadline=None)
@given(answers)
def test_floor_agrees_on_any_answers(ruleset: RuleSet, answers: Answers) -> None:
    """On any valid answers, the floor decides as the rules do."""
    assert decide_by_hand(answers) == by_rules(answers, ruleset)
