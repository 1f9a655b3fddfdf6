"""The ``screener`` command. It parses arguments and calls the library; nothing more.

Exit status: 0 on success; 2 for any input the person can fix (the message
says which file and field), as click does for usage errors; 1 when the work
ran but did not all succeed: a rule-set check, verification or test found
problems (each is listed), an interview stopped before its result, or a
batch could not screen some records.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import Any, cast

import click

from screener import __version__

EXIT_OK = 0
EXIT_FAIL = 1
EXIT_UNFINISHED = 1
EXIT_SOME_RECORDS_INVALID = 1
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
output_option = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file (readable by its owner only) instead of standard output.",
)
force_option = click.option("--force", is_flag=True, help="Replace the output file if it exists.")


def _emit(text: str, output: Path | None, force: bool) -> None:
    """Print ``text``, or write it to ``output`` whole and owner-only."""
    if output is None:
        click.echo(text, nl=False)
        return
    from screener.documents import write_private

    write_private(output, text, overwrite=force)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="screener")
def main() -> None:
    """Screen back pain: who needs emergency care, a specialist, or self-care.

    A screening aid, not a diagnosis.
    """


@main.command()
@click.argument("answers_file", metavar="FILE|-")
@click.option(
    "--fhir",
    "is_fhir",
    is_flag=True,
    help="FILE is a FHIR R4B QuestionnaireResponse (JSON) to our questionnaire.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Plain words for people, or the full result as JSON.",
)
@rules_dir_option
def evaluate(answers_file: str, is_fhir: bool, output_format: str, rules_dir: str | None) -> None:
    """Screen an answers file (JSON or YAML; - reads standard input)."""
    from screener.evaluation import evaluate as run
    from screener.result_text import render_result
    from screener.rules import load_ruleset

    ruleset = load_ruleset(rules_dir)
    if is_fhir:
        from screener.fhir import read_response

        answers = read_response(answers_file)
    else:
        from screener.documents import read_answers

        answers = read_answers(answers_file)
    result = run(answers, ruleset)
    if output_format == "json":
        click.echo(result.model_dump_json(indent=2))
    else:
        click.echo(render_result(result), nl=False)


@main.command()
@click.argument("answers_file", metavar="FILE|-")
@click.option(
    "--kind",
    type=click.Choice(["patient", "clinician"]),
    default="patient",
    show_default=True,
    help="The patient education report, or the one-page clinician summary.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "md", "html", "pdf"]),
    default="text",
    show_default=True,
    help="Terminal text, Markdown, self-contained HTML, or PDF (needs -o).",
)
@output_option
@click.option(
    "--page-size",
    type=click.Choice(["a4", "letter"]),
    default="a4",
    show_default=True,
    help="Paper size for HTML printing and PDF.",
)
@force_option
@rules_dir_option
def report(
    answers_file: str,
    kind: str,
    output_format: str,
    output: Path | None,
    page_size: str,
    force: bool,
    rules_dir: str | None,
) -> None:
    """Write the patient report or the clinician summary for an answers file."""
    if output_format == "pdf" and output is None:
        raise click.UsageError("a PDF needs a file to go to: add -o FILE.")
    from screener.documents import read_answers
    from screener.evaluation import evaluate as run
    from screener.report import render_report, terminal_style, write_report
    from screener.rules import load_ruleset

    answers = read_answers(answers_file)
    result = run(answers, load_ruleset(rules_dir))
    # click has checked each value against its choices.
    options: dict[str, Any] = {"kind": kind, "fmt": output_format, "page_size": page_size}
    if output is not None:
        write_report(answers, result, path=output, force=force, **options)
        click.echo(f"Wrote the {kind} {output_format} to {output}.", err=True)
        return
    width, color = terminal_style(sys.stdout)
    click.echo(render_report(answers, result, width=width, color=color, **options), nl=False)


@main.command()
@click.option(
    "--nurse",
    is_flag=True,
    help="Nurse-guided: patient details, Unknown and Declined on every question, notes, review.",
)
@click.option(
    "--resume",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Carry on with an interview saved in FILE, at the first question not yet answered.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Save the answers in FILE (default: screening-DATE-TIME.json here, or the --resume FILE).",
)
@click.option("--force", is_flag=True, help="Replace the output FILE if it exists.")
@click.option(
    "--plain",
    is_flag=True,
    help="Numbered choices typed as numbers, no menus and no colour (for screen readers).",
)
@rules_dir_option
@click.pass_context
def interview(
    ctx: click.Context,
    nurse: bool,
    resume: Path | None,
    output: Path | None,
    force: bool,
    plain: bool,
    rules_dir: str | None,
) -> None:
    """Ask the screening questions on this terminal, then show and save the result."""
    from screener.interview import start

    ending = start(
        nurse=nurse, resume=resume, output=output, force=force, plain=plain, rules_dir=rules_dir
    )
    # Hook for reports: when ending.finished, offer screener.report.write_report here for
    # ending.answers (saved in ending.saved_to).
    ctx.exit(EXIT_OK if ending.finished else EXIT_UNFINISHED)


@main.command()
def schema() -> None:
    """Print the JSON Schema of the answers document."""
    from screener.answers import Answers

    click.echo(json.dumps(Answers.model_json_schema(), indent=2))


@main.command()
@click.argument("input_file", metavar="INPUT", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "-o",
    "--output",
    "output_file",
    required=True,
    type=click.Path(dir_okay=False),
    help="Results file, .jsonl or .csv: record id, disposition, fired rules, unanswered.",
)
@click.option(
    "--errors",
    "errors_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Where records that cannot be screened go (default: OUTPUT.errors beside it).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes to screen with.",
)
@click.option("--force", is_flag=True, help="Replace OUTPUT and the errors file if they exist.")
@rules_dir_option
def batch(
    input_file: str,
    output_file: str,
    errors_file: str | None,
    jobs: int,
    force: bool,
    rules_dir: str | None,
) -> None:
    """Screen every record of a JSON Lines or CSV file of answers.

    A record that cannot be screened does not stop the batch: it goes to the
    errors file with its line number and the reason. Ends with a count per
    disposition; exit status 1 if any record was invalid.
    """
    from pathlib import Path

    from screener.batch import errors_path_for, run_batch

    output = Path(output_file)
    errors = Path(errors_file) if errors_file else errors_path_for(output)
    run = functools.partial(
        run_batch, Path(input_file), output, errors, rules_dir=rules_dir, jobs=jobs, overwrite=force
    )
    if sys.stderr.isatty():  # a progress bar for people; nothing in logs and pipes
        size = Path(input_file).stat().st_size
        with click.progressbar(length=size, label="Screening", file=sys.stderr) as bar:
            summary = run(progress=bar.update)
    else:
        summary = run()
    click.echo(f"Screened {input_file} with rule set {summary.ruleset} into {output}.")
    click.echo(summary.table(errors), nl=False)
    if summary.invalid:
        sys.exit(EXIT_SOME_RECORDS_INVALID)


@main.group(cls=_Group)
def fhir() -> None:
    """Exchange questionnaires and answers with health-record systems (FHIR R4B)."""


@fhir.command("questionnaire")
@click.option(
    "--mode",
    type=click.Choice(["nurse", "patient"]),
    default="nurse",
    show_default=True,
    help="Whose wording: a nurse's, or the patient's own (without nurse-only questions).",
)
def fhir_questionnaire(mode: str) -> None:
    """Print our questionnaire as a FHIR R4B Questionnaire (JSON)."""
    from screener.fhir import as_json, questionnaire_resource
    from screener.questionnaire import Mode, load_questionnaire

    resource = questionnaire_resource(load_questionnaire(), cast("Mode", mode))
    click.echo(as_json(resource), nl=False)


@fhir.command("response")
@click.argument("answers_file", metavar="FILE|-")
@output_option
@force_option
def fhir_response(answers_file: str, output: Path | None, force: bool) -> None:
    """Print an answers file as a FHIR R4B QuestionnaireResponse (JSON)."""
    from screener.documents import read_answers
    from screener.fhir import as_json, response_resource
    from screener.questionnaire import load_questionnaire

    _emit(
        as_json(response_resource(read_answers(answers_file), load_questionnaire())), output, force
    )


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
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help="A readable list, or the Markdown rule reference (docs/rules.md).",
)
def rules_list(rules_dir: str | None, output_format: str) -> None:
    """List every rule: id, disposition, title and source."""
    from screener.rule_reference import render_rule_list, render_rule_reference
    from screener.rules import load_ruleset

    ruleset = load_ruleset(rules_dir)
    render = render_rule_reference if output_format == "markdown" else render_rule_list
    click.echo(render(ruleset), nl=False)


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
    disagree, and every education topic has its words in reports/content.yaml. Exit status 1
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
@output_option
@force_option
def rules_matrix(
    rules_dir: str | None, output_format: str, output: Path | None, force: bool
) -> None:
    """Print the decision matrix: dispositions over the main answer classes, for sign-off."""
    from screener.matrix import build_matrix, render_html, render_markdown
    from screener.properties import load_properties
    from screener.rules import load_ruleset

    ruleset = load_ruleset(rules_dir)
    matrix = build_matrix(ruleset, load_properties(ruleset.directory))
    text = render_html(matrix) if output_format == "html" else render_markdown(matrix)
    _emit(text, output, force)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
