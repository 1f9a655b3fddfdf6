"""The interactive interview: questions on a terminal, then the result and a saved file.

This is the only module that imports questionary (and so prompt_toolkit). It
shows what :mod:`screener.flow` decides: which question comes next, what a
typed answer means, and what to drop when an answer changes. Every prompt
takes the same keyword options, so tests can pass ``input=`` and ``output=``.

Every prompt is asked with ``unsafe_ask``, so Ctrl-C is a ``KeyboardInterrupt``
and never an answer of ``None``; :meth:`Interview.run` is the one place that
turns it into a decision (save the interview so far, or not).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import questionary
from prompt_toolkit.output.color_depth import ColorDepth

from screener.answers import Answers
from screener.dispositions import Disposition
from screener.documents import answers_json, read_answers, write_private
from screener.errors import NoTerminalError, OutputFileError
from screener.evaluation import FiredRule, Result, evaluate
from screener.fields import catalogue
from screener.flow import (
    NURSE_TYPED_HINT,
    InvalidAnswer,
    NoteStep,
    Reply,
    Step,
    choices_for,
    combine,
    describe,
    is_put,
    new_emergencies,
    next_step,
    note_title,
    parse_typed,
    pick,
    pick_many,
    record,
    record_note,
    review_steps,
    step_key,
    steps_for,
)
from screener.questionnaire import TYPED, Mode, Question, Questionnaire, load_questionnaire
from screener.result_text import render_result
from screener.rules import RuleSet, load_ruleset

if TYPE_CHECKING:  # the report module (Jinja2, WeasyPrint) loads only when a report is wanted
    from screener.report import Format, Kind

T = TypeVar("T")
Say = Callable[[str], None]
WIDTH = 78

INTRO: dict[Mode, str] = {
    "patient": (
        "Back pain screening\n\n"
        "This asks about your back pain, then tells you what to do next. It is a screening "
        "aid, not a diagnosis. If you feel very unwell, stop and call your local emergency "
        "number now. Press Ctrl-C at any time to stop: you can save your answers and carry "
        "on later."
    ),
    "nurse": (
        "Back pain screening: nurse-guided interview\n\n"
        "Read each question to the patient. Every question also takes Unknown or Declined "
        "to answer. Warning signs come first. You can review and change every answer before "
        "finishing. Ctrl-C stops and offers to save the interview so far."
    ),
}
REPORT_OFFER: dict[Mode, tuple[str, tuple[Kind, ...]]] = {
    "patient": (
        "Would you like a report to keep? It explains your result, back pain and its causes, "
        "and what minimally invasive spine surgery is.",
        ("patient",),
    ),
    "nurse": ("Write the clinician summary and the patient's report?", ("clinician", "patient")),
}
REPORT_FORMATS: tuple[tuple[str, Format], ...] = (
    ("Yes, as a PDF to print", "pdf"),
    ("Yes, as a web page (HTML)", "html"),
)
SAY: Say = partial(print, flush=True)
STOP_NOW = "Stop now and see what to do"
CARRY_ON = 'Carry on with the questions (the result stays "emergency")'


def _say_wrapped(say: Say, text: str, indent: str = "") -> None:
    for paragraph in text.split("\n"):
        say(textwrap.fill(paragraph, WIDTH, initial_indent=indent, subsequent_indent=indent))


def _validator(parse: Callable[[Any], object]) -> Callable[[Any], bool | str]:
    """questionary's ``validate=``: True, or the message saying what is expected."""

    def validate(raw: Any) -> bool | str:
        try:
            parse(raw)
        except InvalidAnswer as exc:
            return str(exc)
        return True

    return validate


