"""The property file loads, and a broken one fails naming the file, the property and the fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from screener.errors import RuleSetError
from screener.fields import safety_questions
from screener.properties import AtLeast, NeverLowers, load_properties

from paths import RULES


def load_error(tmp_path: Path, properties: str, tier: str = "red_flags.fever") -> str:
    """The error from a property file with one tier, 'urgent', and the given properties."""
    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder)
    text = f'version: "1"\ntiers:\n  urgent: [{tier}]\nproperties:\n{properties}'
    (folder / "properties.yaml").write_text(text)
    with pytest.raises(RuleSetError) as caught:
        load_properties(folder)
    return str(caught.value)


def test_shipped_properties_load() -> None:
    """The tiers cover every warning sign but the two that count only together."""
    props = load_properties(RULES)
    tiered = {sign for signs in props.tiers.values() for sign in signs}
    assert {spec.path for spec in safety_questions()} - tiered == {
        "red_flags.osteoporosis_or_steroids",
        "red_flags.sudden_onset_minor_injury",
    }


def test_a_field_pattern_names_every_matching_field() -> None:
    """red_flags.* expands to the 19 warning signs."""
    props = load_properties(RULES)
    prop = next(p for p in props.properties if isinstance(p, NeverLowers))
    assert len(prop.fields) == len(safety_questions())


def test_a_tier_becomes_a_condition() -> None:
    """signs: emergency with answer yes reads each emergency sign."""
    props = load_properties(RULES)
    prop = next(p for p in props.properties if isinstance(p, AtLeast) and p.signs == "emergency")
    assert prop.when is not None


def test_misspelt_key(tmp_path: Path) -> None:
    """An unknown key fails instead of being ignored."""
    message = load_error(
        tmp_path,
        "  - {id: x-y, title: A long enough title, kind: unknown_is_listed, field: [age]}\n",
    )
    assert "field 'properties.0.unknown_is_listed.field': is not a known field" in message


def test_unknown_tier(tmp_path: Path) -> None:
    """A tier that is not declared names the declared ones."""
    message = load_error(
        tmp_path,
        "  - {id: x-y, title: A long enough title, kind: at_least, signs: emergency,"
        ' answer: "yes", disposition: emergency}\n',
    )
    assert "property 'x-y': unknown tier 'emergency'; tiers are urgent." in message


def test_pattern_that_names_no_field(tmp_path: Path) -> None:
    """A field pattern must match some field."""
    message = load_error(
        tmp_path,
        "  - {id: x-y, title: A long enough title, kind: unknown_is_listed,"
        " fields: [red_flag.*]}\n",
    )
    assert "property 'x-y': 'red_flag.*' names no field" in message


def test_change_between_values_the_field_does_not_hold(tmp_path: Path) -> None:
    """never_lowers needs two answers of a choice field."""
    message = load_error(
        tmp_path,
        "  - {id: x-y, title: A long enough title, kind: never_lowers, fields: [age],"
        ' from: "no", to: "yes"}\n',
    )
    assert "field 'age' cannot change from 'no' to 'yes'" in message


def test_longer_needs_a_field_with_a_size(tmp_path: Path) -> None:
    """longer_never_lowers refuses a yes/no field."""
    message = load_error(
        tmp_path,
        "  - {id: x-y, title: A long enough title, kind: longer_never_lowers,"
        " fields: [red_flags.fever]}\n",
    )
    assert "field 'red_flags.fever' holds a choice, which has no larger value" in message


def test_condition_is_checked_like_a_rule(tmp_path: Path) -> None:
    """A property condition on an unknown field is refused, naming the property."""
    message = load_error(
        tmp_path,
        "  - {id: x-y, title: A long enough title, kind: at_least, disposition: urgent,"
        ' when: {field: red_flags.fevr, equals: "yes"}}\n',
    )
    assert "property 'x-y': unknown field 'red_flags.fevr'" in message


def test_tier_of_a_field_that_is_not_a_warning_sign(tmp_path: Path) -> None:
    """Tiers hold warning signs only."""
    listed = "  - {id: x-y, title: A long enough title, kind: unknown_is_listed, fields: [age]}\n"
    message = load_error(tmp_path, listed, tier="age")
    assert "tier 'urgent': age is not a warning sign" in message


def test_missing_file(tmp_path: Path) -> None:
    """A rule set without properties.yaml cannot be verified, and says so."""
    with pytest.raises(RuleSetError) as caught:
        load_properties(tmp_path)
    assert "no properties.yaml here" in str(caught.value)
