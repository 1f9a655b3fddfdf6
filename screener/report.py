"""The patient education report and the clinician summary.

A :class:`Report` is built from the answers and the result by a pure function,
:func:`build_report`; the templates in ``reports/`` only lay it out. The words
a patient reads (what each result means, the education topics, the causes)
live in ``reports/content.yaml``, not here.

Formats: terminal text, Markdown and self-contained HTML come from Jinja2
templates with undefined variables made errors; HTML is autoescaped and every
value printed into Markdown or text is neutralised, so a name or a note can
never add markup, terminal codes or template syntax. PDF is the HTML printed by
WeasyPrint, which is imported only when a PDF is asked for.

This is the only module that imports Jinja2 or WeasyPrint.
"""

from __future__ import annotations

import operator
import os
import re
import shutil
import textwrap
from collections.abc import Callable
from datetime import date
from enum import Enum
from fnmatch import fnmatchcase
from functools import cache
from pathlib import Path
from typing import Any, Literal, TextIO

import jinja2
import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from screener.answers import Answers, Cause, NoteSection
from screener.dispositions import SAFETY_NET, Disposition
from screener.documents import write_private
from screener.duration import DAYS_PER_UNIT, amount_text, longer_than, pain_days
from screener.errors import ReportError
from screener.evaluation import Result
from screener.fields import FieldSpec, catalogue, safety_questions
from screener.resources import data_dir

Kind = Literal["patient", "clinician"]
TextFormat = Literal["text", "md", "html"]
Format = Literal[TextFormat, "pdf"]
PageSize = Literal["a4", "letter"]
StageName = Literal["acute", "subacute", "chronic", "unknown"]
FlagState = Literal["yes", "unknown", "not_answered", "declined", "no"]

CONTENT = "content.yaml"
SUFFIXES: dict[str, str] = {"text": "txt", "md": "md", "html": "html"}
PAGE_SIZES: dict[str, str] = {"a4": "A4", "letter": "letter"}

PLACED_TOPICS = ("emergency_signs", "back_pain_basics", "acute_and_chronic", "causes", "miss")
"""Topics every patient report shows in a fixed place, whatever the rules asked for."""

HEADER_FIELDS = frozenset(
    {
        "schema_version",
        "screening_date",
        "answered_by",
        "interviewer",
        "patient.identifier",
        "patient.date_of_birth",
    }
)
"""Fields shown in a report's header rather than in the list of answers."""

FLAG_ORDER: tuple[FlagState, ...] = ("yes", "unknown", "not_answered", "declined", "no")
"""Warning-sign answers grouped most worrying first: a clinician reads the top line."""

