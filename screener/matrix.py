"""The decision matrix: dispositions over the main answer classes, for clinical sign-off.

Rows are how long the pain has lasted, what treatment has been tried, and how it went;
columns are the warning signs: none, a sign of each tier (``properties.yaml``) answered
"yes", and a sign of each tier answered "unknown". Every other answer is the rule set's calm
case (``cases/base.yaml``). A warning-sign column tries each sign of its tier in turn, the
others "no"; when they disagree, the cell lists every disposition they give.

The matrix is generated, kept in ``docs/`` as Markdown and HTML, and tested to be current.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from screener.cases import BASE, merged
from screener.dispositions import Disposition
from screener.documents import parse_answers, read_document
from screener.evaluation import evaluate
from screener.properties import PropertySet
from screener.rules import RuleSet

REGENERATE = (
    "screener rules matrix --format md --force -o docs/decision-matrix.md && "
    "screener rules matrix --format html --force -o docs/decision-matrix.html"
)

DURATIONS: list[tuple[str, dict[str, Any]]] = [
    ("Pain for 3 months or less (6 weeks)", {"amount": 6, "unit": "weeks"}),
    ("Pain for more than 3 months (4 months)", {"amount": 4, "unit": "months"}),
    ("Pain for an unknown length of time", {"amount": None, "unit": None}),
]
NOT_TRIED = {"kinds": None, "weeks": None, "outcome": None}
TREATMENTS: list[tuple[str, dict[str, Any]]] = [
    ("none tried", {"tried": "no", **NOT_TRIED}),
    ("not known whether tried", {"tried": "unknown", **NOT_TRIED}),
    ("4 weeks, with physiotherapy", {"tried": "yes", "kinds": ["physical_therapy"], "weeks": 4}),
    (
        "8 weeks, with physiotherapy",
        {"tried": "yes", "kinds": ["physical_therapy", "pain_relievers"], "weeks": 8},
    ),
    ("8 weeks, medicine only", {"tried": "yes", "kinds": ["pain_relievers"], "weeks": 8}),
    ("tried, length not known", {"tried": "yes", "kinds": ["physical_therapy"], "weeks": None}),
]
OUTCOMES = ["resolved", "steadily_improving", "plateaued", "no_change", "worse", "unknown"]


@dataclass(frozen=True)
class Section:
    title: str
    rows: list[tuple[str, str, list[str]]]


@dataclass(frozen=True)
class Matrix:
    """The table, ready to render: a heading per duration, a row per treatment and outcome."""

    ruleset: str
    columns: list[str]
    sections: list[Section]


def _cell(ruleset: RuleSet, answers: list[dict[str, Any]]) -> str:
    found = {
        evaluate(parse_answers(doc, "decision matrix"), ruleset).disposition for doc in answers
    }
    return " / ".join(d.value for d in Disposition if d in found)


def _columns(props: PropertySet) -> list[tuple[str, list[dict[str, Any]]]]:
    """Each column's name and the warning-sign answers it tries, one overlay per sign."""
    columns: list[tuple[str, list[dict[str, Any]]]] = [("no warning sign", [{}])]
    for answer, suffix in (("yes", ""), ("unknown", " answered unknown")):
        for tier, signs in props.tiers.items():
            overlays = [{"red_flags": {s.removeprefix("red_flags."): answer}} for s in signs]
            columns.append((f"{tier} sign{suffix}", overlays))
    return columns


def _rows() -> list[tuple[str, str, dict[str, Any]]]:
    """Each row's treatment label, outcome label, and treatment answers."""
    rows = []
    for label, treatment in TREATMENTS:
        if treatment["tried"] != "yes":
            rows.append((label, "-", treatment))
            continue
        rows += [(label, outcome, {**treatment, "outcome": outcome}) for outcome in OUTCOMES]
    return rows


def build_matrix(ruleset: RuleSet, props: PropertySet) -> Matrix:
    """Screen every row of the matrix against every warning-sign column."""
    base = read_document(str(ruleset.directory / "cases" / BASE))
    columns = _columns(props)
    sections = []
    for title, duration in DURATIONS:
        rows = []
        for label, outcome, treatment in _rows():
            row = merged(base, {"duration": duration, "treatment": treatment})
            cells = [
                _cell(ruleset, [merged(row, overlay) for overlay in overlays])
                for _, overlays in columns
            ]
            rows.append((label, outcome, cells))
        sections.append(Section(title, rows))
    return Matrix(
        f"{ruleset.name} {ruleset.version} ({ruleset.content_hash})",
        [name for name, _ in columns],
        sections,
    )


INTRO = (
    "Every other answer is as in the rule set's calm case (cases/base.yaml). A warning-sign "
    "column tries each sign of its tier (properties.yaml) in turn, the others answered 'no'; "
    "where they disagree, the cell lists every disposition they give."
)


def render_markdown(matrix: Matrix) -> str:
    """The matrix as Markdown, with a line for the reviewer's sign-off."""
    head = ["treatment so far", "how it went", *matrix.columns]
    lines = [
        "# Decision matrix",
        "",
        f"Rule set {matrix.ruleset}. Generated; do not edit. Regenerate with `{REGENERATE}`.",
        "",
        INTRO,
    ]
    for section in matrix.sections:
        lines += ["", f"## {section.title}", "", "| " + " | ".join(head) + " |"]
        lines.append("|" + " --- |" * len(head))
        lines += [
            "| " + " | ".join([label, outcome, *cells]) + " |"
            for label, outcome, cells in section.rows
        ]
    lines += ["", "Reviewed and signed off by: ______________________  Date: ____________", ""]
    return "\n".join(lines)


STYLE = """
body { font-family: sans-serif; margin: 2em; }
table { border-collapse: collapse; margin-bottom: 1.5em; }
th, td { border: 1px solid #999; padding: 0.25em 0.5em; text-align: left; }
td.emergency { background: #f4b6b6; } td.urgent { background: #f8d9a8; }
td.specialist_referral { background: #cfe0f7; } td.conservative_care { background: #d9efd2; }
td.self_care { background: #f2f2f2; }
"""


def render_html(matrix: Matrix) -> str:
    """The matrix as a self-contained HTML page, one colour per disposition."""
    esc = html.escape
    head = "".join(
        f"<th>{esc(name)}</th>" for name in ["treatment so far", "how it went", *matrix.columns]
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><title>Decision matrix</title>',
        f"<style>{STYLE}</style></head><body>",
        "<h1>Decision matrix</h1>",
        f"<p>Rule set {esc(matrix.ruleset)}. Generated; do not edit. Regenerate with "
        f"<code>{esc(REGENERATE)}</code>.</p>",
        f"<p>{esc(INTRO)}</p>",
    ]
    for section in matrix.sections:
        parts += [f"<h2>{esc(section.title)}</h2>", f"<table><tr>{head}</tr>"]
        for label, outcome, cells in section.rows:
            tds = "".join(f'<td class="{esc(c.split(" ")[0])}">{esc(c)}</td>' for c in cells)
            parts.append(f"<tr><td>{esc(label)}</td><td>{esc(outcome)}</td>{tds}</tr>")
        parts.append("</table>")
    parts += ["<p>Reviewed and signed off by: ______________________ Date: ____________</p>"]
    parts += ["</body></html>", ""]
    return "\n".join(parts)
