"""The answers document: everything an interview collects and ``evaluate`` reads.

Conventions that the rule engine relies on:

* ``None`` means the question was not answered (not asked, skipped, or declined).
* A choice may also be answered ``"unknown"`` (or ``"not_sure"`` for the cause):
  the person was asked and does not know. Both count as *unknown*, never as "no".
* A list answer of ``[]`` means "none of these"; ``None`` means not answered.
* ``no_answer`` says why a field has no value when a person was asked and gave
  none: ``"unknown"`` (does not know, for fields with no unknown option) or
  ``"declined"`` (chose not to answer). A field listed there is still unknown to
  the rules; the listing only lets a result say why, and lets an interview
  resume after the questions already put.

Field titles are written for people: they label unanswered questions in results.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from screener.duration import DAYS_PER_UNIT, MAX_DAYS, DurationUnit

SCHEMA_VERSION = "1"
"""Bump with the Literal on ``Answers.schema_version`` when the document changes shape."""

YesNoUnknown = Literal["yes", "no", "unknown"]
UNKNOWN_VALUES = frozenset({"unknown", "not_sure"})

TreatmentKind = Literal[
    "physical_therapy",
    "exercise_programme",
    "pain_relievers",
    "injections",
    "manual_therapy",
    "psychological_programme",
    "other",
]
TreatmentOutcome = Literal[
    "resolved", "steadily_improving", "plateaued", "no_change", "worse", "unknown"
]
Cause = Literal[
    "herniated_disc",
    "spinal_stenosis",
    "muscle_strain_or_sprain",
    "facet_osteoarthritis",
    "degenerative_disc_disease",
    "spondylolisthesis",
    "scoliosis_or_skeletal",
    "injury",
    "congenital",
    "not_sure",
]
Symptom = Literal[
    "leg_pain_below_knee",
    "leg_pain_worse_than_back",
    "leg_pain_walking_eased_sitting",
    "worse_coughing_sneezing_sitting",
    "sudden_after_lifting",
    "eased_lying_worse_bending_back",
    "morning_stiffness_eases_with_movement",
    "leg_numbness_or_tingling",
    "visible_curve_or_asymmetry",
]
Limit = Literal["work", "sleep", "walking"]
Course = Literal["getting_better", "about_the_same", "getting_worse", "unknown"]
NoAnswer = Literal["unknown", "declined"]
NoteSection = Literal["patient", "red_flags", "pain", "treatment", "cause", "general"]


def _not_boolean(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError("true or false is not a number")
    return value


NOT_BOOLEAN = BeforeValidator(_not_boolean)
"""pydantic would read true as 1 week or 1 year of age; a yes/no slip must fail instead."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Duration(_Model):
    """How long the pain has lasted: an amount and unit, or the date it began."""

    amount: Annotated[float | None, NOT_BOOLEAN] = Field(
        None, ge=0, title="How long the pain has lasted"
    )
    unit: DurationUnit | None = Field(None, title="Unit of the duration")
    onset_date: date | None = Field(None, title="Date the pain began")

    @model_validator(mode="after")
    def _amount_and_unit_together(self) -> Duration:
        if (self.amount is None) != (self.unit is None):
            raise ValueError("give both an amount and a unit, or neither")
        if self.amount is not None and self.onset_date is not None:
            raise ValueError(
                "give either an amount and a unit or an onset date, not both: "
                "they could disagree about whether the pain is chronic"
            )
        if (
            self.amount is not None
            and self.unit is not None
            and (self.amount * float(DAYS_PER_UNIT[self.unit]) > MAX_DAYS)
        ):
            raise ValueError("a duration of more than 80 years is not plausible")
        return self

    @property
    def is_known(self) -> bool:
        return self.amount is not None or self.onset_date is not None


class Patient(_Model):
    """Who the answers are about. Only nurse interviews fill these in."""

    identifier: str | None = Field(None, max_length=200, title="Patient name or identifier")
    date_of_birth: date | None = Field(None, title="Date of birth")


class Treatment(_Model):
    """Conservative treatment tried so far and how it went."""

    tried: YesNoUnknown | None = Field(None, title="Whether any treatment has been tried")
    kinds: list[TreatmentKind] | None = Field(None, title="Which treatments were tried")
    weeks: Annotated[float | None, NOT_BOOLEAN] = Field(
        None, ge=0, le=4200, title="How many weeks of treatment"
    )
    outcome: TreatmentOutcome | None = Field(None, title="How the pain responded to treatment")


