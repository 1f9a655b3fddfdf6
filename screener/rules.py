"""Rules as data: the models for rule files, the loader, and its cross-checks.

A rule set is a folder with a manifest, ``ruleset.yaml``, that names the rule
files in order, the rule that applies when no other rule fires, and the
information whose absence a result should point out. Each rule file holds one
topic. Everything is read with a safe YAML loader, validated by pydantic with
unknown keys forbidden, then checked against the answers model.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from screener.conditions import (
    Compiled,
    Condition,
    check_predicate,
    compile_condition,
    predicates,
)
from screener.dispositions import Disposition
from screener.documents import load_yaml
from screener.errors import RuleSetError, describe_validation, describe_yaml_error
from screener.fields import catalogue
from screener.resources import data_dir

MANIFEST = "ruleset.yaml"
Slug = str
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Outcome(_Model):
    """What a rule says when it fires: the disposition and the words that explain it."""

    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=3)
    disposition: Disposition
    rationale: str = Field(min_length=10)
    source: str = Field(min_length=3)
    education: list[Slug] = Field(default_factory=list)


class Rule(Outcome):
    """A rule: when its condition is true, it proposes its disposition."""

    when: Condition


class InformationItem(_Model):
    """A field whose absence the result reports, optionally only when a condition holds."""

    field: str
    when: Condition | None = None


class Manifest(_Model):
    name: str
    version: str
    files: list[str] = Field(min_length=1)
    when_no_rule_fires: Outcome
    information_needed: list[InformationItem] = Field(default_factory=list)


class RuleFile(_Model):
    topic: str
    description: str = ""
    rules: list[dict[str, Any]] = Field(min_length=1)


@dataclass(frozen=True)
class LoadedRule:
    """A validated rule, the file it came from, and its compiled condition."""

    rule: Rule
    file: str
    test: Compiled


@dataclass(frozen=True)
class RuleSet:
    """A loaded, cross-checked rule set, ready for :func:`screener.evaluate`."""

    name: str
    version: str
    content_hash: str
    directory: Path
    rules: tuple[LoadedRule, ...]
    fallback: Outcome
    information_needed: tuple[tuple[InformationItem, Compiled | None], ...]

    def outcomes(self) -> list[tuple[str, Outcome]]:
        """Every outcome the rule set can give, with its file: the rules, then the fallback."""
        listed: list[tuple[str, Outcome]] = [(loaded.file, loaded.rule) for loaded in self.rules]
        return [*listed, (MANIFEST, self.fallback)]

    def rule(self, rule_id: str) -> Rule:
        return next(loaded.rule for loaded in self.rules if loaded.rule.id == rule_id)


def read_yaml(path: Path) -> Any:
    """Parse one YAML file of the rule set, naming the file in any error."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleSetError(f"{path}: cannot read it ({exc.strerror}).") from exc
    except UnicodeDecodeError as exc:
        raise RuleSetError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}).") from exc
    try:
        return load_yaml(text)
    except yaml.YAMLError as exc:
        raise RuleSetError(f"{path}: not valid YAML: {describe_yaml_error(exc)}.") from exc


def check_condition(condition: Condition, where: str) -> None:
    """Check every predicate of a condition against the answers model; ``where`` names it."""
    fields = catalogue()
    for predicate in predicates(condition):
        problem = check_predicate(predicate, fields.get(predicate.field), list(fields))
        if problem:
            raise RuleSetError(f"{where}: {problem}.")


def _load_rules(path: Path) -> list[Rule]:
    raw = read_yaml(path)
    try:
        rule_file = RuleFile.model_validate(raw)
    except ValidationError as exc:
        raise RuleSetError(describe_validation(exc, str(path))) from exc
    rules = []
    for index, raw_rule in enumerate(rule_file.rules):
        rule_id = raw_rule.get("id", f"#{index + 1}")
        try:
            rule = Rule.model_validate(raw_rule)
        except ValidationError as exc:
            raise RuleSetError(describe_validation(exc, f"{path}, rule '{rule_id}'")) from exc
        check_condition(rule.when, f"{path}, rule '{rule.id}'")
        rules.append(rule)
    return rules


def _content_hash(manifest_path: Path, files: Sequence[Path]) -> str:
    digest = hashlib.sha256()
    for path in (manifest_path, *files):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return f"sha256:{digest.hexdigest()}"


def load_ruleset(directory: Path | str | None = None) -> RuleSet:
    """Load and check the rule set in ``directory`` (the shipped rules by default)."""
    folder = Path(directory) if directory is not None else data_dir("rules")
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise RuleSetError(f"{folder}: no {MANIFEST} here; is this a rule-set folder?")
    try:
        manifest = Manifest.model_validate(read_yaml(manifest_path))
    except ValidationError as exc:
        raise RuleSetError(describe_validation(exc, str(manifest_path))) from exc

    fields = catalogue()
    information = []
    for item in manifest.information_needed:
        if item.field not in fields:
            raise RuleSetError(
                f"{manifest_path}: information_needed names unknown field '{item.field}'; "
                f"known fields are {', '.join(fields)}."
            )
        if item.when is not None:
            check_condition(item.when, f"{manifest_path}, information_needed '{item.field}'")
        information.append((item, compile_condition(item.when) if item.when else None))

    rule_paths = [folder / name for name in manifest.files]
    loaded: list[LoadedRule] = []
    seen: dict[str, Path] = {manifest.when_no_rule_fires.id: manifest_path}
    for path in rule_paths:
        for rule in _load_rules(path):
            if rule.id in seen:
                raise RuleSetError(
                    f"{path}, rule '{rule.id}': duplicate id; it is already used in "
                    f"{seen[rule.id]}. Rule ids must be unique across the rule set."
                )
            seen[rule.id] = path
            loaded.append(LoadedRule(rule, path.name, compile_condition(rule.when)))

    return RuleSet(
        name=manifest.name,
        version=manifest.version,
        content_hash=_content_hash(manifest_path, rule_paths),
        directory=folder,
        rules=tuple(loaded),
        fallback=manifest.when_no_rule_fires,
        information_needed=tuple(information),
    )
