"""The patient report and the clinician summary: content, safety, formats and PDF."""

from __future__ import annotations

import io
import shutil
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import pytest
from pypdf import PdfReader

from screener.answers import Answers, Cause, NoteSection
from screener.dispositions import Disposition
from screener.documents import read_answers
from screener.errors import ReportError
from screener.evaluation import Result, evaluate
from screener.fields import catalogue
from screener.report import (
    FLAG_ORDER,
    Kind,
    PageSize,
    Report,
    StageName,
    TextFormat,
    build_report,
    load_content,
    render,
    render_pdf,
    terminal_style,
)
from screener.rules import RuleSet

from paths import EXAMPLES, REPO
from regenerate_snapshots import ANSWERS, DOCUMENTS, render_snapshot, snapshot_path

Build = Callable[[dict[str, Any]], Answers]
EXAMPLE_FILES = sorted(path.name for path in EXAMPLES.glob("*.json"))
PATIENT_PAGES = 5
"""Pages of the patient report for tests/snapshots/answers.yaml on A4."""


def report_for(answers: Answers, ruleset: RuleSet) -> Report:
    return build_report(answers, evaluate(answers, ruleset))


def example_report(name: str, ruleset: RuleSet) -> Report:
    return report_for(read_answers(str(EXAMPLES / name)), ruleset)


# --- Snapshots -----------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "fmt"), DOCUMENTS, ids=[f"{k}-{f}" for k, f in DOCUMENTS])
def test_snapshot(kind: Kind, fmt: TextFormat) -> None:
    """Each document in each text format matches its reviewed snapshot."""
    path = snapshot_path(kind, fmt)
    assert render_snapshot(kind, fmt) == path.read_text(encoding="utf-8"), (
        f"{path.relative_to(REPO)} differs from the rendered {kind} {fmt}. If the change is "
        "intended, run `python tests/regenerate_snapshots.py` and review the diff of "
        "tests/snapshots/ before committing it."
    )


# --- Every result, cause, topic and answer has its words -----------------------------------


def test_every_disposition_has_its_section() -> None:
    """Each of the five dispositions says what it means and how soon to act."""
    assert set(load_content().dispositions) == set(Disposition)


def test_every_suspected_cause_has_its_section() -> None:
    """Each suspected cause a person can choose has its own education section."""
    assert set(load_content().causes) == set(typing.get_args(Cause))


def test_every_education_topic_the_rules_name_has_a_section(ruleset: RuleSet) -> None:
    """Every education slug in the rule set, fallback included, is described."""
    outcomes = [loaded.rule for loaded in ruleset.rules] + [ruleset.fallback]
    slugs = {slug for outcome in outcomes for slug in outcome.education}
    assert slugs - set(load_content().topics) == set()


def test_every_answer_value_has_words() -> None:
    """No report prints a code such as steadily_improving: every option has a label."""
    options = {
        option
        for spec in catalogue().values()
        if spec.path != "schema_version"
        for option in spec.options
    }
    wanted = options | set(FLAG_ORDER) | {"none_of_these"}
    assert wanted - set(load_content().labels) == set()


def test_every_note_section_has_a_heading() -> None:
    """Notes from every section of an interview get a heading in the clinician summary."""
    assert set(load_content().note_sections) == set(typing.get_args(NoteSection))


def test_a_topic_the_content_lacks_is_named(answers_with: Build, ruleset: RuleSet) -> None:
    """A rule set asking for an undescribed topic fails with the topic's name, not a KeyError."""
    answers = answers_with({})
    result = evaluate(answers, ruleset).model_copy(update={"education": ["posture_tips"]})
    with pytest.raises(ReportError, match="education topic 'posture_tips'"):
        build_report(answers, result)


# --- What the patient report always says ---------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_patient_report_always_gives_the_emergency_signs(name: str, ruleset: RuleSet) -> None:
    """Whatever the result, the patient report says what to do if things get worse."""
    text = render(example_report(name, ruleset), "patient", "text")
    assert load_content().topics["emergency_signs"].title in text
    assert "not a diagnosis" in text


@pytest.mark.parametrize(
    ("name", "stage"),
    [
        ("self-care-recent-strain.json", "acute"),
        ("boundary-exactly-3-months.json", "subacute"),
        ("boundary-just-over-3-months.json", "chronic"),
    ],
)
def test_timeline_agrees_with_the_3_month_line(
    name: str, stage: StageName, ruleset: RuleSet
) -> None:
    """The drawn marker sits on the side of the 3-month line that the words say."""
    report = example_report(name, ruleset)
    assert report.stage.label == load_content().stages[stage].label
    assert report.timeline is not None
    chronic = report.timeline.marker > report.timeline.line
    assert chronic == (stage == "chronic")


