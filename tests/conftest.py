"""Shared fixtures: the shipped rule set and the calm baseline answers."""

from __future__ import annotations

from typing import Any

import pytest

from screener.answers import Answers
from screener.cases import merged
from screener.documents import read_document
from screener.rules import RuleSet, load_ruleset

from paths import RULES


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    return load_ruleset(RULES)


@pytest.fixture(scope="session")
def base_answers() -> dict[str, Any]:
    """A complete answers document that fires no rule (rules/cases/base.yaml)."""
    data: dict[str, Any] = read_document(str(RULES / "cases" / "base.yaml"))
    return data


@pytest.fixture
def answers_with(base_answers: dict[str, Any]) -> Any:
    """Build Answers from the baseline with some fields changed."""

    def build(overlay: dict[str, Any]) -> Answers:
        return Answers.model_validate(merged(base_answers, overlay))

    return build
