"""Every error the screener reports to a person, as one family of exceptions.

The command line turns any :class:`ScreenerError` into a one-paragraph message
and exit status 2; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import yaml
from pydantic import ValidationError


class ScreenerError(Exception):
    """A mistake in the input that the person can fix; the message says how."""


class InputFileError(ScreenerError):
    """An answers file that cannot be read or is not valid JSON or YAML."""


class AnswersError(ScreenerError):
    """An answers document whose content breaks the answers model."""


class FhirError(AnswersError):
    """A FHIR resource that is malformed, or does not fit our questionnaire."""


class RuleSetError(ScreenerError):
    """A rule file that is malformed or does not fit the answers model."""


class OutputFileError(ScreenerError):
    """An output file that cannot be written, or exists and may not be replaced."""


class ReportError(ScreenerError):
    """A report asked for words (an education topic) that the report content lacks."""


class NoTerminalError(ScreenerError):
    """The interview was started without a terminal to ask its questions on."""


def _location(loc: tuple[int | str, ...]) -> tuple[str, ...]:
    """The field path of an error: tagged-union tags (all.all) folded, scalar union members
    (str, int, float, bool) dropped."""
    parts: list[str] = []
    for part in map(str, loc):
        if part.startswith("function-") or (parts and parts[-1] == part):
            continue
        parts.append(part)
    while parts and parts[-1] in _SCALAR_MEMBERS:
        parts.pop()
    return tuple(parts)


_SCALAR_MEMBERS = {"str", "int", "float", "bool"}


def describe_validation(exc: ValidationError, source: str) -> str:
    """Turn a pydantic ValidationError into one paragraph naming each bad field."""
    problems: dict[tuple[str, ...], str] = {}
    for err in exc.errors(include_url=False):
        where = _location(err["loc"])
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = "is not a known field (check the spelling)"
        elif where in problems:
            # Several members of a union refused the value: say what kind of value fits.
            message = "Input should be a single text, number or true/false value"
        # A whole document (a mapping) is not echoed: it may hold a patient's name.
        if (
            "input" in err
            and err["type"] not in ("missing", "extra_forbidden")
            and not isinstance(err["input"], dict)
        ):
            message = f"{message} (got {err['input']!r})"
        problems[where] = message
    described = [
        f"field '{'.'.join(where)}': {message}" if where else message
        for where, message in problems.items()
    ]
    return f"{source}: " + "; ".join(described) + "."


def describe_yaml_error(exc: yaml.YAMLError) -> str:
    """One line for a YAML syntax error: what is wrong and where (line and column)."""
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        mark = exc.problem_mark
        return f"{exc.problem} at line {mark.line + 1}, column {mark.column + 1}"
    return " ".join(str(exc).split())
