"""The ``screener`` command. It parses arguments and calls the library; nothing more.

Exit status: 0 on success, 2 for any input the person can fix (the message
says which file and field), as click does for usage errors; 1 for an
interview stopped before its result (Ctrl-C, or the input ended).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from screener import __version__

EXIT_OK = 0
EXIT_UNFINISHED = 1
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
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file (owner-only) instead of standard output.",
)
@click.option(
    "--page-size",
    type=click.Choice(["a4", "letter"]),
    default="a4",
    show_default=True,
    help="Paper size for HTML printing and PDF.",
)
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
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


@main.group(cls=_Group)
def rules() -> None:
    """Inspect the rule set."""


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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