def test_unknown_duration_draws_no_timeline(answers_with: Build, ruleset: RuleSet) -> None:
    """With no duration there is nothing to draw, and the words say so."""
    report = report_for(answers_with({"duration": {"amount": None, "unit": None}}), ruleset)
    assert report.timeline is None
    assert report.stage.label == load_content().stages["unknown"].label


def test_treatment_details_are_not_listed_when_none_was_tried(ruleset: RuleSet) -> None:
    """'Which treatments' is not shown as unanswered to someone who tried none."""
    report = example_report("self-care-recent-strain.json", ruleset)
    assert [line.field for line in report.answers if line.field.startswith("treatment.")] == [
        "treatment.tried"
    ]


# --- Content safety ------------------------------------------------------------------------

HOSTILE = "<script>alert(1)</script> {{ 7*7 }} \x1b[2J"


@pytest.fixture
def hostile_report(answers_with: Build, ruleset: RuleSet) -> Report:
    answers = answers_with(
        {
            "answered_by": "nurse",
            "interviewer": HOSTILE,
            "patient": {"identifier": HOSTILE},
            "notes": {"general": HOSTILE, "pain": "| a | table | *bold* [link](x)"},
        }
    )
    return report_for(answers, ruleset)


@pytest.mark.parametrize("kind", ["patient", "clinician"])
def test_names_and_notes_are_escaped_in_html(hostile_report: Report, kind: Kind) -> None:
    """A name or note holding HTML or template syntax prints as text, never as code."""
    html = render(hostile_report, kind, "html")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html
    assert "49" not in html


@pytest.mark.parametrize("kind", ["patient", "clinician"])
def test_names_and_notes_are_inert_in_markdown(hostile_report: Report, kind: Kind) -> None:
    """In Markdown a note cannot open raw HTML, a table cell or a link."""
    markdown = render(hostile_report, kind, "md")
    assert "<script>" not in markdown
    assert "\\<script\\>" in markdown
    assert "49" not in markdown
    if kind == "clinician":
        assert "\\| a \\| table \\| \\*bold\\* \\[link\\](x)" in markdown


@pytest.mark.parametrize("kind", ["patient", "clinician"])
def test_terminal_codes_are_stripped_from_text(hostile_report: Report, kind: Kind) -> None:
    """A note cannot clear the screen or recolour the terminal."""
    assert "\x1b" not in render(hostile_report, kind, "text")


def test_template_with_an_unknown_variable_fails(tmp_path: Path, ruleset: RuleSet) -> None:
    """A template that names a variable the report lacks raises instead of printing a blank."""
    templates = tmp_path / "reports"
    shutil.copytree(REPO / "reports", templates)
    with (templates / "patient.md.j2").open("a") as handle:
        handle.write("{{ r.no_such_field }}\n")
    report = example_report("urgent-fever.json", ruleset)
    with pytest.raises(jinja2.UndefinedError, match="no_such_field"):
        render(report, "patient", "md", templates=templates)


# --- Formats -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLE_FILES)
@pytest.mark.parametrize(("kind", "fmt"), DOCUMENTS, ids=[f"{k}-{f}" for k, f in DOCUMENTS])
def test_every_example_renders(name: str, kind: Kind, fmt: TextFormat, ruleset: RuleSet) -> None:
    """Both documents render in every text format for every example, with the result."""
    report = example_report(name, ruleset)
    assert report.headline in " ".join(render(report, kind, fmt).split())


def test_text_fits_the_width(ruleset: RuleSet) -> None:
    """Terminal text wraps to the width it is given."""
    report = example_report("specialist-referral-chronic-failed-trial.json", ruleset)
    for kind in ("patient", "clinician"):
        lines = render(report, kind, "text", width=60).splitlines()
        long = [line for line in lines if len(line) > 60 and "sha256:" not in line]
        assert long == []


