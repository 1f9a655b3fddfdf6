"""Rule-set verification: evaluate the rules over the answer space and check the properties.

The answer classes (:mod:`screener.answer_space`) are exact, but their full product is far
too large: 19 warning signs with 3 classes each are 3^19 combinations before any other
answer. So the space is reduced, and the report says how:

* **Part 1**: every combination of the classes of the other fields the rules and properties
  read, with every warning sign answered "no". This is the whole decision table for people
  without a warning sign: gaps in referral and care are found here.
* **Part 2**: every warning-sign configuration with one or two signs answered "yes" or
  "unknown" (and the one with none), against background rows that between them hold every
  pair of classes of the other fields (a pairwise covering array). Each row comes with every
  class of any field a ``never_lowers`` or ``longer_never_lowers`` property changes, so
  those changes are checked with warning signs present too.

Each rule is a function of the fields it reads, so its truth is computed once per distinct
combination of those fields' classes and looked up after that; the decision itself is the
evaluator's (:func:`screener.evaluation.ranked`). Every distinct set of fired rules found is
then run once more through :func:`screener.evaluate` as a cross-check.
"""

from __future__ import annotations

import itertools
import operator
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from math import prod
from pathlib import Path

from screener.answer_space import Dimension, answers_from, describe, dimensions, pairwise
from screener.answers import Answers
from screener.conditions import (
    Condition,
    Predicate,
    compile_condition,
    evidence,
    predicates,
)
from screener.dispositions import Disposition
from screener.documents import answers_json, write_private
from screener.evaluation import (
    Result,
    evaluate,
    missing_information,
    ranked,
    unanswered_safety_questions,
)
from screener.fields import safety_questions
from screener.properties import (
    PROPERTIES,
    AtLeast,
    LongerNeverLowers,
    NeverLowers,
    Property,
    PropertySet,
    UndecidedAtLeast,
    UnknownIsListed,
)
from screener.rules import RuleSet

Combo = tuple[int, ...]
"""One combination: a class index for each dimension, background first, then warning signs."""


@dataclass(frozen=True)
class Block:
    """A part of the space: every background row with every warning-sign configuration."""

    title: str
    rows: tuple[Combo, ...]
    configs: tuple[Combo, ...]

    @property
    def size(self) -> int:
        return len(self.rows) * len(self.configs)


@dataclass(frozen=True)
class Space:
    """The reduced answer space: the dimensions and the blocks that are evaluated."""

    background: tuple[Dimension, ...]
    signs: tuple[Dimension, ...]
    blocks: tuple[Block, ...]
    overlap: int

    @property
    def dims(self) -> tuple[Dimension, ...]:
        return self.background + self.signs

    def position(self, path: str) -> int:
        return next(i for i, dim in enumerate(self.dims) if dim.field == path)

    def answers(self, combo: Combo) -> Answers:
        return answers_from(
            {dim.field: dim.classes[i].value for dim, i in zip(self.dims, combo, strict=True)}
        )


def _sign_configs(signs: Sequence[Dimension]) -> list[Combo]:
    """All signs 'no'; then each sign, then each pair of signs, moved to every other class."""
    calm = tuple(sign.index("no") for sign in signs)
    moves = [[i for i in range(len(s.classes)) if i != calm[k]] for k, s in enumerate(signs)]
    configs = [calm]
    for count in (1, 2):
        for chosen in itertools.combinations(range(len(signs)), count):
            for values in itertools.product(*(moves[k] for k in chosen)):
                config = list(calm)
                for k, value in zip(chosen, values, strict=True):
                    config[k] = value
                configs.append(tuple(config))
    return configs


def _covering_rows(background: Sequence[Dimension], closed: Sequence[int]) -> tuple[Combo, ...]:
    """Rows holding every pair of classes of the other fields, each with every class of the
    ``closed`` fields (those a property changes, so each change is seen in every row)."""
    covered = [k for k in range(len(background)) if k not in closed]
    rows = []
    for partial in pairwise([len(background[k].classes) for k in covered]):
        for extra in itertools.product(*(range(len(background[k].classes)) for k in closed)):
            placed = dict(zip(covered, partial, strict=True)) | dict(
                zip(closed, extra, strict=True)
            )
            rows.append(tuple(placed[k] for k in range(len(background))))
    return tuple(dict.fromkeys(rows))