class RedFlags(_Model):
    """Warning signs that need emergency or urgent care. Every one is a safety question."""

    bladder_change: YesNoUnknown | None = Field(
        None, title="New trouble passing urine or controlling the bladder"
    )
    bowel_change: YesNoUnknown | None = Field(
        None, title="New loss of bowel control or of feeling in the back passage"
    )
    saddle_numbness: YesNoUnknown | None = Field(
        None, title="Numbness around the genitals, bottom or inner thighs"
    )
    sexual_dysfunction: YesNoUnknown | None = Field(None, title="New problems with sexual function")
    sciatica_both_legs: YesNoUnknown | None = Field(None, title="Nerve pain going down both legs")
    leg_weakness_severe: YesNoUnknown | None = Field(
        None, title="Severe or worsening leg weakness, or new trouble walking"
    )
    major_trauma: YesNoUnknown | None = Field(
        None, title="Pain that began after a major accident or fall"
    )
    fever: YesNoUnknown | None = Field(None, title="Fever, chills or feeling generally unwell")
    cancer_history: YesNoUnknown | None = Field(None, title="Cancer now or in the past")
    weight_loss: YesNoUnknown | None = Field(None, title="Weight loss without trying")
    night_or_rest_pain: YesNoUnknown | None = Field(
        None, title="Pain that rest does not ease, or that is worse at night"
    )
    osteoporosis_or_steroids: YesNoUnknown | None = Field(
        None, title="Osteoporosis, or steroid tablets taken for a long time"
    )
    sudden_onset_minor_injury: YesNoUnknown | None = Field(
        None, title="Pain that began suddenly or after a minor fall or strain"
    )
    immunosuppressed: YesNoUnknown | None = Field(
        None, title="A weakened immune system (illness or medicine)"
    )
    injected_drug_use: YesNoUnknown | None = Field(None, title="Injecting drugs")
    recent_spinal_procedure_or_infection: YesNoUnknown | None = Field(
        None, title="A recent spinal procedure or bacterial infection"
    )
    one_sided_weakness_worsening: YesNoUnknown | None = Field(
        None, title="Weakness in one leg or foot that is getting worse"
    )
    back_lump_or_shape_change: YesNoUnknown | None = Field(
        None, title="A lump, swelling or change in the shape of the back"
    )
    pain_between_shoulder_blades: YesNoUnknown | None = Field(
        None, title="Pain between the shoulder blades"
    )


class Answers(_Model):
    """One person's answers. Produced by the interview, read by ``evaluate``."""

    schema_version: Literal["1"] = Field("1", title="Answers schema version")
    screening_date: date = Field(default_factory=date.today, title="Date of the screening")
    answered_by: Literal["patient", "nurse"] = Field("patient", title="Who gave the answers")
    interviewer: str | None = Field(None, max_length=200, title="Interviewer name")
    patient: Patient = Field(default_factory=Patient)
    age: Annotated[int | None, NOT_BOOLEAN] = Field(None, ge=0, le=120, title="Age in years")
    duration: Duration = Field(default_factory=Duration, title="How long the pain has lasted")
    course: Course | None = Field(None, title="Whether the pain is getting better or worse")
    first_episode: YesNoUnknown | None = Field(None, title="Whether this is the first back pain")
    treatment: Treatment = Field(default_factory=Treatment)
    suspected_cause: Cause | None = Field(None, title="Suspected cause of the pain")
    symptoms: list[Symptom] | None = Field(None, title="Symptoms that point to a cause")
    pain_now: Annotated[int | None, NOT_BOOLEAN] = Field(
        None, ge=0, le=10, title="Pain right now, 0 to 10"
    )
    limits: list[Limit] | None = Field(None, title="What the pain limits")
    red_flags: RedFlags = Field(default_factory=RedFlags)
    notes: dict[NoteSection, str] = Field(default_factory=dict, title="Interviewer notes")
    no_answer: dict[str, NoAnswer] = Field(
        default_factory=dict, title="Questions asked but left without an answer, and why"
    )

    @model_validator(mode="after")
    def _dates_make_sense(self) -> Answers:
        onset = self.duration.onset_date
        if onset is not None:
            if onset > self.screening_date:
                raise ValueError(
                    f"duration.onset_date {onset} is after the screening date "
                    f"{self.screening_date}; the pain cannot start in the future"
                )
            if (self.screening_date - onset).days > MAX_DAYS:
                raise ValueError("duration.onset_date is more than 80 years ago")
        from screener.fields import catalogue  # the catalogue is read off this model

        for path in self.no_answer:
            if path not in catalogue():
                raise ValueError(f"no_answer names unknown field '{path}'")
        born = self.patient.date_of_birth
        if born is not None and born > self.screening_date:
            raise ValueError(f"patient.date_of_birth {born} is after the screening date")
        return self


def is_unset(value: object) -> bool:
    """True when a field holds no answer at all (an empty duration counts as none)."""
    return value is None or (isinstance(value, Duration) and not value.is_known)


def is_unknown(value: object) -> bool:
    """True when an answer value tells us nothing: unanswered, unknown or not sure."""
    # Called for every predicate of every rule: the commonest case (a choice) is tested first.
    if value is None:
        return True
    if isinstance(value, str):
        return value in UNKNOWN_VALUES
    return isinstance(value, Duration) and not value.is_known
