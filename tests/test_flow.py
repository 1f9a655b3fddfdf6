"""The interview's pure core: order, skip logic, typed answers and what they record."""

from __future__ import annotations

from datetime import date

import pytest

from screener.answers import Answers, Duration
from screener.flow import (
    NONE_LABEL,
    Choice,
    InvalidAnswer,
    NoteStep,
    Reply,
    Skip,
    Step,
    choices_for,
    combine,
    describe,
    new_emergencies,
    next_step,
    parse_date,
    parse_duration,
    parse_typed,
    pick,
    pick_many,
    record,
    record_note,
    review_steps,
    step_key,
    steps_for,
)
from screener.questionnaire import load_questionnaire
from screener.rules import RuleSet

from paths import RULES

QUESTIONNAIRE = load_questionnaire(RULES)
QUESTIONS = QUESTIONNAIRE.questions
TODAY = date(2026, 11, 24)
NURSE_STEPS = steps_for(QUESTIONNAIRE, "nurse")
PATIENT_STEPS = steps_for(QUESTIONNAIRE, "patient")


def answer(answers: Answers, path: str, reply: Reply) -> Answers:
    return record(answers, QUESTIONNAIRE.by_field(path), reply, QUESTIONS)


def keys(steps: list[Step]) -> list[str]:
    return [step_key(step) for step in steps]


def test_patient_steps_are_the_patient_questions() -> None:
    """Patient mode asks every patient question in order, with no notes."""
    assert keys(PATIENT_STEPS) == [q.id for q in QUESTIONNAIRE.for_mode("patient")]


def test_nurse_steps_add_notes_after_each_section() -> None:
    """Nurse mode has a notes step at the end of each section, and general notes last."""
    notes = [step.section for step in NURSE_STEPS if isinstance(step, NoteStep)]
    assert notes == ["red_flags", "pain", "treatment", "cause", "patient", "general"]
    assert keys(NURSE_STEPS)[19] == "notes:red_flags"


def test_first_step_is_the_first_warning_sign() -> None:
    """An empty interview starts with the first red-flag question."""
    assert step_key(next_step(PATIENT_STEPS, Answers()) or NoteStep("general")) == "bladder-change"


def test_next_step_skips_treatment_details_when_none_tried() -> None:
    """With no treatment tried, the next question after it is the suspected cause."""
    answers = answer(Answers(), "treatment.tried", "no")
    done = {q.id for q in QUESTIONS[: QUESTIONS.index(QUESTIONNAIRE.by_field("treatment.tried"))]}
    step = next_step(PATIENT_STEPS, answers, done)
    assert step is not None and step_key(step) == "suspected-cause"


def test_next_step_asks_treatment_details_when_tried() -> None:
    """With treatment tried, its details follow."""
    answers = answer(Answers(), "treatment.tried", "yes")
    done = {q.id for q in QUESTIONS[: QUESTIONS.index(QUESTIONNAIRE.by_field("treatment.tried"))]}
    step = next_step(PATIENT_STEPS, answers, done)
    assert step is not None and step_key(step) == "treatment-kinds"


def test_resume_starts_at_the_first_question_not_put() -> None:
    """Answered and declined questions count as put; notes already passed are not asked."""
    answers = answer(Answers(answered_by="nurse"), "red_flags.bladder_change", "no")
    for question in QUESTIONS[1:19]:
        answers = answer(answers, question.field, Skip("declined"))
    answers = answer(answers, "duration", Duration(amount=2, unit="weeks"))
    step = next_step(NURSE_STEPS, answers)
    assert step is not None and step_key(step) == "course"


def test_blank_notes_count_as_passed_once_a_later_step_is_answered() -> None:
    """With general notes written, the blank notes on the last section are not asked again."""
    answers = record_note(Answers(answered_by="nurse"), "general", "seen")
    done = {step_key(s) for s in NURSE_STEPS if not isinstance(s, NoteStep)}
    assert next_step(NURSE_STEPS, answers, done) is None


def test_finished_interview_has_no_next_step() -> None:
    """Once every step is done, there is nothing left to ask."""
    assert next_step(NURSE_STEPS, Answers(), {step_key(s) for s in NURSE_STEPS}) is None


def test_skip_records_why_there_is_no_answer() -> None:
    """Declined and unknown go to no_answer and leave the field empty."""
    answers = answer(Answers(), "symptoms", Skip("unknown"))
    assert answers.symptoms is None
    assert answers.no_answer == {"symptoms": "unknown"}