def build_space(ruleset: RuleSet, props: PropertySet) -> Space:
    """The dimensions the rules and properties need, and the two parts described above."""
    conditions = [loaded.rule.when for loaded in ruleset.rules]
    conditions += [p.when for p in props.properties if isinstance(p, AtLeast) and p.when]
    changes = [p for p in props.properties if isinstance(p, NeverLowers | LongerNeverLowers)]
    keep = [
        Predicate.model_validate({"field": path, "equals": value})
        for p in changes
        if isinstance(p, NeverLowers)
        for path in p.fields
        for value in (p.from_, p.to)
    ]
    listed = [f for p in props.properties if isinstance(p, UnknownIsListed) for f in p.fields]
    changed = {f for p in changes for f in p.fields}
    signs_paths = [spec.path for spec in safety_questions()]
    dims = dimensions(conditions, [*signs_paths, *changed, *listed], keep)
    background = tuple(d for path, d in dims.items() if path not in signs_paths)
    signs = tuple(dims[path] for path in signs_paths)

    configs = _sign_configs(signs)
    closed = [k for k, d in enumerate(background) if d.field in changed]
    rows = _covering_rows(background, closed)
    closed_names = ", ".join(background[k].field for k in closed) or "no field"
    part1 = Block(
        f"every combination of the {len(background)} other fields, every warning sign 'no'",
        tuple(itertools.product(*(range(len(d.classes)) for d in background))),
        (configs[0],),
    )
    part2 = Block(
        f"{len(configs)} warning-sign configurations (none; each sign 'yes' or 'unknown'; "
        f"every pair of signs, each 'yes' or 'unknown') x {len(rows)} background rows "
        f"(every pair of classes of {len(background) - len(closed)} fields meets in some row; "
        f"each row with every class of {closed_names})",
        rows,
        tuple(configs),
    )
    return Space(background, signs, (part1, part2), overlap=len(rows))


class _Memo:
    """A test on answers, computed once per distinct combination of the classes it reads."""

    def __init__(
        self, test: Callable[[Answers], object], positions: Sequence[int], space: Space
    ) -> None:
        self._test = test
        self._key: Callable[[Combo], object] = (
            operator.itemgetter(*positions) if positions else (lambda combo: ())
        )
        self._space = space
        self._cache: dict[object, object] = {}

    def __call__(self, combo: Combo) -> object:
        key = self._key(combo)
        if key not in self._cache:
            self._cache[key] = self._test(self._space.answers(combo))
        return self._cache[key]


@dataclass(frozen=True)
class Counterexample:
    """Answers that break a property, evaluated; for a change, the answers before it too."""

    name: str
    answers: Answers
    result: Result
    needs: str
    about: tuple[str, ...]
    before: Answers | None = None
    before_result: Result | None = None


@dataclass
class PropertyResult:
    """How one property fared: where it applied, how often it broke, and examples."""

    prop: Property
    checked: int = 0
    violations: int = 0
    examples: list[Counterexample] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        return self.checked > 0 and self.violations == 0


@dataclass(frozen=True)
class Verification:
    """Everything ``screener rules verify`` reports."""

    ruleset: RuleSet
    properties: PropertySet
    space: Space
    combinations: int
    by_disposition: dict[Disposition, int]
    confirmed: int
    results: tuple[PropertyResult, ...]

    @property
    def ok(self) -> bool:
        return all(result.holds for result in self.results)


