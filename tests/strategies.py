"""Hypothesis strategies for answers documents, read off the field catalogue."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, get_args

from hypothesis import strategies as st

from screener.answers import Answers, NoAnswer, NoteSection
from screener.documents import nested
from screener.fields import FieldSpec, catalogue

SCREENED = date(2026, 11, 24)

durations: st.SearchStrategy[dict[str, Any]] = st.one_of(
    st.just({}),
    st.fixed_dictionaries(
        {
            "amount": st.one_of(st.integers(0, 400), st.floats(0, 40, allow_nan=False)),
            "unit": st.sampled_from(["days", "weeks", "months"]),
        }
    ),
    st.builds(lambda days: {"onset_date": SCREENED - timedelta(days=days)}, st.integers(0, 3000)),
)


def _value(spec: FieldSpec) -> st.SearchStrategy[Any]:
    if spec.kind == "choice":
        return st.one_of(st.none(), st.sampled_from(spec.options))
    if spec.kind == "multichoice":
        return st.one_of(st.none(), st.lists(st.sampled_from(spec.options), unique=True))
    if spec.kind == "number":
        low, high = int(spec.minimum or 0), int(spec.maximum or 100)
        numbers = st.integers(low, high) if spec.integer else st.floats(low, high)
        return st.one_of(st.none(), numbers)
    if spec.kind == "duration":
        return durations
    return st.none()


def _nest(flat: dict[str, Any]) -> dict[str, Any]:
    return {"screening_date": SCREENED, **nested(flat)}


ANSWER_FIELDS = {
    path: _value(spec)
    for path, spec in catalogue().items()
    if spec.kind not in ("date", "text") and path not in ("answered_by", "schema_version")
}

answers_docs = st.fixed_dictionaries(ANSWER_FIELDS).map(_nest)
answers = answers_docs.map(Answers.model_validate)

# Everything a document can hold, including who answered, free text, notes and the
# reasons for no answer: for checks that a document survives a round trip whole.
QUESTION_FIELDS = [
    path for path in catalogue() if path not in ("schema_version", "screening_date", "answered_by")
]
# FHIR strings may not start with a control or unusual space character (string pattern).
texts = st.text(
    st.characters(blacklist_categories=["Cs", "Cc", "Zs", "Zl", "Zp"]) | st.sampled_from(" \t\n"),
    min_size=1,
    max_size=40,
)
META_FIELDS = {
    "answered_by": st.sampled_from(["patient", "nurse"]),
    "interviewer": st.one_of(st.none(), texts),
    "patient.identifier": st.one_of(st.none(), texts),
    "patient.date_of_birth": st.one_of(st.none(), st.dates(date(1900, 1, 1), SCREENED)),
    "notes": st.dictionaries(st.sampled_from(get_args(NoteSection)), texts),
    "no_answer": st.dictionaries(
        st.sampled_from(QUESTION_FIELDS), st.sampled_from(get_args(NoAnswer))
    ),
    "duration": st.one_of(
        durations,
        st.fixed_dictionaries(
            {
                "amount": st.floats(0, 70, allow_nan=False),
                "unit": st.sampled_from(["days", "weeks", "months", "years"]),
            }
        ),
        st.fixed_dictionaries({"onset_date": st.dates(date(1990, 1, 1), SCREENED)}),
    ),
}
complete_answers_docs = st.fixed_dictionaries({**ANSWER_FIELDS, **META_FIELDS}).map(_nest)
complete_answers = complete_answers_docs.map(Answers.model_validate)
