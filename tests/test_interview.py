"""Whole interviews driven by keystrokes through prompt_toolkit's pipe input.

Each test sends every key up front, then closes the pipe: a missing keystroke
ends the input (the interview stops with "ended") instead of waiting forever,
and pytest-timeout bounds each test as well.
"""

from __future__ import annotations

import json
import stat
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.color_depth import ColorDepth

from screener.answers import Answers
from screener.cli import main
from screener.documents import read_answers
from screener.errors import OutputFileError
from screener.evaluation import evaluate
from screener.flow import step_key, steps_for
from screener.interview import Ending, Interview, Prompts, check_can_save
from screener.questionnaire import load_questionnaire
from screener.rules import RuleSet

from paths import RULES

QUESTIONNAIRE = load_questionnaire(RULES)
TODAY = date(2026, 11, 24)

DOWN, ENTER, SPACE, CTRL_C, CLEAR_LINE = "\x1b[B", "\r", " ", "\x03", "\x15"


def option(index: int) -> str:
    """Move down to the option at ``index`` (0-based) and choose it."""
    return DOWN * index + ENTER


def typed(text: str) -> str:
    return text + ENTER


def refused_then(bad: str, good: str) -> str:
    """Type an answer that is refused, clear the line, and type one that is accepted."""
    return typed(bad) + CLEAR_LINE + typed(good)


YES, NO = option(0), option(1)
TICK_FIRST = SPACE + ENTER

# A patient with chronic pain that 8 weeks of physiotherapy has not resolved.
PATIENT_REFERRAL = (
    NO * 19
    + refused_then("a while", "4 months")
    + option(1)  # about the same
    + NO  # not the first episode
    + refused_then("11", "6")
    + TICK_FIRST  # limits work
    + YES  # treatment tried
    + TICK_FIRST  # physiotherapy
    + typed("8")
    + option(2)  # helped a bit, then stopped helping
    + option(0)  # a slipped disc
    + TICK_FIRST  # pain below the knee
    + typed("45")
)


def interview(
    ruleset: RuleSet,
    keys: str,
    tmp_path: Path,
    answers: Answers | None = None,
    *,
    plain: bool = False,
) -> tuple[Ending, str]:
    """Run one interview on ``keys``; the ending and everything it said."""
    said: list[str] = []
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        pipe.close()
        ending = Interview(
            QUESTIONNAIRE,
            ruleset,
            answers or Answers(screening_date=TODAY),
            save_to=tmp_path / "answers.json",
            plain=plain,
            say=said.append,
            input=pipe,
            output=DummyOutput(),
        ).run()
    return ending, "\n".join(said)


Run = tuple[Ending, str]


@pytest.fixture(scope="module")
def patient_run(ruleset: RuleSet, tmp_path_factory: pytest.TempPathFactory) -> Run:
    """One patient interview, shared by the tests that read its outcome."""
    return interview(ruleset, PATIENT_REFERRAL, tmp_path_factory.mktemp("patient"))