class _Checker:
    """Evaluates the blocks of a space and checks each property as it goes."""

    def __init__(self, ruleset: RuleSet, props: PropertySet, space: Space, limit: int) -> None:
        self.ruleset, self.space, self.limit = ruleset, space, limit
        where = {dim.field: k for k, dim in enumerate(space.dims)}

        def memo(test: Callable[[Answers], object], fields: Sequence[str]) -> _Memo:
            return _Memo(test, sorted({where[f] for f in fields if f in where}), space)

        self.rules = [
            (loaded.rule, memo(loaded.test, _reads(loaded.rule.when))) for loaded in ruleset.rules
        ]
        self.results = {p.id: PropertyResult(p) for p in props.properties}
        self.floors = [
            (p, memo(compile_condition(p.when), _reads(p.when)))
            for p in props.properties
            if isinstance(p, AtLeast) and p.when is not None
        ]
        # Whether a field is listed depends on the field and, for information the rule set
        # asks for, on that item's condition.
        info = {item.field: item.when for item, _ in ruleset.information_needed}
        self.listings = [
            (
                p,
                where[path],
                frozenset(_unknown_classes(space.dims[where[path]])),
                memo(_lister(ruleset, path), [path, *_reads(info.get(path))]),
            )
            for p in props.properties
            if isinstance(p, UnknownIsListed)
            for path in p.fields
            if path in where
        ]
        self.undecided = [
            (p, [(rule, test) for rule, test in self.rules if rule.disposition == p.rules_giving])
            for p in props.properties
            if isinstance(p, UndecidedAtLeast)
        ]
        self.tally: Counter[Disposition] = Counter()
        self.outcomes: dict[tuple[str, ...], Combo] = {}

    def decide(self, combo: Combo) -> Disposition:
        fired = [rule for rule, test in self.rules if test(combo) is True]
        outcomes = ranked(list(fired), self.ruleset.fallback)
        self.outcomes.setdefault(tuple(outcome.id for outcome in outcomes), combo)
        return outcomes[0].disposition

    def example(
        self,
        prop: Property,
        combo: Combo,
        needs: str,
        about: Sequence[str],
        before: Combo | None = None,
    ) -> None:
        result = self.results[prop.id]
        result.violations += 1
        if len(result.examples) >= self.limit:
            return
        answers = self.space.answers(combo)
        earlier = self.space.answers(before) if before is not None else None
        if isinstance(prop, AtLeast) and prop.when is not None:
            found = evidence(prop.when, answers, answers.model_dump(mode="json"))
            about = [path for path in found if path != "screening_date"]
        result.examples.append(
            Counterexample(
                name=f"{prop.id}-{len(result.examples) + 1}",
                answers=answers,
                result=evaluate(answers, self.ruleset),
                needs=needs,
                about=tuple(about),
                before=earlier,
                before_result=evaluate(earlier, self.ruleset) if earlier is not None else None,
            )
        )

    def run_block(self, block: Block, repeated: Combo | None) -> list[list[int]]:
        """Severity of every combination of the block, by row and configuration.

        Combinations with the ``repeated`` configuration were met in an earlier block: they are
        evaluated for the comparisons but counted and checked only once.
        """
        grid = []
        for row in block.rows:
            severities = []
            for config in block.configs:
                combo = row + config
                disposition = self.decide(combo)
                severities.append(disposition.severity)
                if config != repeated:
                    self.tally[disposition] += 1
                    self.check_one(combo, disposition)
            grid.append(severities)
        return grid

    def check_one(self, combo: Combo, disposition: Disposition) -> None:
        for floor, applies in self.floors:
            if applies(combo) is True:
                self.results[floor.id].checked += 1
                if disposition.severity < floor.disposition.severity:
                    self.example(floor, combo, f"at least {floor.disposition.value}", ())
        for undecided, tests in self.undecided:
            open_rules = [rule for rule, test in tests if test(combo) is None]
            if open_rules:
                self.results[undecided.id].checked += 1
                if disposition.severity < undecided.disposition.severity:
                    needs = (
                        f"at least {undecided.disposition.value}, as rule '{open_rules[0].id}' "
                        "could not be ruled out"
                    )
                    self.example(undecided, combo, needs, _reads(open_rules[0].when))
        for prop, position, unknown, listed in self.listings:
            if combo[position] in unknown:
                self.results[prop.id].checked += 1
                if not listed(combo):
                    path = self.space.dims[position].field
                    self.example(prop, combo, f"{path} listed as not answered or unknown", [path])

    def check_changes(self, block: Block, grid: list[list[int]], prop: Property) -> None:
        """Compare the severity before and after each change the property names."""
        width = len(self.space.background)
        for path in prop.fields if isinstance(prop, NeverLowers | LongerNeverLowers) else []:
            position = self.space.position(path)
            dim = self.space.dims[position]
            if isinstance(prop, NeverLowers):
                steps = [(dim.index(prop.from_), dim.index(prop.to))]
            else:
                steps = list(itertools.pairwise(i for i, c in enumerate(dim.classes) if c.known))
            in_rows = position < width
            items = block.rows if in_rows else block.configs
            others = range(len(block.configs if in_rows else block.rows))
            for i, j, start, end in _moves(items, position - (0 if in_rows else width), steps):
                for other in others:
                    r1, c1, r2, c2 = (i, other, j, other) if in_rows else (other, i, other, j)
                    self.results[prop.id].checked += 1
                    if grid[r2][c2] < grid[r1][c1]:
                        change = (
                            f"{path} changed from {describe(dim.classes[start].value)} "
                            f"to {describe(dim.classes[end].value)}"
                        )
                        before = block.rows[r1] + block.configs[c1]
                        after = block.rows[r2] + block.configs[c2]
                        self.example(prop, after, f"no lower than before {change}", [path], before)


