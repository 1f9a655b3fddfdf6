"""The ``screener`` command. It parses arguments and calls the library; nothing more.

Exit status: 0 on success; 1 when a rule-set check, verification or test finds problems
(each is listed); 2 for any input the person can fix (the message says which file and
field), as click does for usage errors.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from screener import __version__

EXIT_OK = 0
EXIT_FAIL = 1
EXIT_INPUT_ERROR = 2


class _Group(click.Group):
    """A command group that reports a ScreenerError as one paragraph and exit status 2."""

    def invoke(self, ctx: click.Context) -> Any:
        from screener.errors import ScreenerError

        try:
            return super().invoke(ctx)
        except ScreenerError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(EXIT_INPUT_ERROR)


rules_dir_option = click.option(
    "--rules",
    "rules_dir",
    type=click.Path(file_okay=False, path_type=str),
    default=None,
    help="Folder of the rule set to use (default: the shipped rules).",
)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="screener")
def main() -> None:
    """Screen back pain: who needs emergency care, a specialist, or self-care.

    A screening aid, not a diagnosis.
    """


@main.command()
@click.argument("answers_file", metavar="FILE|-")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Plain words for people, or the full result as JSON.",
)
@rules_dir_option
def evaluate(answers_file: str, output_format: str, rules_dir: str | None) -> None:
    """Screen an answers file (JSON or YAML; - reads standard input)."""
    from screener.documents import read_answers
    from screener.evaluation import evaluate as run
    from screener.result_text import render_result
    from screener.rules import load_ruleset

    ruleset = load_ruleset(rules_dir)
    result = run(read_answers(answers_file), ruleset)
    if output_format == "json":
        click.echo(result.model_dump_json(indent=2))
    else:
        click.echo(render_result(result), nl=False)


@main.command()
def schema() -> None:
    """Print the JSON Schema of the answers document."""
    from screener.answers import Answers

    click.echo(json.dumps(Answers.model_json_schema(), indent=2))


rules_dir_argument = click.argument(
    "rules_dir",
    metavar="[DIR]",
    required=False,
    type=click.Path(file_okay=False, path_type=str),
)


def _finish(problems: int) -> None:
    """Exit 1 when there were problems (they have been listed), else 0."""
    click.get_current_context().exit(EXIT_FAIL if problems else EXIT_OK)


@main.group(cls=_Group)
def rules() -> None:
    """Inspect, check and verify a rule set (the shipped one unless DIR is given)."""


@rules.command("list")
@rules_dir_option
def rules_list(rules_dir: str | None) -> None:
    """List every rule: id, disposition, title and source."""
    from screener.rules import Outcome, load_ruleset

    ruleset = load_ruleset(rules_dir)
    click.echo(f"{ruleset.name} {ruleset.version} ({ruleset.content_hash})")
    outcomes: list[tuple[str, Outcome]] = [(loaded.file, loaded.rule) for loaded in ruleset.rules]
    outcomes.append(("ruleset.yaml", ruleset.fallback))
    for file, rule in outcomes:
        click.echo(f"{rule.id:42} {rule.disposition.value:20} {file}")
        click.echo(f"    {rule.title}")
        click.echo(f"    source: {rule.source}")


@rules.command("check")
@rules_dir_argument
@click.option(
    "--reports",
    "reports_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Report templates whose education topics the rules may name (default: shipped).",
)
def rules_check(rules_dir: str | None, reports_dir: Path | None) -> None:
    """Check a rule set without screening anyone.

    Beyond loading it: every rule can fire and can decide a result, every disposition can
    be reached, every answer a rule reads is asked, no two rules with the same condition
    disagree, and every education topic has a template in reports/education/. Exit status 1
    lists each problem; 2 means the rule set does not load.
    """
    from screener.checks import check_ruleset
    from screener.properties import load_properties
    from screener.questionnaire import load_questionnaire
    from screener.resources import data_dir
    from screener.rules import load_ruleset

    ruleset = load_ruleset(rules_dir)
    questionnaire = load_questionnaire(ruleset.directory)
    load_properties(ruleset.directory)
    findings = check_ruleset(ruleset, questionnaire, reports_dir or data_dir("reports"))
    for finding in findings:
        click.echo(f"{finding.check}: {finding.message}")
    click.echo(
        f"{ruleset.name} {ruleset.version}: {len(ruleset.rules)} rules, "
        f"{len(questionnaire.questions)} questions: {len(findings) or 'no'} problems."
    )
    _finish(len(findings))


@rules.command("verify")
@rules_dir_argument
@click.option(
    "--counterexamples",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write each counterexample as an answers file in this folder.",
)
@click.option(
    "--max-examples",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="Counterexamples kept for each property (all violations are counted).",
)
def rules_verify(rules_dir: str | None, folder: Path | None, max_examples: int) -> None:
    """Evaluate a rule set over the answer space and check its safety properties.

    The properties are declared in DIR/properties.yaml. The report gives the answer
    classes, how the space was reduced, the combinations evaluated, the count per
    disposition, and each property. Exit status 1 lists every counterexample.
    """
    from screener.properties import load_properties
    from screener.rules import load_ruleset
    from screener.verification import render, verify, write_counterexamples

    ruleset = load_ruleset(rules_dir)
    report = verify(ruleset, load_properties(ruleset.directory), max_examples)
    files = write_counterexamples(report, folder) if folder is not None else {}
    click.echo(render(report, files), nl=False)
    _finish(not report.ok)


@rules.command("test")
@rules_dir_argument
def rules_test(rules_dir: str | None) -> None:
    """Run the cases that ship with a rule set (DIR/cases) and report each one.

    Exit status 1 when any case gets another disposition or other rules than it states.
    """
    from screener.cases import describe_outcome, load_cases, run_cases
    from screener.rules import load_ruleset

    ruleset = load_ruleset(rules_dir)
    outcomes = run_cases(load_cases(ruleset.directory / "cases"), ruleset)
    for outcome in outcomes:
        click.echo(describe_outcome(outcome))
    failed = sum(not outcome.passed for outcome in outcomes)
    click.echo(f"{len(outcomes)} cases: {len(outcomes) - failed} pass, {failed} fail.")
    _finish(failed)


@rules.command("diff")
@click.argument("old_dir", type=click.Path(file_okay=False, path_type=str))
@click.argument("new_dir", type=click.Path(file_okay=False, path_type=str))
@click.option(
    "--corpus",
    multiple=True,
    required=True,
    type=click.Path(exists=True, path_type=str),
    help="An answers file, or a folder of *.json answers files; repeat for more.",
)
def rules_diff(old_dir: str, new_dir: str, corpus: tuple[str, ...]) -> None:
    """Show which answers change disposition between two versions of a rule set, and why.

    Each answers file in the corpus is screened by OLD_DIR and NEW_DIR; for each change the
    report names the rules that fired before and after.
    """
    from screener.documents import read_answers
    from screener.rules import load_ruleset
    from screener.ruleset_diff import corpus_files, diff_rulesets, render_diff

    documents = [(path, read_answers(path)) for path in corpus_files(corpus)]
    diff = diff_rulesets(load_ruleset(old_dir), load_ruleset(new_dir), documents)
    click.echo(render_diff(diff), nl=False)


@rules.command("matrix")
@rules_dir_argument
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["md", "html"]),
    default="md",
    show_default=True,
    help="Markdown or a self-contained HTML page.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of standard output.",
)
def rules_matrix(rules_dir: str | None, output_format: str, output: Path | None) -> None:
    """Print the decision matrix: dispositions over the main answer classes, for sign-off."""
    from screener.matrix import build_matrix, render_html, render_markdown
    from screener.properties import load_properties
    from screener.rules import load_ruleset

    ruleset = load_ruleset(rules_dir)
    matrix = build_matrix(ruleset, load_properties(ruleset.directory))
    text = render_html(matrix) if output_format == "html" else render_markdown(matrix)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