def test_a_value_replaces_a_skip() -> None:
    """Answering a question that was declined removes it from no_answer."""
    answers = answer(answer(Answers(), "age", Skip("declined")), "age", 50)
    assert (answers.age, answers.no_answer) == (50, {})


def test_changing_an_answer_drops_answers_that_no_longer_apply() -> None:
    """Changing 'treatment tried' from yes to no drops the treatment details and their skips."""
    answers = answer(Answers(), "treatment.tried", "yes")
    answers = answer(answers, "treatment.kinds", ["physical_therapy"])
    answers = answer(answers, "treatment.weeks", 8.0)
    answers = answer(answers, "treatment.outcome", Skip("declined"))
    answers = answer(answers, "treatment.tried", "no")
    assert answers.treatment.model_dump(exclude_none=True) == {"tried": "no"}
    assert answers.no_answer == {}


def test_blank_note_removes_the_note() -> None:
    """A note can be set, and cleared by leaving it blank."""
    answers = record_note(Answers(), "pain", "  worse on stairs ")
    assert answers.notes == {"pain": "worse on stairs"}
    assert record_note(answers, "pain", " ").notes == {}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("6 weeks", Duration(amount=6, unit="weeks")),
        ("1 Week", Duration(amount=1, unit="weeks")),
        ("4months", Duration(amount=4, unit="months")),
        ("1.5 years", Duration(amount=1.5, unit="years")),
        ("10 d", Duration(amount=10, unit="days")),
        ("2026-08-24", Duration(onset_date=date(2026, 8, 24))),
        ("2026-11-24", Duration(onset_date=TODAY)),
    ],
)
def test_duration_forms(typed: str, expected: Duration) -> None:
    """An amount and unit, in common spellings, or an onset date."""
    assert parse_duration(typed, TODAY) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-3 weeks", "The time cannot be less than zero. Give a number and a unit"),
        ("81 years", "That is more than 80 years. Give a number and a unit"),
        ("1000 months", "That is more than 80 years."),
        ("2026-11-25", "That date is after today. Give the date it started"),
        ("1940-01-01", "That is more than 80 years ago."),
        ("a while", 'Please give a number and a unit, like "6 weeks", or a date'),
        ("6 fortnights", "Please give a number and a unit"),
        ("24/08/2026", "Please give a number and a unit"),
        ("", "Please give a number and a unit"),
    ],
)
def test_duration_nonsense_says_what_is_expected(typed: str, message: str) -> None:
    """Negative, implausibly long, future and unreadable durations are refused with a hint."""
    with pytest.raises(InvalidAnswer, match=message):
        parse_duration(typed, TODAY)


def test_messages_fit_on_one_line() -> None:
    """Every refusal fits the 80-column line on which questionary shows it."""
    for typed in ("-3 weeks", "81 years", "2026-11-25", "1940-01-01", "a while"):
        with pytest.raises(InvalidAnswer) as caught:
            parse_duration(typed, TODAY)
        assert len(str(caught.value)) < 80


def test_future_date_of_birth_is_refused() -> None:
    """A date after today is refused."""
    with pytest.raises(InvalidAnswer, match="That date is after today"):
        parse_date("2027-01-01", TODAY)


@pytest.mark.parametrize("typed", ["11", "-1", "5.5", "six", ""])
def test_number_out_of_bounds_uses_the_questionnaire_message(typed: str) -> None:
    """The refusal for a number is the bounds message written in the questionnaire."""
    question = QUESTIONNAIRE.by_field("pain_now")
    assert question.bounds is not None
    with pytest.raises(InvalidAnswer, match=question.bounds.message):
        parse_typed(question, typed, "patient", TODAY)


def test_whole_numbers_are_stored_as_integers() -> None:
    """Age typed as 45 records the integer 45."""
    assert parse_typed(QUESTIONNAIRE.by_field("age"), " 45 ", "patient", TODAY) == 45


def test_nurse_can_type_unknown_or_declined() -> None:
    """In nurse mode the words unknown and declined record why there is no answer."""
    question = QUESTIONNAIRE.by_field("duration")
    assert parse_typed(question, "Unknown", "nurse", TODAY) == Skip("unknown")
    assert parse_typed(question, "declined", "nurse", TODAY) == Skip("declined")


def test_patient_cannot_type_unknown_for_a_number() -> None:
    """In patient mode, "unknown" is not a number."""
    with pytest.raises(InvalidAnswer):
        parse_typed(QUESTIONNAIRE.by_field("age"), "unknown", "patient", TODAY)


