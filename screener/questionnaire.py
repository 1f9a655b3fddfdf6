"""The questionnaire as data: what is asked, in what words, in what order, and when.

``rules/questionnaire.yaml`` holds one entry per question: the answers field it
fills, its type, the patient wording (second person) and the nurse wording
(third person), help text, options with labels, bounds with the message to
show, and a ``show_when`` condition in the same language as the rules. The
interview is one generic engine over this data; no flow lives in Python.

On load every question is checked against the answers model: its field
exists, its type fits the field, its options are the field's options, and its
``show_when`` names real fields with fitting operators.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from screener.conditions import Compiled, Condition, check_predicate, compile_condition, predicates
from screener.errors import RuleSetError, describe_validation
from screener.fields import FieldKind, catalogue
from screener.resources import data_dir
from screener.rules import ID_PATTERN, read_yaml

QUESTIONNAIRE = "questionnaire.yaml"

QuestionType = Literal[
    "yes_no_unknown", "single_choice", "multiple_choice", "number", "duration", "date", "text"
]
TYPED: tuple[QuestionType, ...] = ("number", "duration", "date", "text")
"""Questions answered by typing, rather than by choosing from options."""
Mode = Literal["patient", "nurse"]
MODES: tuple[Mode, ...] = ("patient", "nurse")

FIELD_KIND_OF_TYPE: dict[str, FieldKind] = {
    "yes_no_unknown": "choice",
    "single_choice": "choice",
    "multiple_choice": "multichoice",
    "number": "number",
    "duration": "duration",
    "date": "date",
    "text": "text",
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Wording(_Model):
    """The same thing said to a patient (second person) and by a nurse (third person)."""

    patient: str = Field(min_length=1)
    nurse: str = Field(min_length=1)

    def for_mode(self, mode: Mode) -> str:
        return self.patient if mode == "patient" else self.nurse


class Option(_Model):
    """One choice: the stored value and how it is shown."""

    value: str
    label: Wording


class Bounds(_Model):
    """Limits on a number, and what to say when an answer falls outside them."""

    min: float
    max: float
    message: str = Field(min_length=1)


class Section(_Model):
    id: str = Field(pattern=r"^[a-z][a-z_]*$")
    title: Wording
    intro: Wording | None = None


class Question(_Model):
    """One question; ``field`` is the dotted path of the answers field it fills."""

    id: str = Field(pattern=ID_PATTERN)
    field: str
    section: str
    type: QuestionType
    text: Wording
    help: Wording | None = None
    options: list[Option] = Field(default_factory=list)
    bounds: Bounds | None = None
    show_when: Condition | None = None
    modes: list[Mode] = Field(default_factory=lambda: list(MODES), min_length=1)
    optional: bool = False
    """An optional typed question may be left blank (it then stays unanswered)."""

    @cached_property
    def applies(self) -> Compiled | None:
        """The compiled ``show_when`` condition, or ``None`` when always shown."""
        return compile_condition(self.show_when) if self.show_when is not None else None


class Questionnaire(_Model):
    version: str
    yes_no_unknown_options: list[Option] = Field(min_length=3, max_length=3)
    sections: list[Section] = Field(min_length=1)
    questions: list[Question] = Field(min_length=1)

    def options_for(self, question: Question) -> list[Option]:
        """The choices shown for a question (the shared yes / no / unknown set, or its own)."""
        return (
            self.yes_no_unknown_options if question.type == "yes_no_unknown" else question.options
        )

    def for_mode(self, mode: Mode) -> list[Question]:
        """The questions asked in ``mode``, in order."""
        return [question for question in self.questions if mode in question.modes]

    def by_field(self, path: str) -> Question:
        return next(question for question in self.questions if question.field == path)


def _problem(question: Question, section_ids: set[str]) -> str | None:
    fields = catalogue()
    spec = fields.get(question.field)
    if spec is None:
        return f"unknown field '{question.field}'; known fields are {', '.join(fields)}"
    if question.section not in section_ids:
        return (
            f"unknown section '{question.section}'; sections are {', '.join(sorted(section_ids))}"
        )
    wanted = FIELD_KIND_OF_TYPE[question.type]
    if spec.kind != wanted:
        return f"type '{question.type}' does not fit field '{spec.path}', which holds a {spec.kind}"
    if question.type == "yes_no_unknown" and spec.options != ("yes", "no", "unknown"):
        return f"field '{spec.path}' is not a yes / no / unknown field"
    if question.type in ("single_choice", "multiple_choice"):
        values = [option.value for option in question.options]
        stray = [value for value in values if value not in spec.options]
        if stray or not values:
            return (
                f"options {stray or '(none)'} do not fit field '{spec.path}'; "
                f"must be some of {', '.join(spec.options)}"
            )
    if question.optional and question.type not in TYPED:
        return f"only typed questions ({', '.join(TYPED)}) can be optional"
    if question.show_when is not None:
        for predicate in predicates(question.show_when):
            problem = check_predicate(predicate, fields.get(predicate.field), list(fields))
            if problem:
                return f"show_when: {problem}"
    return None


def load_questionnaire(directory: Path | str | None = None) -> Questionnaire:
    """Load and check the questionnaire in ``directory`` (the shipped one by default)."""
    folder = Path(directory) if directory is not None else data_dir("rules")
    path = folder / QUESTIONNAIRE
    try:
        questionnaire = Questionnaire.model_validate(read_yaml(path))
    except ValidationError as exc:
        raise RuleSetError(describe_validation(exc, str(path))) from exc
    shared = [option.value for option in questionnaire.yes_no_unknown_options]
    if shared != ["yes", "no", "unknown"]:
        raise RuleSetError(
            f"{path}: yes_no_unknown_options must be yes, no, unknown in that order."
        )
    section_ids = {section.id for section in questionnaire.sections}
    seen: dict[str, str] = {}
    for question in questionnaire.questions:
        problem = _problem(question, section_ids)
        if problem is None and question.id in seen.values():
            problem = "duplicate question id"
        if problem is None and question.field in seen:
            problem = (
                f"field '{question.field}' is already asked by question '{seen[question.field]}'"
            )
        if problem:
            raise RuleSetError(f"{path}, question '{question.id}': {problem}.")
        seen[question.field] = question.id
    return questionnaire
