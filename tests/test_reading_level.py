"""Patient-facing words read at or below US school grade 8 (Flesch-Kincaid, textstat).

Measured on what a patient actually reads: the questions' patient wording and the
patient report as printed for each example. Headings carry no full stop, which makes
a text read harder to the formula, so the measure errs on the strict side.
"""

from __future__ import annotations

import pytest
import textstat

from screener.documents import read_answers
from screener.evaluation import evaluate
from screener.questionnaire import load_questionnaire
from screener.report import build_report, render
from screener.rules import RuleSet

from paths import EXAMPLES

MAX_GRADE = 8.0


@pytest.mark.parametrize("name", sorted(path.name for path in EXAMPLES.glob("*.json")))
def test_patient_report_reads_at_grade_8(name: str, ruleset: RuleSet) -> None:
    """The patient report, as printed for each example, is at or below grade 8."""
    answers = read_answers(str(EXAMPLES / name))
    text = render(build_report(answers, evaluate(answers, ruleset)), "patient", "text")
    assert textstat.flesch_kincaid_grade(text) <= MAX_GRADE


def test_question_wording_reads_at_grade_8() -> None:
    """The questions, their help and the section introductions a patient reads are at or
    below grade 8."""
    questionnaire = load_questionnaire()
    texts = [section.intro.patient for section in questionnaire.sections if section.intro]
    for question in questionnaire.for_mode("patient"):
        texts.append(question.text.patient)
        if question.help is not None:
            texts.append(question.help.patient)
    assert textstat.flesch_kincaid_grade(" ".join(texts)) <= MAX_GRADE