def test_optional_question_may_be_left_blank() -> None:
    """A blank optional answer records nothing; a blank required one is refused."""
    assert parse_typed(QUESTIONNAIRE.by_field("patient.identifier"), "", "nurse", TODAY) is None
    with pytest.raises(InvalidAnswer, match="Please type an answer"):
        parse_typed(QUESTIONNAIRE.by_field("interviewer"), "  ", "nurse", TODAY)


def test_text_longer_than_the_field_allows_is_refused() -> None:
    """An identifier longer than the answers model allows is refused before it is recorded."""
    with pytest.raises(InvalidAnswer, match="200 characters"):
        parse_typed(QUESTIONNAIRE.by_field("patient.identifier"), "x" * 201, "nurse", TODAY)


def test_patient_choices_are_the_options() -> None:
    """A yes / no / unknown question offers exactly those three in patient words."""
    choices = choices_for(QUESTIONNAIRE, QUESTIONNAIRE.by_field("red_flags.fever"), "patient")
    assert [c.label for c in choices] == ["Yes", "No", "I don't know"]


def test_nurse_choices_add_declined_and_unknown_where_missing() -> None:
    """Nurse mode adds Declined everywhere, and Unknown only where no unknown option exists."""
    fever = choices_for(QUESTIONNAIRE, QUESTIONNAIRE.by_field("red_flags.fever"), "nurse")
    assert [c.reply for c in fever] == ["yes", "no", "unknown", Skip("declined")]
    limits = choices_for(QUESTIONNAIRE, QUESTIONNAIRE.by_field("limits"), "nurse")
    assert [c.reply for c in limits][-3:] == [[], Skip("unknown"), Skip("declined")]


def test_combine_needs_an_explicit_choice() -> None:
    """Ticking nothing is refused: "none" must be chosen, never assumed."""
    with pytest.raises(InvalidAnswer, match=NONE_LABEL):
        combine([])


def test_combine_refuses_none_with_other_choices() -> None:
    """ "None of these" cannot be ticked together with a symptom."""
    with pytest.raises(InvalidAnswer, match="cannot be combined"):
        combine([Choice("Sleeping", "sleep"), Choice(NONE_LABEL, [])])


def test_combine_lists_the_values() -> None:
    """Ticked options give the list of their values; "None of these" gives []."""
    assert combine([Choice("Work", "work"), Choice("Sleep", "sleep")]) == ["work", "sleep"]
    assert combine([Choice(NONE_LABEL, [])]) == []


def test_numbers_typed_for_choices() -> None:
    """Plain mode reads choices typed as numbers, and refuses numbers out of range."""
    assert pick(" 2 ", 3) == 1
    assert pick_many("3, 1", 4) == [0, 2]
    for typed in ("0", "4", "1 2", "yes", ""):
        with pytest.raises(InvalidAnswer, match="from 1 to 3"):
            pick(typed, 3)


def test_emergency_is_found_from_the_rules(ruleset: RuleSet) -> None:
    """A yes to an emergency sign fires an emergency rule; an unknown one does not."""
    answers = answer(Answers(), "red_flags.saddle_numbness", "yes")
    assert [r.id for r in new_emergencies(answers, ruleset, ())] == ["emergency-saddle-numbness"]
    assert new_emergencies(answers, ruleset, {"emergency-saddle-numbness"}) == []
    unknown = answer(Answers(), "red_flags.saddle_numbness", "unknown")
    assert new_emergencies(unknown, ruleset, ()) == []


def test_describe_says_each_answer_in_words() -> None:
    """The review shows labels, durations, and why an answer is missing."""
    answers = answer(Answers(), "duration", Duration(amount=1, unit="weeks"))
    answers = answer(answers, "limits", [])
    answers = answer(answers, "symptoms", Skip("declined"))

    def describe_field(path: str) -> str:
        return describe(QUESTIONNAIRE, QUESTIONNAIRE.by_field(path), answers, "nurse")

    assert describe_field("duration") == "1 week"
    assert describe_field("limits") == NONE_LABEL
    assert describe_field("symptoms") == "Declined to answer"
    assert describe_field("course") == "not answered"


def test_review_lists_only_questions_that_apply() -> None:
    """Treatment details are listed only when treatment was tried."""
    listed = keys(review_steps(NURSE_STEPS, answer(Answers(), "treatment.tried", "no")))
    assert "treatment-weeks" not in listed
    assert "notes:general" in listed