class Prompts:
    """How questions appear: arrow-key menus, or in plain mode numbered lists read as text."""

    def __init__(self, say: Say, *, plain: bool, **options: Any) -> None:
        self.say = say
        self.plain = plain
        self.options = dict(options)
        if plain:
            self.options.setdefault("color_depth", ColorDepth.DEPTH_1_BIT)
            self.options["qmark"] = ""

    @staticmethod
    def _fit(message: str) -> str:
        """The message wrapped at spaces; the terminal itself would break lines mid-word."""
        columns = min(shutil.get_terminal_size().columns, WIDTH + 2)
        return textwrap.fill(message, columns - 3)

    def type(self, message: str, parse: Callable[[str], T]) -> T:
        """Typed text, parsed; nonsense is refused with a message and asked again."""
        message = self._fit(message)
        if not self.plain:
            text = questionary.text(
                message, validate=_validator(parse), **self.options
            ).unsafe_ask()
            return parse(text)
        while True:
            text = questionary.text(message, **self.options).unsafe_ask()
            try:
                return parse(text)
            except InvalidAnswer as exc:
                self.say(str(exc))

    def _numbered(self, message: str, labels: Sequence[str]) -> None:
        self.say("")
        _say_wrapped(self.say, message)
        for number, label in enumerate(labels, 1):
            self.say(f"  {number}. {label}")

    def choose(self, message: str, labels: Sequence[str]) -> int:
        """The index of one choice."""
        if self.plain:
            self._numbered(message, labels)
            return self.type(
                f"Type a number from 1 to {len(labels)}:", lambda text: pick(text, len(labels))
            )
        choices = [questionary.Choice(label, value=index) for index, label in enumerate(labels)]
        index: int = questionary.select(
            self._fit(message), choices=choices, **self.options
        ).unsafe_ask()
        return index

    def choose_many(
        self, message: str, labels: Sequence[str], parse: Callable[[list[int]], T]
    ) -> T:
        """Several choices, turned into one answer by ``parse``."""
        if self.plain:
            self._numbered(message, labels)
            return self.type(
                "Type the numbers of all that apply, like: 1 3",
                lambda text: parse(pick_many(text, len(labels))),
            )
        choices = [questionary.Choice(label, value=index) for index, label in enumerate(labels)]
        picked: list[int] = questionary.checkbox(
            self._fit(message), choices=choices, validate=_validator(parse), **self.options
        ).unsafe_ask()
        return parse(picked)


@dataclass(frozen=True)
class Ending:
    """How an interview ended, the answers it holds, and where they were saved."""

    status: Literal["finished", "stopped", "interrupted", "ended"]
    answers: Answers
    saved_to: Path | None

    @property
    def finished(self) -> bool:
        """True when the interview reached a result (all asked, or stopped at an emergency)."""
        return self.status in ("finished", "stopped")


