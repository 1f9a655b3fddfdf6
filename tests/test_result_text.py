"""The plain-text result that screener evaluate prints."""

from __future__ import annotations

from screener.answers import Answers
from screener.evaluation import evaluate
from screener.result_text import render_result
from screener.rules import RuleSet


def test_rule_ids_stay_whole_at_any_width(ruleset: RuleSet) -> None:
    """Each fired rule's id appears unbroken, however narrow the text is wrapped."""
    result = evaluate(Answers(), ruleset)
    for width in range(40, 101):
        text = render_result(result, width)
        for rule in result.fired:
            assert rule.id in text, (width, rule.id)


def test_headline_next_step_and_safety_net(ruleset: RuleSet) -> None:
    """The text leads with the result and ends with the emergency signs to watch for."""
    text = render_result(evaluate(Answers(), ruleset))
    assert text.startswith("Result: Urgent")
    assert "not a diagnosis" in text
    assert "Warning signs we could not rule out" in text
