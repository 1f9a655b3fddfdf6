"""Regenerate the report snapshots in tests/snapshots/ from tests/snapshots/answers.yaml.

Run this only when a change to the reports is intended, then read the diff:

    python tests/regenerate_snapshots.py
    git diff tests/snapshots/

tests/test_report.py compares each document with its snapshot and names this script
when one differs.
"""

from __future__ import annotations

import sys
from pathlib import Path

from screener.documents import read_answers
from screener.evaluation import evaluate
from screener.report import Kind, TextFormat, build_report, render
from screener.rules import load_ruleset

HERE = Path(__file__).resolve().parent
SNAPSHOTS = HERE / "snapshots"
ANSWERS = SNAPSHOTS / "answers.yaml"
SUFFIX = {"text": "txt", "md": "md", "html": "html"}
KINDS: tuple[Kind, ...] = ("patient", "clinician")
FORMATS: tuple[TextFormat, ...] = ("text", "md", "html")
DOCUMENTS = [(kind, fmt) for kind in KINDS for fmt in FORMATS]
WIDTH = 78


def snapshot_path(kind: Kind, fmt: TextFormat) -> Path:
    return SNAPSHOTS / f"{kind}.{SUFFIX[fmt]}"


def render_snapshot(kind: Kind, fmt: TextFormat) -> str:
    """The document as the snapshot holds it: the fixed answers, the shipped rules, 78 columns."""
    answers = read_answers(str(ANSWERS))
    report = build_report(answers, evaluate(answers, load_ruleset(HERE.parent / "rules")))
    return render(report, kind, fmt, width=WIDTH)


def main() -> int:
    for kind, fmt in DOCUMENTS:
        path = snapshot_path(kind, fmt)
        path.write_text(render_snapshot(kind, fmt), encoding="utf-8")
        print(f"wrote {path.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
