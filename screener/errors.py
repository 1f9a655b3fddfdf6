"""Every error the screener reports to a person, as one family of exceptions.

The command line turns any :class:`ScreenerError` into a one-paragraph message
and exit status 2; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

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


def describe_validation(exc: ValidationError, source: str, prefix: str = "") -> str:
    """Turn a pydantic ValidationError into sentences naming each bad field.

    ``prefix`` is prepended to every field path, for documents nested in a file.
    """
    problems = []
    for err in exc.errors(include_url=False):
        path = ".".join(str(part) for part in err["loc"] if not str(part).startswith("function-"))
        where = f"{prefix}{path}" if path else (prefix.rstrip(".") or "the document")
        message = err["msg"]
        if err["type"] == "extra_forbidden":
            message = "is not a known field (check the spelling)"
        elif "input" in err and err["type"] not in ("missing",):
            message = f"{message} (got {err['input']!r})"
        problems.append(f"field '{where}': {message}")
    return f"{source}: " + "; ".join(problems) + "."