TIMELINE_DAYS = 365.25
"""The timeline runs from the start of the pain to one year."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- The words, read from reports/content.yaml ---------------------------------------------


class Topic(_Model):
    """A piece of education: a title, paragraphs, a list of points, and sub-topics."""

    title: str
    paragraphs: list[str] = Field(default_factory=list)
    points: list[str] = Field(default_factory=list)
    closing: list[str] = Field(default_factory=list)
    parts: list[Topic] = Field(default_factory=list)


class Paragraph(_Model):
    """A paragraph that is true only for some of the ways a result can be reached.

    Each entry names rule ids; a trailing ``*`` matches every id that starts the same
    way (``unknown-*`` is every rule about a warning sign that could not be ruled out).
    """

    text: str
    if_fired: list[str] = Field(default_factory=list)
    """Shown only when at least one of these rules fired."""
    unless_fired: list[str] = Field(default_factory=list)
    """Not shown when any of these rules fired."""

    @model_validator(mode="after")
    def _has_a_condition(self) -> Paragraph:
        if not self.if_fired and not self.unless_fired:
            raise ValueError("a paragraph with no condition is written as plain text")
        return self

    @property
    def patterns(self) -> list[str]:
        return self.if_fired + self.unless_fired

    def applies(self, fired: list[str]) -> bool:
        """Whether the paragraph is true, given the ids of the rules that fired."""

        def any_fired(patterns: list[str]) -> bool:
            return any(fnmatchcase(rule, pattern) for rule in fired for pattern in patterns)

        wanted = not self.if_fired or any_fired(self.if_fired)
        return wanted and not any_fired(self.unless_fired)


class DispositionText(_Model):
    """What a result means for the person, and how soon to act on it.

    A plain paragraph is true however the result was reached; a :class:`Paragraph` is
    shown only when the rules that fired make it true.
    """

    how_soon: str
    paragraphs: list[str | Paragraph]

    def about(self, fired: list[str]) -> list[str]:
        """The paragraphs that are true when the rules with these ids fired, in order."""
        return [
            item if isinstance(item, str) else item.text
            for item in self.paragraphs
            if isinstance(item, str) or item.applies(fired)
        ]


class Stage(_Model):
    """Where the pain sits against the 3-month line."""

    label: str
    sentence: str


class ClinicianText(_Model):
    """Words only the clinician summary shows."""

    safety_net: Topic
    """What the patient should do if things get worse, for the clinician to pass on."""


class Content(_Model):
    """Everything a report says that is not an answer or a rule."""

    dispositions: dict[Disposition, DispositionText]
    topics: dict[str, Topic]
    causes: dict[Cause, Topic]
    stages: dict[StageName, Stage]
    labels: dict[str, str]
    clinician: ClinicianText
    note_sections: dict[NoteSection, str]


@cache
def load_content(folder: Path | None = None) -> Content:
    """The report words in ``folder`` (the shipped ``reports/`` by default)."""
    path = (folder or data_dir("reports")) / CONTENT
    return Content.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


# --- The report model ----------------------------------------------------------------------


class RuleLine(_Model):
    id: str
    disposition: Disposition
    title: str
    rationale: str
    source: str
    source_number: int
    """The source's place in :attr:`Report.sources`, so a dense page can cite it by number."""


class AnswerLine(_Model):
    field: str
    question: str
    answer: str


class FlagGroup(_Model):
    """The warning-sign questions that got one kind of answer."""

    state: FlagState
    answer: str
    questions: list[str]


class Tick(_Model):
    label: str
    at: float


class Timeline(_Model):
    """The pain's length on a one-year line; positions run from 0 to 1."""

    marker: float
    line: float
    beyond: bool
    anchor: Literal["start", "middle", "end"]
    ticks: list[Tick]


class Note(_Model):
    section: str
    text: str


class Report(_Model):
    """Everything either document shows, in words ready to print."""

    patient_identifier: str | None
    date_of_birth: str | None
    screening_date: str
    answered_by: str
    interviewer: str | None
    disposition: Disposition
    headline: str
    next_step: str
    how_soon: str
    about_result: list[str]
    rules: list[RuleLine]
    sources: list[str]
    unanswered_safety: list[str]
    missing: list[str]
    emergency: Topic
    next_step_topics: list[Topic]
    basics: list[Topic]
    duration: str
    stage: Stage
    timeline: Timeline | None
    causes: Topic
    cause: Topic
    cause_label: str
    miss: Topic
    answers: list[AnswerLine]
    flags: list[FlagGroup]
    notes: list[Note]
    disclaimer: Topic
    safety_net: str
    clinician_safety_net: Topic
    ruleset_name: str
    ruleset_version: str
    ruleset_hash: str
    screener_version: str


def _date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _duration_words(answers: Answers, labels: dict[str, str]) -> str:
    duration = answers.duration
    if duration.onset_date is not None:
        days = (answers.screening_date - duration.onset_date).days
        return f"{days} days (since {_date(duration.onset_date)})"
    if duration.amount is not None and duration.unit is not None:
        return amount_text(duration.amount, duration.unit)
    return labels["not_answered"].lower()


def _stage(answers: Answers) -> StageName:
    duration = answers.duration
    span = (duration.amount, duration.unit, duration.onset_date, answers.screening_date)
    chronic = longer_than(*span, 3, "months")
    if chronic is None:
        return "unknown"
    if chronic:
        return "chronic"
    return "subacute" if longer_than(*span, 4, "weeks") else "acute"


