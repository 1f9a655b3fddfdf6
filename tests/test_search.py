"""The search for answers: its witnesses convince the evaluator, and its "none" is right."""

from __future__ import annotations

import pytest

from screener.answer_space import answers_from, dimensions
from screener.checks import asked_fields
from screener.conditions import Predicate
from screener.evaluation import evaluate
from screener.questionnaire import load_questionnaire
from screener.rules import LoadedRule, load_ruleset
from screener.search import find, tabulate

from paths import RULES

RULESET = load_ruleset(RULES)
QUESTIONNAIRE = load_questionnaire(RULES)
DIMS = dimensions(
    [loaded.rule.when for loaded in RULESET.rules]
    + [q.show_when for q in QUESTIONNAIRE.questions if q.show_when is not None]
)


@pytest.mark.parametrize("loaded", RULESET.rules, ids=[r.rule.id for r in RULESET.rules])
def test_each_rule_has_answers_where_it_decides(loaded: LoadedRule) -> None:
    """The answers found make the rule fire and give its disposition, as evaluate() sees it."""
    rivals = [
        tabulate(other.rule.when, DIMS)
        for other in RULESET.rules
        if other is not loaded
        and other.rule.disposition.severity >= loaded.rule.disposition.severity
    ]
    found = find(DIMS, [tabulate(loaded.rule.when, DIMS)], rivals)
    assert found is not None
    answers = answers_from({path: DIMS[path].classes[i].value for path, i in found.items()})
    result = evaluate(answers, RULESET)
    assert loaded.rule.id in {rule.id for rule in result.fired}
    assert result.disposition == loaded.rule.disposition


def test_a_contradiction_has_no_answers() -> None:
    """Under 20 and over 60 at once: no answers exist."""
    young = Predicate.model_validate({"field": "age", "lt": 20})
    old = Predicate.model_validate({"field": "age", "gt": 60})
    assert find(DIMS, [tabulate(young, DIMS), tabulate(old, DIMS)]) is None
    assert find(DIMS, [tabulate(young, DIMS)], [tabulate(young, DIMS)]) is None


def test_skip_logic_decides_what_is_asked() -> None:
    """Treatment weeks are asked (after 'tried: yes'); the date of birth only of nurses."""
    assert "treatment.weeks" in asked_fields(QUESTIONNAIRE, "patient", DIMS)
    assert "patient.date_of_birth" not in asked_fields(QUESTIONNAIRE, "patient", DIMS)
    assert "patient.date_of_birth" in asked_fields(QUESTIONNAIRE, "nurse", DIMS)


def test_a_question_whose_condition_reads_a_later_answer_is_never_asked() -> None:
    """Moving 'treatment tried' after the questions that depend on it leaves them unasked."""
    questions = list(QUESTIONNAIRE.questions)
    tried = next(q for q in questions if q.field == "treatment.tried")
    reordered = QUESTIONNAIRE.model_copy(
        update={"questions": [q for q in questions if q is not tried] + [tried]}
    )
    assert "treatment.weeks" not in asked_fields(reordered, "patient", DIMS)
