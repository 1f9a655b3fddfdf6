"""The interview without the terminal: what to ask next, and what an answer means.

Everything here is a pure function of the questionnaire, the answers so far
and the text a person typed, so the flow can be tested without a terminal.
:mod:`screener.interview` only shows the questions and reads the replies.

* An interview is a list of *steps*: the questions of one mode, in
  questionnaire order, and in nurse mode a notes step after each section and
  one for general notes at the end.
* A question has been *put* when its field holds a value or ``no_answer``
  says why it has none. The next step is the first applicable one not yet
  put, so a resumed interview carries on where it stopped.
* Recording an answer re-applies the skip logic: answers to questions whose
  ``show_when`` is no longer true are dropped.
"""

from __future__ import annotations

import operator
import re
import typing
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from screener.answers import UNKNOWN_VALUES, Answers, Duration, NoAnswer, NoteSection, is_unset
from screener.dispositions import Disposition
from screener.duration import MAX_DAYS, DurationUnit, amount_text, to_days
from screener.evaluation import FiredRule, evaluate
from screener.fields import catalogue
from screener.questionnaire import Mode, Question, Questionnaire
from screener.rules import RuleSet

NOTE_SECTIONS: tuple[NoteSection, ...] = typing.get_args(NoteSection)
GENERAL_NOTES: NoteSection = "general"

NONE_LABEL = "None of these"
NO_ANSWER_LABELS: dict[NoAnswer, str] = {"unknown": "Unknown", "declined": "Declined to answer"}
NOT_ANSWERED = "not answered"


class InvalidAnswer(ValueError):
    """Typed text that is not an answer; the message says what is expected."""


@dataclass(frozen=True)
class Skip:
    """A question put but left without a value, and why (nurse mode)."""

    reason: NoAnswer


Reply = str | int | float | date | Duration | list[str] | Skip | None
"""What one answer records: a value, a reason for none, or ``None`` for a blank optional."""


@dataclass(frozen=True)
class NoteStep:
    """The nurse's free-text notes on one section."""

    section: NoteSection


Step = Question | NoteStep


@dataclass(frozen=True)
class Choice:
    """One thing a person can pick, and what picking it records."""

    label: str
    reply: Reply


# ---- Steps and skip logic ---------------------------------------------------------------


def steps_for(questionnaire: Questionnaire, mode: Mode) -> list[Step]:
    """The steps of an interview in ``mode``, in order."""
    questions = questionnaire.for_mode(mode)
    if mode == "patient":
        return list(questions)
    steps: list[Step] = []
    for index, question in enumerate(questions):
        steps.append(question)
        section_ends = (
            index + 1 == len(questions) or questions[index + 1].section != question.section
        )
        if section_ends and question.section in NOTE_SECTIONS:
            steps.append(NoteStep(question.section))
    steps.append(NoteStep(GENERAL_NOTES))
    return steps


def step_key(step: Step) -> str:
    return f"notes:{step.section}" if isinstance(step, NoteStep) else step.id


def value_of(answers: Answers, path: str) -> Any:
    return operator.attrgetter(path)(answers)


def applies(question: Question, answers: Answers) -> bool:
    """Whether the skip logic asks this question, given the answers so far."""
    return question.applies is None or question.applies(answers) is True


def is_put(question: Question, answers: Answers) -> bool:
    """Whether the question has been put: it has a value, or a reason for having none."""
    return question.field in answers.no_answer or not is_unset(value_of(answers, question.field))


def _has_answer(step: Step, answers: Answers) -> bool:
    if isinstance(step, NoteStep):
        return step.section in answers.notes
    return is_put(step, answers)


def next_step(steps: Sequence[Step], answers: Answers, done: Collection[str] = ()) -> Step | None:
    """The first applicable step not yet put or ``done``; ``None`` when all are.

    A notes step left blank counts as passed once a later step has an answer, so
    a resumed interview does not go back for notes the nurse had passed.
    """
    for index, step in enumerate(steps):
        if step_key(step) in done or _has_answer(step, answers):
            continue
        if isinstance(step, NoteStep):
            if not any(_has_answer(later, answers) for later in steps[index + 1 :]):
                return step
        elif applies(step, answers):
            return step
    return None


def review_steps(steps: Sequence[Step], answers: Answers) -> list[Step]:
    """The steps a review lists: every applicable question, and the notes."""
    return [s for s in steps if isinstance(s, NoteStep) or applies(s, answers)]


# ---- Recording answers ------------------------------------------------------------------


def _with_fields(
    answers: Answers, changes: dict[str, Any], reasons: dict[str, NoAnswer]
) -> Answers:
    """A copy with dotted-path fields set (or cleared, for ``None``) and ``no_answer`` updated."""
    data = answers.model_dump()
    for path, value in changes.items():
        *parents, name = path.split(".")
        holder = data
        for parent in parents:
            holder = holder[parent]
        holder.pop(name, None)
        if value is not None:
            holder[name] = value
    data["no_answer"] = {
        path: reason for path, reason in answers.no_answer.items() if path not in changes
    } | reasons
    return Answers.model_validate(data)


