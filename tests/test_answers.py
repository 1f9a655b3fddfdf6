"""The answers model refuses nonsense with messages that name the field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pydantic import ValidationError

from screener.answers import Answers
from screener.fields import catalogue, safety_questions

Build = Callable[[dict[str, Any]], Answers]


@pytest.mark.parametrize(
    ("overlay", "complaint"),
    [
        ({"duration": {"amount": -1, "unit": "days"}}, "greater than or equal to 0"),
        ({"duration": {"amount": 81, "unit": "years"}}, "more than 80 years"),
        ({"duration": {"amount": 3, "unit": None}}, "both an amount and a unit"),
        (
            {"duration": {"amount": None, "unit": None, "onset_date": "2027-01-01"}},
            "cannot start in the future",
        ),
        (
            {"duration": {"amount": 8, "unit": "months", "onset_date": "2026-11-01"}},
            "not both",
        ),
        ({"age": True}, "not a number"),
        ({"treatment": {"weeks": True}}, "not a number"),
        ({"duration": {"amount": True, "unit": "months"}}, "not a number"),
        ({"pain_now": 11}, "less than or equal to 10"),
        ({"red_flags": {"fever": "maybe"}}, "'yes', 'no' or 'unknown'"),
        ({"symptoms": ["hiccups"]}, "leg_pain_below_knee"),
        ({"favourite_colour": "blue"}, "Extra inputs are not permitted"),
    ],
)
def test_nonsense_is_refused(answers_with: Build, overlay: dict[str, Any], complaint: str) -> None:
    """Out-of-range, implausible and misspelt answers fail validation."""
    with pytest.raises(ValidationError, match=complaint):
        answers_with(overlay)


def test_answers_round_trip_through_json(answers_with: Build) -> None:
    """An answers document written as JSON reads back equal."""
    answers = answers_with(
        {
            "duration": {"amount": None, "unit": None, "onset_date": "2026-01-05"},
            "notes": {"general": "x"},
        }
    )
    assert Answers.model_validate_json(answers.model_dump_json()) == answers


def test_every_red_flag_is_a_safety_question() -> None:
    """Each red flag in the model is a yes/no/unknown safety question."""
    questions = safety_questions()
    assert len(questions) == 19
    assert all(q.options == ("yes", "no", "unknown") for q in questions)


def test_catalogue_describes_types() -> None:
    """The field catalogue reads kinds and bounds off the model."""
    fields = catalogue()
    assert fields["pain_now"].kind == "number"
    assert (fields["pain_now"].minimum, fields["pain_now"].maximum) == (0, 10)
    assert fields["duration"].kind == "duration"
    assert fields["symptoms"].kind == "multichoice"
    assert "patient.identifier" in fields


def test_every_field_has_a_title_for_people() -> None:
    """Every field has a title in words, which results and the review show instead of its path."""
    assert [
        spec.path for spec in catalogue().values() if spec.title == spec.path.split(".")[-1]
    ] == []
