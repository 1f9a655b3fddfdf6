"""The answer classes: both sides of every boundary, exact for every rule, and covering pairs."""

from __future__ import annotations

import operator
from collections.abc import Callable
from itertools import combinations
from typing import Any

from hypothesis import given, settings

from screener.answer_space import answers_from, dimensions, pairwise
from screener.answers import Answers, is_unknown
from screener.conditions import Truth, compile_condition, predicates
from screener.evaluation import evaluate
from screener.rules import load_ruleset

from paths import RULES
from strategies import answers

RULESET = load_ruleset(RULES)
DIMS = dimensions([loaded.rule.when for loaded in RULESET.rules])
TESTS: dict[str, list[Callable[[Answers], Truth]]] = {
    path: [
        compile_condition(leaf)
        for loaded in RULESET.rules
        for leaf in predicates(loaded.rule.when)
        if leaf.field == path
    ]
    for path in DIMS
}


def same_class(path: str, first: Any, second: Any) -> bool:
    return DIMS[path].index(first) == DIMS[path].index(second)


def test_age_classes_part_on_both_sides_of_each_threshold() -> None:
    """Ages 19 and 20, 44 and 45, 60 and 61 fall in different classes."""
    for below, above in ((19, 20), (44, 45), (60, 61)):
        assert not same_class("age", below, above)


def test_duration_classes_part_on_both_sides_of_one_and_three_months() -> None:
    """Exactly a month and 31 days differ; exactly 3 months and 92 days differ."""
    month, over_month = {"amount": 1, "unit": "months"}, {"amount": 31, "unit": "days"}
    three, over_three = {"amount": 3, "unit": "months"}, {"amount": 92, "unit": "days"}
    assert not same_class("duration", month, over_month)
    assert not same_class("duration", three, over_three)


def test_options_no_rule_tells_apart_share_a_class() -> None:
    """Plateaued, no change and worse are treated alike by every rule, so they are one class."""
    assert same_class("treatment.outcome", "plateaued", "worse")
    assert not same_class("treatment.outcome", "plateaued", "steadily_improving")


def test_unanswered_is_its_own_class_or_unknown() -> None:
    """An unanswered warning sign shares the class of "unknown", never of "no"."""
    assert same_class("red_flags.fever", None, "unknown")
    assert not same_class("red_flags.fever", None, "no")


def _signature(path: str, answers: Answers) -> tuple[Truth, ...]:
    return (is_unknown(operator.attrgetter(path)(answers)), *(t(answers) for t in TESTS[path]))


def representative(path: str, answers: Answers) -> Any:
    """The value standing for the class the answer belongs to (there must be one)."""
    wanted = _signature(path, answers)
    (value,) = [
        c.value
        for c in DIMS[path].classes
        if _signature(path, answers_from({path: c.value})) == wanted
    ]
    return value


@settings(max_examples=200, deadline=None)
@given(answers)
def test_every_answer_falls_in_a_class_that_stands_for_it(answers: Answers) -> None:
    """Replacing each answer by its class's value fires exactly the same rules."""
    doc = answers.model_dump(mode="json")
    for path in DIMS:
        *parents, leaf = path.split(".")
        node = doc
        for part in parents:
            node = node[part]
        value = representative(path, answers)
        node[leaf] = value if path != "duration" else (value or {})
    fired = [rule.id for rule in evaluate(answers, RULESET).fired]
    assert [rule.id for rule in evaluate(Answers.model_validate(doc), RULESET).fired] == fired


def test_pairwise_rows_hold_every_pair() -> None:
    """Every pair of values of any two dimensions meets in some row."""
    sizes = [3, 4, 2, 5, 3]
    rows = pairwise(sizes)
    for i, j in combinations(range(len(sizes)), 2):
        met = {(row[i], row[j]) for row in rows}
        assert met == {(a, b) for a in range(sizes[i]) for b in range(sizes[j])}
    assert len(rows) < 3 * 4 * 2 * 5 * 3 // 4