def _timeline(answers: Answers, stage: StageName) -> Timeline | None:
    duration = answers.duration
    days = pain_days(duration.amount, duration.unit, duration.onset_date, answers.screening_date)
    if days is None:
        return None
    line = float(3 * DAYS_PER_UNIT["months"]) / TIMELINE_DAYS
    marker = min(days / TIMELINE_DAYS, 1.0)
    # Calendar months and day counts can differ by a day at the line; the picture must say
    # what the words say, so the marker never crosses the line against the classification.
    marker = max(marker, line + 0.01) if stage == "chronic" else min(marker, line)
    anchor: Literal["start", "middle", "end"] = (
        "start" if marker < 0.1 else "end" if marker > 0.9 else "middle"
    )
    ticks = [Tick(label="Start", at=0), Tick(label="3 months", at=line)]
    ticks += [Tick(label="6 months", at=2 * line), Tick(label="1 year", at=1)]
    return Timeline(
        marker=round(marker, 4),
        line=round(line, 4),
        beyond=days > TIMELINE_DAYS,
        anchor=anchor,
        ticks=ticks,
    )


def _why_missing(path: str, answers: Answers) -> FlagState:
    """Why a field has no value: the person did not know, declined, or was not asked."""
    reason = answers.no_answer.get(path)
    return "not_answered" if reason is None else reason


def _answer_text(spec: FieldSpec, answers: Answers, content: Content) -> str:
    labels = content.labels
    value = operator.attrgetter(spec.path)(answers)
    if value is None:
        return labels[_why_missing(spec.path, answers)]
    if spec.kind == "duration":
        return _duration_words(answers, labels) if value.is_known else labels["not_answered"]
    if spec.kind == "choice":
        return labels[value]
    if spec.kind == "multichoice":
        return "; ".join(labels[item] for item in value) or labels["none_of_these"]
    if spec.kind == "number":
        return f"{value:g}"
    return _date(value) if isinstance(value, date) else str(value)


def _listed(spec: FieldSpec, answers: Answers) -> bool:
    """Whether an answer belongs in the list: not a header field, not a warning sign, and
    not a treatment detail left blank because no treatment was tried."""
    if spec.path in HEADER_FIELDS or spec.is_safety_question:
        return False
    if spec.path.startswith("treatment.") and spec.path != "treatment.tried":
        return (
            answers.treatment.tried == "yes" or operator.attrgetter(spec.path)(answers) is not None
        )
    return True


def _flag_groups(answers: Answers, labels: dict[str, str]) -> list[FlagGroup]:
    by_state: dict[FlagState, list[str]] = {state: [] for state in FLAG_ORDER}
    for spec in safety_questions():
        value = operator.attrgetter(spec.path)(answers)
        if value is None:
            by_state[_why_missing(spec.path, answers)].append(spec.title)
        else:
            by_state[value].append(spec.title)
    return [
        FlagGroup(state=state, answer=labels[state], questions=questions)
        for state, questions in by_state.items()
        if questions
    ]


def _topic(content: Content, slug: str) -> Topic:
    try:
        return content.topics[slug]
    except KeyError:
        raise ReportError(
            f"the rule set asks for the education topic '{slug}', which reports/{CONTENT} "
            f"does not describe; add it under 'topics'."
        ) from None