def _unknown_classes(dim: Dimension) -> list[int]:
    return [i for i, value_class in enumerate(dim.classes) if not value_class.known]


def _lister(ruleset: RuleSet, path: str) -> Callable[[Answers], bool]:
    def listed(answers: Answers) -> bool:
        gaps = unanswered_safety_questions(answers) + missing_information(answers, ruleset)
        return path in {gap.field for gap in gaps}

    return listed


def _reads(condition: Condition | None) -> list[str]:
    return [leaf.field for leaf in predicates(condition)] if condition is not None else []


def _moves(
    items: Sequence[Combo], position: int, steps: list[tuple[int, int]]
) -> list[tuple[int, int, int, int]]:
    """(i, j, start, end): items[j] is items[i] with ``position`` moved from start to end."""
    index = {item: i for i, item in enumerate(items)}
    found = []
    for i, item in enumerate(items):
        for start, end in steps:
            if item[position] == start:
                j = index.get((*item[:position], end, *item[position + 1 :]))
                if j is not None:
                    found.append((i, j, start, end))
    return found


def verify(ruleset: RuleSet, props: PropertySet, limit: int = 3) -> Verification:
    """Evaluate the rule set over the reduced answer space and check every property.

    ``limit`` caps the counterexamples kept per property; all violations are counted.
    """
    space = build_space(ruleset, props)
    checker = _Checker(ruleset, props, space, limit)
    changes = [p for p in props.properties if isinstance(p, NeverLowers | LongerNeverLowers)]
    repeated: Combo | None = None
    for block in space.blocks:
        grid = checker.run_block(block, repeated)
        repeated = block.configs[0]
        for prop in changes:
            checker.check_changes(block, grid, prop)
    for ids, combo in checker.outcomes.items():
        answers = space.answers(combo)
        result = evaluate(answers, ruleset)
        if tuple(rule.id for rule in result.fired) != ids:
            raise RuntimeError(
                f"verification disagrees with the evaluator on {answers_json(answers)}"
            )
    return Verification(
        ruleset=ruleset,
        properties=props,
        space=space,
        combinations=sum(block.size for block in space.blocks) - space.overlap,
        by_disposition=dict(checker.tally),
        confirmed=len(checker.outcomes),
        results=tuple(checker.results.values()),
    )