class Interview:
    """One interview in one mode, from the first unanswered question to the saved result."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        ruleset: RuleSet,
        answers: Answers,
        *,
        save_to: Path,
        plain: bool = False,
        say: Say = SAY,
        **prompt_options: Any,
    ) -> None:
        self.questionnaire = questionnaire
        self.ruleset = ruleset
        self.answers = answers
        self.mode: Mode = answers.answered_by
        self.save_to = save_to
        self.say = say
        self.ask = Prompts(say, plain=plain, **prompt_options)
        self.steps = steps_for(questionnaire, self.mode)
        self.done: set[str] = set()
        self.announced: set[str] = set()
        self.section: str | None = None

    def run(self) -> Ending:
        """Ask, then show and save the result. Ctrl-C and end of input are handled here."""
        _say_wrapped(self.say, INTRO[self.mode])
        answered = self._answered()
        if answered:
            self.say(f"\nCarrying on: {answered} questions were already answered.")
        try:
            stopped = self._ask_all()
        except KeyboardInterrupt:
            return self._interrupted()
        except (EOFError, HungUp):
            # The input ended or the terminal closed: keep what was answered, whole.
            return self._save_so_far("ended", "\nThe input ended before the interview finished.")
        return self._finish("stopped" if stopped else "finished")

    def _answered(self) -> int:
        return sum(isinstance(s, Question) and is_put(s, self.answers) for s in self.steps)

    def _ask_all(self) -> bool:
        """Ask every step; True when the person stopped after an emergency.

        The emergency check comes before every step, so a resumed interview that
        already holds an emergency answer says what to do before asking anything.
        """
        while not self._emergency():
            step = next_step(self.steps, self.answers, self.done)
            if step is None and self.mode == "nurse":
                step = self._review()
            if step is None:
                return False
            self._put(step)
        return True

    def _put(self, step: Step) -> None:
        if isinstance(step, NoteStep):
            title = note_title(self.questionnaire, step.section)
            text = self.ask.type(f"Notes on {title.lower()} (optional, Enter to skip):", str)
            self.answers = record_note(self.answers, step.section, text)
        else:
            self._announce(step)
            reply = self._reply(step)
            self.answers = record(self.answers, step, reply, self.questionnaire.questions)
        self.done.add(step_key(step))

    def _announce(self, question: Question) -> None:
        """A heading (and the section's introduction) when a new section begins."""
        if question.section == self.section:
            return
        self.section = question.section
        section = next(s for s in self.questionnaire.sections if s.id == question.section)
        self.say(f"\n{section.title.for_mode(self.mode)}\n")
        if section.intro is not None:
            _say_wrapped(self.say, section.intro.for_mode(self.mode))
            self.say("")

    def _reply(self, question: Question) -> Reply:
        text = question.text.for_mode(self.mode)
        if is_put(question, self.answers):
            self.say(f"Current answer: {self._describe(question)}")
        if question.help is not None:
            _say_wrapped(self.say, question.help.for_mode(self.mode), "  ")
        if question.type in TYPED:
            if self.mode == "nurse":
                self.say(f"  {NURSE_TYPED_HINT}")
            today = self.answers.screening_date
            return self.ask.type(text, lambda typed: parse_typed(question, typed, self.mode, today))
        choices = choices_for(self.questionnaire, question, self.mode)
        labels = [choice.label for choice in choices]
        if question.type == "multiple_choice":
            return self.ask.choose_many(
                text, labels, lambda picked: combine([choices[i] for i in picked])
            )
        return choices[self.ask.choose(text, labels)].reply

    def _describe(self, question: Question) -> str:
        return describe(self.questionnaire, question, self.answers, self.mode)

    def _emergency(self) -> bool:
        """Say what to do at once when an emergency rule fires; True if the person stops."""
        fired = new_emergencies(self.answers, self.ruleset, self.announced)
        if not fired:
            return False
        self.announced.update(rule.id for rule in fired)
        self.say(emergency_notice(fired, self.mode))
        return self.ask.choose("What would you like to do?", [STOP_NOW, CARRY_ON]) == 0

    def _review(self) -> Step | None:
        """List every answer; the step to change, or ``None`` to finish."""
        rows = review_steps(self.steps, self.answers)
        self.say("\nReview: check the answers with the patient before finishing.\n")
        for number, step in enumerate(rows, 1):
            self.say(
                textwrap.fill(f"{number:>3}. {self._row(step)}", WIDTH, subsequent_indent=" " * 5)
            )
        chosen = self.ask.type(
            "Type a number to change that answer, or press Enter to finish:",
            lambda text: pick(text, len(rows)) if text.strip() else None,
        )
        return None if chosen is None else rows[chosen]

    def _row(self, step: Step) -> str:
        if isinstance(step, NoteStep):
            title = note_title(self.questionnaire, step.section)
            return f"Notes on {title.lower()}: {self.answers.notes.get(step.section, '(none)')}"
        return f"{catalogue()[step.field].title}: {self._describe(step)}"

    def _interrupted(self) -> Ending:
        self.say("\nThe interview was stopped.")
        try:
            keep = self.ask.choose(
                "Save your answers so far, so you can carry on later?",
                ["Yes, save them", "No, do not save them"],
            )
        except (KeyboardInterrupt, EOFError, HungUp):
            keep = 0  # Only an explicit "no" discards an interview under way.
        if keep != 0:
            self.say("Nothing was saved.")
            return Ending("interrupted", self.answers, None)
        return self._save_so_far("interrupted")

    def _save_so_far(self, status: Literal["interrupted", "ended"], why: str = "") -> Ending:
        """Save the answers given so far (atomically, so never half a file), and say where."""
        with contextlib.suppress(OSError):  # the terminal may already be gone
            if why:
                self.say(why)
        if not self._answered():
            with contextlib.suppress(OSError):
                self.say("No question had been answered, so nothing was saved.")
            return Ending(status, self.answers, None)
        write_private(self.save_to, answers_json(self.answers))
        with contextlib.suppress(OSError):
            self.say(f"Your answers so far are saved in {self.save_to}")
            self.say(f"To carry on later, run: screener interview --resume {self.save_to}")
        return Ending(status, self.answers, self.save_to)

    def _finish(self, status: Literal["finished", "stopped"]) -> Ending:
        result = evaluate(self.answers, self.ruleset)
        self.say("")
        self.say(render_result(result, WIDTH))
        write_private(self.save_to, answers_json(self.answers))
        self.say(f"Your answers are saved in {self.save_to}")
        self.say(f"To see this result again, run: screener evaluate {self.save_to}")
        self._offer_reports(result)
        return Ending(status, self.answers, self.save_to)

    def _offer_reports(self, result: Result) -> None:
        """Offer the reports once the answers are safe on disk; Ctrl-C or end of input skips."""
        question, kinds = REPORT_OFFER[self.mode]
        labels = [label for label, _ in REPORT_FORMATS]
        try:
            choice = self.ask.choose(question, [*labels, "No, thank you"])
        except (KeyboardInterrupt, EOFError):
            return
        if choice == len(REPORT_FORMATS):
            return
        from screener.report import write_report  # Jinja2 and WeasyPrint only when asked for

        fmt = REPORT_FORMATS[choice][1]
        for kind in kinds:
            path = self.save_to.with_name(f"{self.save_to.stem}-{kind}.{fmt}")
            try:
                write_report(self.answers, result, kind, fmt, path)
            except OutputFileError as exc:
                self.say(str(exc))
            else:
                self.say(f"The {kind} report is in {path}")


EMERGENCY_STEP: dict[Mode, str] = {
    "patient": Disposition.EMERGENCY.next_step,
    "nurse": (
        "Arrange emergency assessment now: send the patient to an emergency department, or call "
        "emergency services. Do not wait to see if it settles."
    ),
}


def emergency_notice(fired: Sequence[FiredRule], mode: Mode = "patient") -> str:
    """What to do now, said plainly to the person at the keyboard, and which answer it is about."""
    bar = "!" * WIDTH
    lines = [
        "",
        bar,
        Disposition.EMERGENCY.headline.upper(),
        "",
        textwrap.fill(EMERGENCY_STEP[mode], WIDTH),
        "",
        "This is because of:",
        *[f"- {rule.title}" for rule in fired],
        "",
        'The result is "emergency" whatever else is answered.',
        bar,
        "",
    ]
    return "\n".join(lines)


# ---- Starting from the command line -----------------------------------------------------


def require_terminal() -> None:
    """Refuse to start unless a person is at a terminal to answer."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise NoTerminalError(
            "screener interview asks its questions on a terminal, and standard input or output "
            "is not one. To screen answers you already have in a file, run: "
            "screener evaluate FILE (or screener evaluate - to read standard input)."
        )


def default_path(now: datetime) -> Path:
    """A new answers file in the current folder, named for when the interview began."""
    return Path(f"screening-{now:%Y-%m-%d-%H%M%S}.json")


def check_can_save(path: Path, *, replace: bool) -> None:
    """Fail before the first question, not after the last, if the answers cannot be saved."""
    if path.exists() and not replace:
        raise OutputFileError(f"{path}: the file exists; use --force to replace it.")
    folder = path.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise OutputFileError(f"{path}: cannot save the answers in folder '{folder}'.")


class HungUp(SystemExit):
    """The terminal was closed. A SystemExit, so that it leaves prompt_toolkit's event loop."""


def _hang_up(signum: int, frame: FrameType | None) -> None:
    """A closed terminal ends the interview; the answers so far are saved whole."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # let the save finish
    raise HungUp(128 + signum)


def start(
    *,
    nurse: bool,
    resume: Path | None,
    output: Path | None,
    force: bool,
    plain: bool,
    rules_dir: str | None,
) -> Ending:
    """Run ``screener interview`` on this terminal."""
    require_terminal()
    ruleset = load_ruleset(rules_dir)
    questionnaire = load_questionnaire(rules_dir)
    previous = read_answers(str(resume)) if resume is not None else Answers()
    mode: Mode = "nurse" if nurse or previous.answered_by == "nurse" else "patient"
    save_to = output or resume or default_path(datetime.now())
    check_can_save(save_to, replace=force or save_to == resume)
    signal.signal(signal.SIGHUP, _hang_up)
    answers = previous.model_copy(update={"answered_by": mode})
    return Interview(questionnaire, ruleset, answers, save_to=save_to, plain=plain).run()