def prune(answers: Answers, questions: Sequence[Question]) -> Answers:
    """Drop answers to questions whose ``show_when`` no longer holds."""
    while stale := [q.field for q in questions if is_put(q, answers) and not applies(q, answers)]:
        answers = _with_fields(answers, dict.fromkeys(stale), {})
    return answers


def record(
    answers: Answers, question: Question, reply: Reply, questions: Sequence[Question]
) -> Answers:
    """The answers with ``reply`` recorded for ``question`` and the skip logic re-applied."""
    if isinstance(reply, Skip):
        updated = _with_fields(answers, {question.field: None}, {question.field: reply.reason})
    else:
        updated = _with_fields(answers, {question.field: reply}, {})
    return prune(updated, questions)


def record_note(answers: Answers, section: NoteSection, text: str) -> Answers:
    """The answers with the note for ``section`` set, or removed when ``text`` is blank."""
    notes = {key: value for key, value in answers.notes.items() if key != section}
    if text.strip():
        notes[section] = text.strip()
    return answers.model_copy(update={"notes": notes})


def new_emergencies(
    answers: Answers, ruleset: RuleSet, announced: Collection[str]
) -> list[FiredRule]:
    """Emergency rules that fire on the answers so far and have not been announced yet."""
    return [
        rule
        for rule in evaluate(answers, ruleset).fired
        if rule.disposition == Disposition.EMERGENCY and rule.id not in announced
    ]


# ---- Choices ----------------------------------------------------------------------------


def choices_for(questionnaire: Questionnaire, question: Question, mode: Mode) -> list[Choice]:
    """What can be picked for a choice question, in the words of ``mode``.

    A multiple choice adds an explicit "None of these", so an empty answer is
    always chosen, never an accident. Nurse mode adds "Unknown" where the
    options have no unknown of their own, and "Declined to answer".
    """
    choices = [
        Choice(option.label.for_mode(mode), option.value)
        for option in questionnaire.options_for(question)
    ]
    if question.type == "multiple_choice":
        choices.append(Choice(NONE_LABEL, []))
    if mode == "nurse":
        if not any(isinstance(c.reply, str) and c.reply in UNKNOWN_VALUES for c in choices):
            choices.append(Choice(NO_ANSWER_LABELS["unknown"], Skip("unknown")))
        choices.append(Choice(NO_ANSWER_LABELS["declined"], Skip("declined")))
    return choices


def combine(picked: Sequence[Choice]) -> Reply:
    """One answer from the choices ticked on a multiple-choice question."""
    if not picked:
        raise InvalidAnswer(f'Choose at least one, or "{NONE_LABEL}".')
    alone = [choice for choice in picked if not isinstance(choice.reply, str)]
    if alone and len(picked) > 1:
        raise InvalidAnswer(f'"{alone[0].label}" cannot be combined with other choices.')
    if alone:
        return alone[0].reply
    return [choice.reply for choice in picked if isinstance(choice.reply, str)]


def pick(text: str, count: int) -> int:
    """The 0-based index of a numbered choice typed as a number from 1 to ``count``."""
    (index,) = pick_many(text, count, single=True)
    return index


def pick_many(text: str, count: int, *, single: bool = False) -> list[int]:
    """The 0-based indexes of numbered choices typed as numbers ("1 3" or "1, 3")."""
    expected = (
        f"Please type a number from 1 to {count}."
        if single
        else f"Please type the numbers of your choices from 1 to {count}, like: 1 3"
    )
    words = text.replace(",", " ").split()
    if not words or (single and len(words) > 1):
        raise InvalidAnswer(expected)
    if not all(word.isdigit() and 1 <= int(word) <= count for word in words):
        raise InvalidAnswer(expected)
    return sorted({int(word) - 1 for word in words})


# ---- Typed answers ----------------------------------------------------------------------

# Each message fits on one line of a terminal, where questionary shows it.
DURATION_EXPECTED = 'Please give a number and a unit, like "6 weeks", or a date, like 2024-03-15.'
AMOUNT_EXPECTED = 'Give a number and a unit, like "6 weeks".'
ONSET_EXPECTED = "Give the date it started, like 2024-03-15."
DATE_EXPECTED = "Give the date as year-month-day, like 1960-05-31."
UNITS: dict[str, DurationUnit] = {
    **dict.fromkeys(("d", "day", "days"), "days"),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), "weeks"),
    **dict.fromkeys(("mo", "mos", "month", "months"), "months"),
    **dict.fromkeys(("y", "yr", "yrs", "year", "years"), "years"),
}
_AMOUNT_AND_UNIT = re.compile(r"(?P<amount>[-+]?\d+(?:\.\d+)?)\s*(?P<unit>[a-z]+)")
SKIP_WORDS: dict[str, NoAnswer] = {"unknown": "unknown", "declined": "declined"}
NURSE_TYPED_HINT = 'Type "unknown" or "declined" if there is no answer.'