def test_colour_only_when_asked(ruleset: RuleSet) -> None:
    """Text has ANSI colour only when colour is on, and the emergency headline is red."""
    report = example_report("emergency-saddle-numbness.json", ruleset)
    assert "\x1b[" not in render(report, "patient", "text")
    assert "\x1b[1;31m" in render(report, "patient", "text", color=True)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_color_turns_colour_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """NO_COLOR set to anything turns colour off, even on a terminal."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert terminal_style(_Terminal())[1] is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert terminal_style(_Terminal())[1] is False
    assert terminal_style(io.StringIO())[1] is False


def test_width_follows_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The text width follows COLUMNS, within sensible bounds."""
    monkeypatch.setenv("COLUMNS", "62")
    assert terminal_style(io.StringIO())[0] == 60
    monkeypatch.setenv("COLUMNS", "300")
    assert terminal_style(io.StringIO())[0] == 100


@pytest.mark.parametrize("kind", ["patient", "clinician"])
def test_html_is_self_contained(kind: Kind, ruleset: RuleSet) -> None:
    """The HTML carries its own styles and picture and loads nothing from anywhere."""
    html = render(example_report("urgent-fever.json", ruleset), kind, "html")
    assert "<style>" in html
    for outside in ("<link", "<script", "src=", "href=", "url(", "@import"):
        assert outside not in html


def test_patient_html_draws_the_timeline(ruleset: RuleSet) -> None:
    """The patient report carries one inline SVG: the pain against the 3-month line."""
    html = render(example_report("urgent-fever.json", ruleset), "patient", "html")
    assert html.count("<svg") == 1
    assert "3 months" in html


@pytest.mark.parametrize(("page_size", "css"), [("a4", "size: A4"), ("letter", "size: letter")])
def test_page_size_is_selectable(page_size: PageSize, css: str, ruleset: RuleSet) -> None:
    """The print CSS asks for the chosen paper size."""
    report = example_report("urgent-fever.json", ruleset)
    assert css in render(report, "clinician", "html", page_size=page_size)


# --- PDF -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def snapshot_report(ruleset: RuleSet) -> Report:
    answers = read_answers(str(ANSWERS))
    return report_for(answers, ruleset)


@pytest.fixture(scope="module")
def snapshot_result(ruleset: RuleSet) -> Result:
    return evaluate(read_answers(str(ANSWERS)), ruleset)


def pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def one_line(text: str) -> str:
    return " ".join(text.split())


def says_what_to_do_if_things_get_worse(text: str) -> bool:
    """Whether a document carries the clinician safety net, wherever its lines wrap."""
    net = load_content().clinician.safety_net
    text = one_line(text)
    return net.title in text and all(one_line(p) in text for p in net.paragraphs)


@pytest.mark.parametrize("page_size", ["a4", "letter"])
def test_clinician_summary_is_one_page(snapshot_report: Report, page_size: PageSize) -> None:
    """The clinician summary prints on exactly one page, A4 or Letter, and names the result."""
    (text,) = pdf_pages(render_pdf(snapshot_report, "clinician", page_size=page_size))
    assert "specialist_referral" in text
    assert "Page 1 of 1" in text
    assert says_what_to_do_if_things_get_worse(text)


@pytest.mark.parametrize("page_size", ["a4", "letter"])
@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_every_example_clinician_summary_is_one_page(
    name: str, page_size: PageSize, ruleset: RuleSet
) -> None:
    """Every example's clinician summary prints on one page and says what to do if things get
    worse."""
    report = example_report(name, ruleset)
    (text,) = pdf_pages(render_pdf(report, "clinician", page_size=page_size))
    assert report.disposition.value in text
    assert "Page 1 of 1" in text
    assert says_what_to_do_if_things_get_worse(text)


@pytest.mark.parametrize("fmt", typing.get_args(TextFormat))
@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_clinician_summary_says_what_to_do_if_things_get_worse(
    name: str, fmt: TextFormat, ruleset: RuleSet
) -> None:
    """Whatever the result, the clinician summary in every text format tells how the patient
    gets help sooner: the emergency signs and where to go, and the urgent signs."""
    assert says_what_to_do_if_things_get_worse(
        render(example_report(name, ruleset), "clinician", fmt)
    )


def test_patient_report_pdf(snapshot_report: Report) -> None:
    """The patient report prints on the expected pages, numbered, with the result on page one."""
    pages = pdf_pages(render_pdf(snapshot_report, "patient"))
    assert len(pages) == PATIENT_PAGES
    assert snapshot_report.headline in pages[0]
    assert f"Page {PATIENT_PAGES} of {PATIENT_PAGES}" in pages[-1]