def evaluated_by_cli(path: Path) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["evaluate", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def fired_ids(data: dict[str, Any]) -> list[str]:
    return [rule["id"] for rule in data["fired"]]


@pytest.mark.timeout(20)
def test_patient_interview_reaches_a_result(ruleset: RuleSet, patient_run: Run) -> None:
    """A full patient interview, with refused answers retyped, ends in the expected result."""
    ending, said = patient_run
    assert ending.status == "finished"
    assert ending.answers.duration.amount == 4
    assert ending.answers.pain_now == 6
    assert evaluate(ending.answers, ruleset).disposition == "specialist_referral"
    assert "Result: Ask for a referral to a spine specialist" in said


@pytest.mark.timeout(20)
def test_patient_result_says_why_what_next_and_what_to_watch_for(patient_run: Run) -> None:
    """The result on screen has the headline, the reason, the next step and the safety net."""
    ending, said = patient_run
    assert "Why:" in said
    assert "Book a routine appointment" in said
    assert "Get emergency help at once" in said
    assert f"saved in {ending.saved_to}" in said


@pytest.mark.timeout(20)
def test_saved_answers_give_the_same_result(ruleset: RuleSet, patient_run: Run) -> None:
    """screener evaluate on the saved file reproduces the result, and only the owner can read it."""
    ending, _ = patient_run
    assert ending.saved_to is not None
    assert stat.S_IMODE(ending.saved_to.stat().st_mode) == 0o600
    assert read_answers(str(ending.saved_to)) == ending.answers
    shown = evaluate(ending.answers, ruleset)
    assert fired_ids(evaluated_by_cli(ending.saved_to)) == [rule.id for rule in shown.fired]


@pytest.mark.timeout(20)
def test_treatment_details_skipped_when_none_tried(ruleset: RuleSet, tmp_path: Path) -> None:
    """After "no treatment", the next question is the cause."""
    keys = NO * 19 + typed("2 weeks") + option(0) + YES + typed("3") + TICK_FIRST + NO
    keys += option(2) + TICK_FIRST + typed("30")
    ending, _ = interview(ruleset, keys, tmp_path)
    assert ending.status == "finished"
    assert ending.answers.treatment.model_dump(exclude_none=True) == {"tried": "no"}
    assert ending.answers.suspected_cause == "muscle_strain_or_sprain"


@pytest.mark.timeout(20)
def test_emergency_is_said_at_once_and_the_person_may_stop(
    ruleset: RuleSet, tmp_path: Path
) -> None:
    """A yes to the first warning sign shows what to do now; stopping saves an emergency result."""
    ending, said = interview(ruleset, YES + option(0), tmp_path)
    assert ending.status == "stopped"
    notice = said.index("EMERGENCY: GET MEDICAL HELP NOW")
    assert "Go to an emergency department now" in said[notice:]
    assert said.index("Result: Emergency: get medical help now") > notice
    assert ending.answers.red_flags.model_dump(exclude_none=True) == {"bladder_change": "yes"}
    assert ending.saved_to is not None
    assert evaluated_by_cli(ending.saved_to)["disposition"] == "emergency"


@pytest.mark.timeout(20)
def test_nurse_is_told_to_arrange_emergency_care(ruleset: RuleSet, tmp_path: Path) -> None:
    """In nurse mode the emergency notice tells the nurse what to arrange for the patient."""
    nurse = Answers(screening_date=TODAY, answered_by="nurse")
    ending, said = interview(ruleset, YES + option(0), tmp_path, nurse)
    assert ending.status == "stopped"
    notice = said.index("EMERGENCY: GET MEDICAL HELP NOW")
    assert "send the patient to an emergency department" in said[notice:]


@pytest.mark.timeout(20)
def test_emergency_result_stands_when_the_person_carries_on(
    ruleset: RuleSet, tmp_path: Path
) -> None:
    """Carrying on after the emergency notice answers everything; the result stays emergency."""
    keys = YES + option(1) + PATIENT_REFERRAL.removeprefix(NO)
    ending, said = interview(ruleset, keys, tmp_path)
    assert ending.status == "finished"
    assert ending.answers.age == 45
    assert said.count("EMERGENCY: GET MEDICAL HELP NOW") == 1
    assert evaluate(ending.answers, ruleset).disposition == "emergency"


@pytest.mark.timeout(20)
def test_resumed_emergency_is_said_before_any_question(ruleset: RuleSet, tmp_path: Path) -> None:
    """Resuming answers that hold an emergency sign gives the advice before asking anything."""
    saved = Answers.model_validate(
        {"screening_date": TODAY, "red_flags": {"saddle_numbness": "yes"}}
    )
    ending, said = interview(ruleset, option(0), tmp_path, saved)
    assert ending.status == "stopped"
    assert "EMERGENCY: GET MEDICAL HELP NOW" in said
    assert ending.answers == saved


@pytest.mark.timeout(20)
def test_ctrl_c_saves_and_resume_carries_on(ruleset: RuleSet, tmp_path: Path) -> None:
    """Ctrl-C offers to save; resuming the saved file starts at the first unanswered question."""
    ending, said = interview(ruleset, NO + NO + CTRL_C + option(0), tmp_path)
    assert ending.status == "interrupted"
    assert ending.saved_to is not None
    assert f"screener interview --resume {ending.saved_to}" in said
    saved = read_answers(str(ending.saved_to))
    assert saved.red_flags.model_dump(exclude_none=True) == {
        "bladder_change": "no",
        "bowel_change": "no",
    }
    resumed, said = interview(ruleset, PATIENT_REFERRAL.removeprefix(NO * 2), tmp_path, saved)
    assert "Carrying on: 2 questions were already answered." in said
    assert resumed.status == "finished"
    assert evaluate(resumed.answers, ruleset).disposition == "specialist_referral"


@pytest.mark.timeout(20)
def test_ctrl_c_without_saving_writes_nothing(ruleset: RuleSet, tmp_path: Path) -> None:
    """Choosing not to save leaves no file at all."""
    ending, said = interview(ruleset, NO + CTRL_C + option(1), tmp_path)
    assert (ending.status, ending.saved_to) == ("interrupted", None)
    assert "Nothing was saved." in said
    assert list(tmp_path.iterdir()) == []


@pytest.mark.timeout(20)
def test_second_ctrl_c_saves(ruleset: RuleSet, tmp_path: Path) -> None:
    """Ctrl-C again at the save question keeps the answers: only an explicit no discards them."""
    ending, said = interview(ruleset, NO + CTRL_C + CTRL_C, tmp_path)
    assert ending.status == "interrupted"
    assert ending.saved_to is not None
    assert f"Your answers so far are saved in {ending.saved_to}" in said
    assert read_answers(str(ending.saved_to)).red_flags.bladder_change == "no"


@pytest.mark.timeout(20)
def test_end_of_input_keeps_the_answers_so_far(ruleset: RuleSet, tmp_path: Path) -> None:
    """When the input ends mid-interview, the answers so far are saved whole, owner-only."""
    ending, said = interview(ruleset, NO * 3, tmp_path)
    assert ending.status == "ended"
    assert ending.saved_to is not None
    assert "screener interview --resume" in said
    saved = read_answers(str(ending.saved_to))
    assert [saved.red_flags.bladder_change, saved.red_flags.saddle_numbness] == ["no", "no"]
    assert stat.S_IMODE(ending.saved_to.stat().st_mode) == 0o600
    assert [path.name for path in tmp_path.iterdir()] == ["answers.json"]


@pytest.mark.timeout(20)
def test_end_of_input_before_any_answer_writes_nothing(ruleset: RuleSet, tmp_path: Path) -> None:
    """With nothing answered there is nothing to keep, and no file appears."""
    ending, said = interview(ruleset, "", tmp_path)
    assert (ending.status, ending.saved_to) == ("ended", None)
    assert "nothing was saved" in said
    assert list(tmp_path.iterdir()) == []


# ---- Nurse mode -------------------------------------------------------------------------

N_NO, N_UNKNOWN, N_DECLINED = option(1), option(2), option(3)
TREATMENT_TRIED_ROW = [step_key(s) for s in steps_for(QUESTIONNAIRE, "nurse")].index(
    "treatment-tried"
) + 1

NURSE_INTERVIEW = (
    N_NO * 9
    + N_DECLINED  # weight loss
    + N_NO * 8
    + N_UNKNOWN  # pain between the shoulder blades
    + typed("Daughter present")  # notes on red flags
    + refused_then("2030-01-01", "14 weeks")
    + option(1)  # unchanged
    + N_NO  # first episode
    + typed("unknown")  # pain now
    + TICK_FIRST  # limits work
    + typed("")  # no notes on pain
    + YES  # treatment tried
    + SPACE
    + DOWN
    + SPACE
    + ENTER  # physiotherapy and exercise
    + typed("8")
    + option(2)  # plateaued
    + typed("")
    + option(0)  # disc herniation
    + TICK_FIRST
    + typed("")
    + typed("58")
    + typed("")  # identifier left blank (optional)
    + refused_then("1968-02-30", "1968-02-29")
    + typed("Sam Lee")
    + typed("")
    + typed("Follow up by phone")  # general notes
)


def nurse_answers() -> Answers:
    return Answers(screening_date=TODAY, answered_by="nurse")


@pytest.fixture(scope="module")
def nurse_run(ruleset: RuleSet, tmp_path_factory: pytest.TempPathFactory) -> Run:
    """One nurse interview finished at the first review, shared by the tests that read it."""
    folder = tmp_path_factory.mktemp("nurse")
    return interview(ruleset, NURSE_INTERVIEW + typed(""), folder, nurse_answers())


@pytest.mark.timeout(20)
def test_nurse_interview_records_unknowns_declines_notes_and_details(nurse_run: Run) -> None:
    """Nurse mode records why answers are missing, the notes and the interview details."""
    ending, _ = nurse_run
    answers = ending.answers
    assert ending.status == "finished"
    assert answers.answered_by == "nurse"
    assert answers.no_answer == {"red_flags.weight_loss": "declined", "pain_now": "unknown"}
    assert answers.red_flags.pain_between_shoulder_blades == "unknown"
    assert answers.notes == {"red_flags": "Daughter present", "general": "Follow up by phone"}
    assert (answers.interviewer, answers.patient.identifier) == ("Sam Lee", None)
    assert answers.patient.date_of_birth == date(1968, 2, 29)
    assert answers.treatment.kinds == ["physical_therapy", "exercise_programme"]


@pytest.mark.timeout(20)
def test_nurse_answers_file_gives_the_same_result(nurse_run: Run) -> None:
    """screener evaluate on the nurse's saved file gives the result shown on screen."""
    ending, said = nurse_run
    assert ending.saved_to is not None
    data = evaluated_by_cli(ending.saved_to)
    assert data["disposition"] == "specialist_referral"
    assert "Result: Ask for a referral to a spine specialist" in said
    assert [gap["reason"] for gap in data["unanswered_safety_questions"]] == [
        "declined",
        "unknown",
    ]


@pytest.mark.timeout(20)
def test_review_lists_every_answer(nurse_run: Run) -> None:
    """The review screen lists each answer in words, with the notes."""
    _, said = nurse_run
    review = said[said.index("Review:") :]
    assert " 10. Weight loss without trying: Declined to answer" in review
    assert "How long the pain has lasted: 14 weeks" in review
    assert "Pain right now, 0 to 10: Unknown" in review
    assert "Patient name or identifier: not answered" in review
    assert "Notes on red flags: Daughter present" in review


@pytest.mark.timeout(20)
def test_review_change_reapplies_skip_logic(ruleset: RuleSet, tmp_path: Path) -> None:
    """Changing 'treatment tried' to no in the review drops the details and changes the result."""
    keys = NURSE_INTERVIEW + typed(str(TREATMENT_TRIED_ROW)) + N_NO + typed("")
    ending, said = interview(ruleset, keys, tmp_path, nurse_answers())
    assert ending.status == "finished"
    assert said.count("Review:") == 2
    assert ending.answers.treatment.model_dump(exclude_none=True) == {"tried": "no"}
    assert evaluate(ending.answers, ruleset).disposition == "conservative_care"


@pytest.mark.timeout(20)
def test_review_change_asks_questions_that_now_apply(
    ruleset: RuleSet, tmp_path: Path, answers_with: Any
) -> None:
    """Changing 'treatment tried' to yes asks the treatment details before finishing."""
    complete = answers_with(
        {
            "answered_by": "nurse",
            "interviewer": "Sam Lee",
            "patient": {"identifier": "A-1", "date_of_birth": "1970-01-01"},
            "notes": {"general": "none"},
        }
    )
    keys = typed(str(TREATMENT_TRIED_ROW)) + YES + TICK_FIRST + typed("7") + option(4)
    ending, said = interview(ruleset, keys + typed(""), tmp_path, complete)
    assert ending.status == "finished"
    assert said.count("Review:") == 2
    assert ending.answers.treatment.model_dump(exclude_none=True) == {
        "tried": "yes",
        "kinds": ["physical_therapy"],
        "weeks": 7.0,
        "outcome": "worse",
    }


# ---- Plain mode and the command ---------------------------------------------------------


@pytest.mark.timeout(20)
def test_plain_mode_takes_numbers(ruleset: RuleSet, tmp_path: Path) -> None:
    """--plain lists numbered choices, refuses a number out of range, and reads the rest."""
    keys = typed("9") + typed("2") + typed("2") * 18 + typed("6 weeks") + typed("1")
    keys += typed("1") + typed("3") + typed("1 3") + typed("2") + typed("3") + typed("5")
    keys += typed("30")
    ending, said = interview(ruleset, keys, tmp_path, plain=True)
    assert ending.status == "finished"
    assert "  1. Yes\n  2. No\n  3. I don't know" in said
    assert "Please type a number from 1 to 3." in said
    assert ending.answers.limits == ["work", "walking"]
    assert ending.answers.red_flags.bladder_change == "no"


def test_plain_mode_has_no_colour() -> None:
    """--plain draws prompts in one colour and without the question mark."""
    prompts = Prompts(print, plain=True)
    assert prompts.options == {"color_depth": ColorDepth.DEPTH_1_BIT, "qmark": ""}


def test_interview_needs_a_terminal() -> None:
    """Without a terminal, the command points to screener evaluate and exits 2."""
    result = CliRunner().invoke(main, ["interview"], input="")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: screener interview asks its questions on a terminal")
    assert "screener evaluate FILE" in result.stderr


def test_existing_file_is_not_replaced_without_force(tmp_path: Path) -> None:
    """An existing output file is refused before the first question, unless replacing it."""
    path = tmp_path / "answers.json"
    path.write_text("{}")
    with pytest.raises(OutputFileError, match="the file exists; use --force"):
        check_can_save(path, replace=False)
    check_can_save(path, replace=True)


def test_missing_folder_is_refused_up_front(tmp_path: Path) -> None:
    """A folder that does not exist is refused before the first question."""
    with pytest.raises(OutputFileError, match="cannot save the answers in folder"):
        check_can_save(tmp_path / "nowhere" / "answers.json", replace=False)
