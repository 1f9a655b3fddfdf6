"""The hazard log names real tests, and every hazard names at least one."""

from __future__ import annotations

import ast
import re

from paths import REPO

LOG = (REPO / "docs" / "safety.md").read_text()
NAMED = re.compile(r"`(tests/[\w/]+\.py)::(test_\w+)`")


def defined_tests(path: str) -> set[str]:
    tree = ast.parse((REPO / path).read_text())
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}


def test_every_test_named_in_the_log_exists() -> None:
    """Each tests/FILE.py::test_NAME in docs/safety.md is a test function in that file."""
    named = NAMED.findall(LOG)
    assert named
    missing = [f"{path}::{name}" for path, name in named if name not in defined_tests(path)]
    assert missing == []


def test_every_hazard_names_a_test() -> None:
    """Each hazard section (## H1 ...) names at least one test that shows its mitigation."""
    sections = re.split(r"^## ", LOG, flags=re.MULTILINE)[1:]
    assert [s.split()[0] for s in sections] == [f"H{n}" for n in range(1, 8)]
    assert all(NAMED.search(section) for section in sections)