def write_counterexamples(report: Verification, folder: Path) -> dict[str, Path]:
    """Write each counterexample as an answers file ``screener evaluate`` runs; name -> path."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for result in report.results:
        for example in result.examples:
            pairs = [(example.name, example.answers)]
            if example.before is not None:
                pairs.append((f"{example.name}-before", example.before))
            for name, answers in pairs:
                written[name] = folder / f"{name}.json"
                write_private(written[name], answers_json(answers))
    return written


def _outcome(result: Result) -> str:
    return f"{result.disposition.value} (fired: {', '.join(rule.id for rule in result.fired)})"


def _answers_line(name: str, answers: Answers, files: Mapping[str, Path]) -> str:
    if name in files:
        return f"screener evaluate {files[name]}"
    return answers.model_dump_json(exclude_none=True)


def _counterexample(
    example: Counterexample, ruleset: RuleSet, files: Mapping[str, Path]
) -> list[str]:
    lines = [f"    {example.name}: {_outcome(example.result)}; needs {example.needs}"]
    if example.before is not None and example.before_result is not None:
        lines.append(f"      before: {_outcome(example.before_result)}")
        lines.append(f"        {_answers_line(example.name + '-before', example.before, files)}")
        lines.append("      after:")
    fired = {rule.id for rule in example.result.fired}
    quiet = [
        loaded.rule.id
        for loaded in ruleset.rules
        if set(_reads(loaded.rule.when)) & set(example.about) and loaded.rule.id not in fired
    ]
    lines.append(f"        {_answers_line(example.name, example.answers, files)}")
    if quiet:
        lines.append(
            f"      rules that read {', '.join(example.about)} and did not fire: {', '.join(quiet)}"
        )
    return lines


def render(report: Verification, files: Mapping[str, Path] | None = None) -> str:
    """The plain-text report: the space and how it was reduced, counts, and each property."""
    files = files or {}
    ruleset, space = report.ruleset, report.space
    lines = [
        f"Rule set {ruleset.name} {ruleset.version} ({ruleset.content_hash[:19]}), "
        f"properties {report.properties.version}",
        "",
        "Answer classes (answers in one class give the same truth under every condition):",
    ]
    lines += [f"  {dim}" for dim in space.background]
    sign_classes = {" | ".join(str(c) for c in dim.classes) for dim in space.signs}
    if len(sign_classes) == 1:
        lines.append(f"  each of the {len(space.signs)} warning signs: {sign_classes.pop()}")
    else:
        lines += [f"  {dim}" for dim in space.signs]
    whole = prod(len(dim.classes) for dim in space.dims)
    lines += ["", f"All combinations of these classes: {whole:,}. Too many; evaluated instead:"]
    for number, block in enumerate(space.blocks, start=1):
        lines.append(f"  part {number}: {block.title}: {block.size:,}")
    lines += [
        f"Combinations evaluated: {report.combinations:,} "
        f"(the {space.overlap:,} found in both parts counted once)",
        "",
        "By disposition:",
    ]
    for disposition in Disposition:
        lines.append(f"  {disposition.value:20} {report.by_disposition.get(disposition, 0):>9,}")
    lines += [
        "Every combination got exactly one disposition: the most severe rule that fired, or the",
        f"fallback. Each of the {report.confirmed:,} distinct sets of fired rules was confirmed "
        "by the evaluator.",
        "",
        f"Properties ({ruleset.directory / PROPERTIES}):",
    ]
    for result in report.results:
        prop = result.prop
        if result.holds:
            lines.append(f"  ok    {prop.id} ({result.checked:,} checked)")
            continue
        if result.checked == 0:
            lines.append(f"  FAIL  {prop.id}: never applied; check its condition or fields")
        else:
            lines.append(f"  FAIL  {prop.id}: {result.violations:,} of {result.checked:,} fail")
        lines.append(f"        {prop.title}")
        for example in result.examples:
            lines += _counterexample(example, ruleset, files)
    failed = sum(not result.holds for result in report.results)
    lines += [
        "",
        f"{len(report.results)} properties: {len(report.results) - failed} hold, {failed} fail.",
    ]
    return "\n".join(lines) + "\n"
