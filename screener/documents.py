"""Reading answers documents from files or stdin, and writing files safely.

Answers files hold health data, so every file this module writes is created
with owner-only permissions and appears whole or not at all.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO, TextIO, cast

import yaml
from pydantic import ValidationError

from screener.answers import Answers
from screener.errors import (
    AnswersError,
    InputFileError,
    OutputFileError,
    describe_validation,
    describe_yaml_error,
)

STDIN = "-"

# libyaml's loader when it is installed: the same safe subset of YAML, parsed about ten
# times faster, which matters at start-up (every rule file is read on each run).
_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    """A YAML mapping, refused when a key repeats: a second answer must not replace the first."""
    loader.flatten_mapping(node)
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                problem=f"the key {key!r} appears twice in one mapping",
                problem_mark=key_node.start_mark,
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=True)


_UNIQUE_KEY_LOADER = cast("type[yaml.SafeLoader]", type("UniqueKeyLoader", (_SAFE_LOADER,), {}))
_UNIQUE_KEY_LOADER.add_constructor("tag:yaml.org,2002:map", _unique_mapping)


def load_yaml(text: str) -> Any:
    """``yaml.safe_load`` that refuses repeated keys; libyaml's parser when available."""
    return yaml.load(text, Loader=_UNIQUE_KEY_LOADER)  # safe_load's loader, plus the key check


class DuplicateKeyError(ValueError):
    """A JSON object names the same key twice."""


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise DuplicateKeyError(f"the key '{key}' appears twice in one object")
        found[key] = value
    return found


def load_json(text: str | bytes) -> Any:
    """``json.loads`` that refuses repeated keys: a later "no" must not cancel a "yes"."""
    return json.loads(text, object_pairs_hook=_unique_object)


def read_document(source: str) -> Any:
    """Parse a JSON or YAML file (or stdin for ``-``) into plain Python data."""
    name = "standard input" if source == STDIN else source
    try:
        text = sys.stdin.read() if source == STDIN else Path(source).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputFileError(f"{name}: no such file.") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(f"{name}: cannot read it ({exc}).") from exc
    if source.endswith(".json"):
        try:
            return load_json(text)
        except json.JSONDecodeError as exc:
            raise InputFileError(
                f"{name}: not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
            ) from exc
        except DuplicateKeyError as exc:
            raise InputFileError(f"{name}: {exc}; give each answer once.") from exc
    try:
        # YAML is a superset of JSON, so this also reads JSON from stdin.
        return load_yaml(text)
    except yaml.YAMLError as exc:
        raise InputFileError(
            f"{name}: not valid JSON or YAML: {describe_yaml_error(exc)}."
        ) from exc


def parse_answers(data: Any, source: str) -> Answers:
    """Validate plain data as an answers document, naming the source in any error."""
    name = "standard input" if source == STDIN else source
    if not isinstance(data, dict):
        raise AnswersError(
            f"{name}: an answers document is a mapping of fields (a JSON object), "
            f"not {type(data).__name__}."
        )
    try:
        return Answers.model_validate(data)
    except ValidationError as exc:
        raise AnswersError(describe_validation(exc, name)) from exc


def read_answers(source: str) -> Answers:
    """Read and validate an answers document from a path, or stdin for ``-``."""
    return parse_answers(read_document(source), source)


def answers_json(answers: Answers) -> str:
    """The answers as the JSON that ``screener evaluate`` reads back unchanged."""
    return answers.model_dump_json(indent=2, exclude_none=True) + "\n"


def nested(flat: Mapping[str, Any]) -> dict[str, Any]:
    """A document from values keyed by dotted field path: ``{"a.b": 1}`` is ``{"a": {"b": 1}}``."""
    doc: dict[str, Any] = {}
    for path, value in flat.items():
        *parents, leaf = path.split(".")
        node = doc
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return doc


@contextlib.contextmanager
def private_file(path: Path, *, overwrite: bool = True) -> Iterator[BinaryIO]:
    """A file to write into that appears at ``path`` whole, readable by its owner only.

    Whatever is written goes to a temporary file in the same folder, which is
    renamed over the target only when the block ends without an error: a crash
    or an error leaves no partial file, and an existing one untouched.
    """
    path = Path(path)
    if not overwrite and path.exists():
        raise OutputFileError(f"{path}: the file exists; use --force to replace it.")
    folder = path.parent if str(path.parent) else Path()
    try:
        # mkstemp creates the file readable and writable by its owner only (0600).
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputFileError(f"{path}: cannot write here ({exc.strerror}).") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        if isinstance(exc, OSError):
            raise OutputFileError(f"{path}: cannot write it ({exc.strerror}).") from exc
        raise


@contextlib.contextmanager
def private_text_file(path: Path, *, overwrite: bool = True) -> Iterator[TextIO]:
    """:func:`private_file` for UTF-8 text, written as it comes (newlines untranslated)."""
    with private_file(path, overwrite=overwrite) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        yield text
        text.flush()
        text.detach()


def write_private(path: Path, content: str | bytes, *, overwrite: bool = True) -> None:
    """Write ``content`` to ``path`` atomically, readable by its owner only."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    with private_file(path, overwrite=overwrite) as handle:
        handle.write(data)