def build_report(answers: Answers, result: Result, content: Content | None = None) -> Report:
    """Everything the two documents show, from one person's answers and their result."""
    content = content or load_content()
    labels = content.labels
    disposition = Disposition(result.disposition)
    stage = _stage(answers)
    duration = _duration_words(answers, labels)
    cause = answers.suspected_cause
    fields = [spec for spec in catalogue().values() if _listed(spec, answers)]
    sources = list(dict.fromkeys(rule.source for rule in result.fired))
    return Report(
        patient_identifier=answers.patient.identifier,
        date_of_birth=_date(answers.patient.date_of_birth)
        if answers.patient.date_of_birth
        else None,
        screening_date=_date(answers.screening_date),
        answered_by=labels[answers.answered_by],
        interviewer=answers.interviewer,
        disposition=disposition,
        headline=disposition.headline,
        next_step=disposition.next_step,
        how_soon=content.dispositions[disposition].how_soon,
        about_result=content.dispositions[disposition].about([rule.id for rule in result.fired]),
        rules=[
            RuleLine(
                id=rule.id,
                disposition=rule.disposition,
                title=rule.title,
                rationale=rule.rationale,
                source=rule.source,
                source_number=sources.index(rule.source) + 1,
            )
            for rule in result.fired
        ],
        sources=sources,
        unanswered_safety=[gap.question for gap in result.unanswered_safety_questions],
        missing=[gap.question for gap in result.missing_information],
        emergency=_topic(content, "emergency_signs"),
        next_step_topics=[
            _topic(content, slug) for slug in result.education if slug not in PLACED_TOPICS
        ],
        basics=[_topic(content, "back_pain_basics"), _topic(content, "acute_and_chronic")],
        duration=duration,
        stage=Stage(
            label=content.stages[stage].label,
            sentence=content.stages[stage].sentence.replace("{duration}", duration),
        ),
        timeline=_timeline(answers, stage),
        causes=_topic(content, "causes"),
        cause=content.causes[cause or "not_sure"],
        cause_label=labels[cause] if cause else labels["not_answered"],
        miss=_topic(content, "miss"),
        answers=[
            AnswerLine(
                field=spec.path, question=spec.title, answer=_answer_text(spec, answers, content)
            )
            for spec in fields
        ],
        flags=_flag_groups(answers, labels),
        notes=[
            Note(section=content.note_sections[section], text=text)
            for section, text in answers.notes.items()
        ],
        disclaimer=_topic(content, "disclaimer"),
        safety_net=SAFETY_NET,
        clinician_safety_net=content.clinician.safety_net,
        ruleset_name=result.ruleset_name,
        ruleset_version=result.ruleset_version,
        ruleset_hash=result.ruleset_hash,
        screener_version=result.screener_version,
    )


# --- Rendering -----------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|&~])")
_MARKDOWN_LIST_START = re.compile(r"^(\d*)([-+.)])(?=\s|$)")
_BLANK_LINES = re.compile(r"\n{3,}")
_ANSI = {Disposition.EMERGENCY.value: "1;31", Disposition.URGENT.value: "1;33"}


def _plain(text: str) -> str:
    """Text without terminal control codes, so a note cannot move the cursor or recolour."""
    return _CONTROL.sub("", text)


def _markdown(text: str) -> str:
    """Text that Markdown shows as it is, on one line: no markup, no raw HTML, no list."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(_plain(text).split()))
    return _MARKDOWN_LIST_START.sub(r"\1\\\2", text)


def _map_text(value: Any, change: Callable[[str], str]) -> Any:
    if isinstance(value, Enum):
        return value
    if isinstance(value, str):
        return change(value)
    if isinstance(value, list):
        return [_map_text(item, change) for item in value]
    if isinstance(value, dict):
        return {key: _map_text(item, change) for key, item in value.items()}
    return value


def _neutralised(report: Report, fmt: str) -> Report:
    """The report with every string made inert for ``fmt``, before any template sees it.

    HTML needs nothing here: Jinja2 autoescapes it.
    """
    change = {"text": _plain, "md": _markdown}.get(fmt)
    if change is None:
        return report
    return Report.model_validate(_map_text(report.model_dump(), change))


@jinja2.pass_context
def _wrap(context: jinja2.runtime.Context, text: str, first: str = "", rest: str = "") -> str:
    """Fill ``text`` to the width asked for, after ``first`` and then ``rest`` (text format)."""
    return textwrap.fill(
        " ".join(text.split()),
        width=context["width"],
        initial_indent=first,
        subsequent_indent=rest or " " * len(first),
        break_on_hyphens=False,
    )


@jinja2.pass_context
def _emphasis(context: jinja2.runtime.Context, text: str, tone: str = "") -> str:
    """Bold, or coloured for an emergency or urgent result, when colour is on (text format)."""
    if not context["color"]:
        return text
    return f"\x1b[{_ANSI.get(tone, '1')}m{text}\x1b[0m"


def _place(row: list[str], text: str, centre: int) -> None:
    start = max(0, min(centre - len(text) // 2, len(row) - len(text)))
    row[start : start + len(text)] = text


@jinja2.pass_context
def _ascii_timeline(context: jinja2.runtime.Context, timeline: Timeline) -> str:
    """The timeline drawn in characters: the axis, the 3-month line and where the person is."""
    span = min(context["width"], 78) - 4
    marker = round(timeline.marker * span)
    labels, axis = [" "] * (span + 1), ["-"] * (span + 1)
    for tick in timeline.ticks:
        _place(labels, tick.label, round(tick.at * span))
        axis[round(tick.at * span)] = "|"
    axis[marker] = ">" if timeline.beyond else "*"
    pointer = " " * marker + "^ you" if marker + 5 <= span else " " * (marker - 4) + "you ^"
    rows = ("".join(labels).rstrip(), "".join(axis), pointer)
    return "\n".join(f"  {row}" for row in rows)


@cache
def _environment(folder: Path, fmt: str) -> jinja2.Environment:
    """The template environment for one format; HTML autoescapes, and nothing is undefined."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        undefined=jinja2.StrictUndefined,
        autoescape=fmt == "html",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(wrap=_wrap, emphasis=_emphasis, ascii_timeline=_ascii_timeline)
    return env


