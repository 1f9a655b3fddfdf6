"""The decision matrix in docs/ is current, and says what each warning sign leads to."""

from __future__ import annotations

from screener.dispositions import Disposition
from screener.matrix import REGENERATE, build_matrix, render_html, render_markdown
from screener.properties import load_properties
from screener.rules import load_ruleset

from paths import REPO, RULES

MATRIX = build_matrix(load_ruleset(RULES), load_properties(RULES))


def test_markdown_matrix_is_current() -> None:
    """docs/decision-matrix.md is what the rules give today."""
    current = (REPO / "docs" / "decision-matrix.md").read_text()
    assert current == render_markdown(MATRIX), f"out of date; regenerate with: {REGENERATE}"


def test_html_matrix_is_current() -> None:
    """docs/decision-matrix.html is what the rules give today."""
    current = (REPO / "docs" / "decision-matrix.html").read_text()
    assert current == render_html(MATRIX), f"out of date; regenerate with: {REGENERATE}"


def test_every_cell_is_a_disposition() -> None:
    """Each cell names one disposition, or several where signs of a tier disagree."""
    names = {d.value for d in Disposition}
    for section in MATRIX.sections:
        for _, _, cells in section.rows:
            assert all(set(cell.split(" / ")) <= names for cell in cells)


def test_an_emergency_sign_gives_emergency_in_every_row() -> None:
    """Whatever the pain's length and treatment, the emergency column says emergency."""
    column = MATRIX.columns.index("emergency sign")
    for section in MATRIX.sections:
        assert {cells[column] for _, _, cells in section.rows} == {"emergency"}
