"""The example cases shipped with the rules: each gives its stated disposition and rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from screener.cases import CaseOutcome, LoadedCase, load_cases, run_cases
from screener.errors import RuleSetError
from screener.rules import RuleSet

from paths import RULES

CASES = load_cases(RULES / "cases")


@pytest.mark.parametrize(
    "loaded", CASES, ids=[f"{c.file.removesuffix('.yaml')}:{c.case.name}" for c in CASES]
)
def test_case(loaded: LoadedCase, ruleset: RuleSet) -> None:
    """Each case gets exactly the disposition and the fired rules it states."""
    (outcome,) = run_cases([loaded], ruleset)
    assert outcome.result.disposition == loaded.case.disposition
    assert outcome.fired == set(loaded.case.fired)


@pytest.fixture(scope="module")
def outcomes(ruleset: RuleSet) -> list[CaseOutcome]:
    return run_cases(CASES, ruleset)


def test_every_rule_fires_in_some_case(ruleset: RuleSet, outcomes: list[CaseOutcome]) -> None:
    """No rule goes untested: each one, and the fallback, fires in at least one case."""
    fired = set().union(*(outcome.fired for outcome in outcomes))
    rule_ids = {loaded.rule.id for loaded in ruleset.rules} | {ruleset.fallback.id}
    assert rule_ids - fired == set()


def test_every_rule_stays_silent_in_some_case(
    ruleset: RuleSet, outcomes: list[CaseOutcome]
) -> None:
    """No rule fires everywhere: each one has a case where it does not fire."""
    always = set.intersection(*(outcome.fired for outcome in outcomes))
    assert always == set()


def test_every_disposition_is_reached_by_a_case(outcomes: list[CaseOutcome]) -> None:
    """The cases cover all five dispositions."""
    reached = {outcome.result.disposition.value for outcome in outcomes}
    assert reached == {
        "emergency",
        "urgent",
        "specialist_referral",
        "conservative_care",
        "self_care",
    }


def test_base_that_is_not_a_mapping_is_named(tmp_path: Path) -> None:
    """A cases folder whose base.yaml is not a mapping of fields fails with the file named."""
    (tmp_path / "base.yaml").write_text("foo\n")
    with pytest.raises(RuleSetError, match=r"base\.yaml: the base answers must be a mapping"):
        load_cases(tmp_path)