def _iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def parse_date(text: str, today: date) -> date:
    """A date typed as year-month-day, not after ``today``."""
    day = _iso_date(text.strip())
    if day is None:
        raise InvalidAnswer(DATE_EXPECTED)
    if day > today:
        raise InvalidAnswer(f"That date is after today. {DATE_EXPECTED}")
    return day


def parse_duration(text: str, today: date) -> Duration:
    """How long the pain has lasted: "6 weeks", "4 months", or an onset date."""
    cleaned = text.strip().lower()
    match = _AMOUNT_AND_UNIT.fullmatch(cleaned)
    if match and match["unit"] in UNITS:
        amount, unit = float(match["amount"]), UNITS[match["unit"]]
        if amount < 0:
            raise InvalidAnswer(f"The time cannot be less than zero. {AMOUNT_EXPECTED}")
        if to_days(amount, unit) > MAX_DAYS:
            raise InvalidAnswer(f"That is more than 80 years. {AMOUNT_EXPECTED}")
        return Duration(amount=amount, unit=unit)
    onset = _iso_date(cleaned)
    if onset is None:
        raise InvalidAnswer(DURATION_EXPECTED)
    if onset > today:
        raise InvalidAnswer(f"That date is after today. {ONSET_EXPECTED}")
    if (today - onset).days > MAX_DAYS:
        raise InvalidAnswer(f"That is more than 80 years ago. {ONSET_EXPECTED}")
    return Duration(onset_date=onset)


def parse_number(question: Question, text: str) -> int | float:
    """A number within the question's bounds, whole where the field holds whole numbers."""
    spec = catalogue()[question.field]
    low = question.bounds.min if question.bounds else spec.minimum
    high = question.bounds.max if question.bounds else spec.maximum
    expected = question.bounds.message if question.bounds else "Please give a number."
    try:
        number = float(text.strip())
    except ValueError:
        raise InvalidAnswer(expected) from None
    if (
        (spec.integer and not number.is_integer())
        or (low is not None and number < low)
        or (high is not None and number > high)
        or number != number  # NaN
    ):
        raise InvalidAnswer(expected)
    return int(number) if spec.integer else number


def parse_text(question: Question, text: str) -> str:
    """Free text, no longer than the field allows."""
    longest = catalogue()[question.field].maximum
    if longest is not None and len(text.strip()) > longest:
        raise InvalidAnswer(f"Please keep it to {longest:g} characters or fewer.")
    return text.strip()


def parse_typed(question: Question, text: str, mode: Mode, today: date) -> Reply:
    """The reply that typed ``text`` records for a typed question, or InvalidAnswer."""
    cleaned = text.strip()
    if mode == "nurse" and cleaned.lower() in SKIP_WORDS:
        return Skip(SKIP_WORDS[cleaned.lower()])
    if not cleaned and question.optional:
        return None
    if question.type == "duration":
        return parse_duration(cleaned, today)
    if question.type == "date":
        return parse_date(cleaned, today)
    if question.type == "number":
        return parse_number(question, cleaned)
    if not cleaned:
        raise InvalidAnswer("Please type an answer.")
    return parse_text(question, cleaned)


# ---- Describing answers -----------------------------------------------------------------


def describe_duration(duration: Duration) -> str:
    if duration.onset_date is not None:
        return f"since {duration.onset_date.isoformat()}"
    if duration.amount is None or duration.unit is None:
        return NOT_ANSWERED
    return amount_text(duration.amount, duration.unit)


def describe(questionnaire: Questionnaire, question: Question, answers: Answers, mode: Mode) -> str:
    """The answer to ``question`` in words, for the review screen."""
    reason = answers.no_answer.get(question.field)
    if reason is not None:
        return NO_ANSWER_LABELS[reason]
    value = value_of(answers, question.field)
    if is_unset(value):
        return NOT_ANSWERED
    labels = {
        option.value: option.label.for_mode(mode) for option in questionnaire.options_for(question)
    }
    if isinstance(value, list):
        return ", ".join(labels[item] for item in value) or NONE_LABEL
    if isinstance(value, Duration):
        return describe_duration(value)
    if isinstance(value, float):
        return f"{value:g}"
    return labels.get(str(value), str(value))


def note_title(questionnaire: Questionnaire, section: str) -> str:
    """The nurse's name for a section, for its notes step (general notes: anything else)."""
    titles = {s.id: s.title.nurse for s in questionnaire.sections}
    return titles.get(section, "Anything else")
