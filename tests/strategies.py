"""Hypothesis strategies for answers documents, read off the field catalogue."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from screener.answers import Answers
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