def render(
    report: Report,
    kind: Kind,
    fmt: TextFormat,
    *,
    page_size: PageSize = "a4",
    width: int = 78,
    color: bool = False,
    templates: Path | None = None,
) -> str:
    """One document as terminal text, Markdown or self-contained HTML."""
    env = _environment(templates or data_dir("reports"), fmt)
    template = env.get_template(f"{kind}.{SUFFIXES[fmt]}.j2")
    text = template.render(
        r=_neutralised(report, fmt),
        page_size=PAGE_SIZES[page_size],
        width=width,
        color=color and fmt == "text",
    )
    # Templates keep their blocks readable; one blank line between blocks is enough.
    return _BLANK_LINES.sub("\n\n", text)


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"a report is self-contained; it does not load {url}")


def render_pdf(report: Report, kind: Kind, *, page_size: PageSize = "a4") -> bytes:
    """One document as PDF: the HTML version, printed by WeasyPrint."""
    import weasyprint  # heavy (Pango, fonts): loaded only when a PDF is asked for

    html = render(report, kind, "html", page_size=page_size)
    pdf: bytes = weasyprint.HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()
    return pdf


def render_report(
    answers: Answers,
    result: Result,
    kind: Kind,
    fmt: Format,
    *,
    page_size: PageSize = "a4",
    width: int = 78,
    color: bool = False,
) -> str | bytes:
    """One document for one screening, in any format: text formats as str, PDF as bytes."""
    report = build_report(answers, result)
    if fmt == "pdf":
        return render_pdf(report, kind, page_size=page_size)
    return render(report, kind, fmt, page_size=page_size, width=width, color=color)


def write_report(
    answers: Answers,
    result: Result,
    kind: Kind,
    fmt: Format,
    path: Path | str,
    *,
    force: bool = False,
    page_size: PageSize = "a4",
) -> Path:
    """Write one document to ``path``, atomically and readable by its owner only.

    An existing file is replaced only with ``force``; otherwise nothing is
    written and :class:`~screener.errors.OutputFileError` says why.
    """
    path = Path(path)
    content = render_report(answers, result, kind, fmt, page_size=page_size)
    write_private(path, content, overwrite=force)
    return path


def terminal_style(stream: TextIO) -> tuple[int, bool]:
    """The width to wrap to and whether to use colour when printing to ``stream``.

    Colour only on a terminal, and never when ``NO_COLOR`` is set (no-color.org).
    The width follows the terminal (or ``COLUMNS``), kept between 40 and 100.
    """
    color = stream.isatty() and not os.environ.get("NO_COLOR")
    width = shutil.get_terminal_size((80, 24)).columns - 2
    return max(40, min(width, 100)), color
