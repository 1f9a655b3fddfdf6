"""FHIR in and out: the questionnaire as a Questionnaire, answers as a QuestionnaireResponse.

One FHIR version, **R4B** (4.3.0), through ``fhir.resources.R4B``: it is what most
record systems accept today. Only this module imports fhir.resources, and the
command line imports this module only for the FHIR commands.

How our data maps (the README repeats this for people who integrate):

* **linkId** is the answers field path (``red_flags.fever``, ``treatment.weeks``),
  so a response maps onto an answers document without a lookup table, and
  ``show_when`` conditions, which name fields, become ``enableWhen`` directly.
  Sections are ``group`` items whose linkId is the section id. The duration is a
  group ``duration`` holding ``duration.amount`` (a ``quantity`` in UCUM units d,
  wk, mo, a: UCUM's month and year are exactly our 30.4375 and 365.25 days) and
  ``duration.onset_date`` (a ``date``).
* **Choices** are Codings in our own code systems: ``{CANONICAL}/CodeSystem/yes-no-unknown``
  for every yes / no / unknown question, ``{CANONICAL}/CodeSystem/<field path>``
  for the others; the code is the value stored in answers, the display its label.
  A multiple-choice item repeats; "none of these" (an empty list) is the code
  ``none``, marked exclusive.
* **required** is set on every warning-sign question, since each has an "I don't
  know" answer. A response that still leaves one out is read, and the missing
  sign counts as unknown, never as "no".
* **enableWhen** comes from ``show_when`` where FHIR can say it: ``equals``,
  ``in``, ``contains``, ``contains_any``, ``gt``/``ge``/``lt``/``le`` and
  ``is_answered``, alone or under one ``all`` or one ``any`` (``enableBehavior``).
  ``not``, ``longer_than``, ``is_unknown`` and nested mixes of ``all`` and
  ``any`` cannot be said in enableWhen: such an item has no enableWhen, so a
  form asks it always: more, never less.
* **A response** carries the screening date as ``authored``, who answered as
  ``source`` (a reference of type Patient or Practitioner), each ``no_answer``
  reason as the standard data-absent-reason extension on its item
  (``asked-unknown``, ``asked-declined``), and each interviewer note as an
  extension ``{CANONICAL}/StructureDefinition/interviewer-note`` with a
  ``section`` code and a ``text`` string. The patient identifier, date of birth
  and interviewer are items, as in our questionnaire; ``subject`` is not used,
  because our identifier may be a name, not a record number.

fhir.resources checks the structure of a resource, not whether a response fits
its Questionnaire, nor coded values. :func:`answers_from_response` does: an
unknown linkId, an answer of the wrong type, a code outside the options, two
answers to a single-answer question, or a linkId given twice is an error
naming the linkId. It does not enforce enableWhen (an answer to a disabled
question is kept, as in an answers document), and it accepts any value the
answers model accepts, so everything :func:`response_resource` writes reads
back unchanged.
"""

from __future__ import annotations

import difflib
import operator
from datetime import date
from decimal import Decimal
from typing import Any

from fhir.resources.R4B.questionnaire import Questionnaire as FhirQuestionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from pydantic import ValidationError

from screener.answers import UNKNOWN_VALUES, Answers, Duration
from screener.conditions import AllOf, AnyOf, Condition, Predicate
from screener.documents import STDIN, nested, read_document
from screener.errors import FhirError, describe_validation
from screener.fields import FieldSpec, catalogue
from screener.questionnaire import Mode, Question, Questionnaire, load_questionnaire

CANONICAL = "https://screener.invalid/fhir"
"""Base of our canonical URLs: a placeholder (``.invalid`` never resolves) until the
project has a home; change it here and nowhere else."""
QUESTIONNAIRE_URL = f"{CANONICAL}/Questionnaire/back-pain-screening"
NOTE_URL = f"{CANONICAL}/StructureDefinition/interviewer-note"
YES_NO_UNKNOWN = ("yes", "no", "unknown")
NONE_OF_THESE = "none"

HL7 = "http://hl7.org/fhir/StructureDefinition"
DATA_ABSENT = f"{HL7}/data-absent-reason"
EXCLUSIVE = f"{HL7}/questionnaire-optionExclusive"
UNIT_OPTION = f"{HL7}/questionnaire-unitOption"
UCUM = "http://unitsofmeasure.org"
UCUM_UNITS = {"days": "d", "weeks": "wk", "months": "mo", "years": "a"}

NO_ANSWER_CODES = {"unknown": "asked-unknown", "declined": "asked-declined"}
NO_ANSWER_READ = {"asked-unknown": "unknown", "unknown": "unknown", "asked-declined": "declined"}
SOURCE_TYPES = {"patient": "Patient", "nurse": "Practitioner"}
STATUSES = ("in-progress", "completed", "amended", "stopped")

VALUE_OF_TYPE = {
    "choice": "valueCoding",
    "integer": "valueInteger",
    "decimal": "valueDecimal",
    "date": "valueDate",
    "string": "valueString",
    "quantity": "valueQuantity",
}


# ---- Export ---------------------------------------------------------------------------


def code_system(spec: FieldSpec) -> str:
    """The code system of a choice field's options."""
    name = "yes-no-unknown" if spec.options == YES_NO_UNKNOWN else spec.path
    return f"{CANONICAL}/CodeSystem/{name}"


def _coding(spec: FieldSpec, code: str, display: str | None = None) -> dict[str, Any]:
    coding = {"system": code_system(spec), "code": code}
    return coding | ({"display": display} if display else {})


def _number(value: float) -> Decimal:
    return Decimal(repr(value))


def _enable_when(condition: Condition | None) -> dict[str, Any]:
    """``enableWhen`` and ``enableBehavior`` for a show_when, or nothing if FHIR cannot say it."""
    if condition is None:
        return {}
    behavior, children = "any", [condition]
    if isinstance(condition, AllOf):
        behavior, children = "all", condition.all
    elif isinstance(condition, AnyOf):
        children = condition.any
    parts = [part for child in children if (part := _enable_leaf(child)) is not None]
    if len(parts) != len(children):
        return {}
    if behavior == "all" and any(len(part) > 1 for part in parts):
        return {}  # all(x, in [a, b]) needs nesting that enableWhen does not have
    entries = [entry for part in parts for entry in part]
    return {"enableWhen": entries} | ({"enableBehavior": behavior} if len(entries) > 1 else {})


def _enable_leaf(condition: Condition) -> list[dict[str, Any]] | None:
    if not isinstance(condition, Predicate):
        return None
    spec = catalogue()[condition.field]
    op, operand = condition.operator, condition.operand(condition.operator)
    question = {"question": condition.field}
    if op == "is_answered" and not UNKNOWN_VALUES.intersection(spec.options):
        # FHIR's exists counts an "unknown" code as an answer; ours does not.
        return [question | {"operator": "exists", "answerBoolean": True}]
    if op in ("equals", "in", "contains", "contains_any") and spec.options:
        codes = operand if isinstance(operand, list) else [operand]
        return [question | {"operator": "=", "answerCoding": _coding(spec, c)} for c in codes]
    comparisons = {"equals": "=", "gt": ">", "ge": ">=", "lt": "<", "le": "<="}
    if op in comparisons and spec.kind == "number":
        key = "answerInteger" if spec.integer else "answerDecimal"
        return [question | {"operator": comparisons[op], key: operand}]
    return None  # not, longer_than, is_unknown: see the module docstring


def _bounds(question: Question) -> list[dict[str, Any]]:
    if question.bounds is None:
        return []
    integer = catalogue()[question.field].integer
    key = "valueInteger" if integer else "valueDecimal"
    low, high = question.bounds.min, question.bounds.max
    return [
        {"url": f"{HL7}/minValue", key: int(low) if integer else low},
        {"url": f"{HL7}/maxValue", key: int(high) if integer else high},
    ]


def _duration_items() -> list[dict[str, Any]]:
    fields = Duration.model_fields
    units = [
        {"url": UNIT_OPTION, "valueCoding": {"system": UCUM, "code": code, "display": unit}}
        for unit, code in UCUM_UNITS.items()
    ]
    return [
        {
            "linkId": "duration.amount",
            "text": fields["amount"].title,
            "type": "quantity",
            "extension": units,
        },
        {"linkId": "duration.onset_date", "text": fields["onset_date"].title, "type": "date"},
    ]


def _question_item(question: Question, questionnaire: Questionnaire, mode: Mode) -> dict[str, Any]:
    spec = catalogue()[question.field]
    item: dict[str, Any] = {"linkId": question.field, "text": question.text.for_mode(mode)}
    if spec.kind == "duration":
        item |= {"type": "group", "item": _duration_items()}
    elif spec.kind in ("choice", "multichoice"):
        options = [
            {"valueCoding": _coding(spec, option.value, option.label.for_mode(mode))}
            for option in questionnaire.options_for(question)
        ]
        item |= {"type": "choice", "answerOption": options}
        if spec.kind == "multichoice":
            none = {
                "valueCoding": _coding(spec, NONE_OF_THESE, "None of these"),
                "extension": [{"url": EXCLUSIVE, "valueBoolean": True}],
            }
            item |= {"repeats": True, "answerOption": [*options, none]}
    elif spec.kind == "number":
        item["type"] = "integer" if spec.integer else "decimal"
        item |= {"extension": _bounds(question)} if question.bounds else {}
    else:
        item["type"] = "date" if spec.kind == "date" else "string"
    if spec.is_safety_question:
        item["required"] = True
    return item | _enable_when(question.show_when)


def _groups(
    questionnaire: Questionnaire, questions: list[Question], mode: Mode
) -> list[dict[str, Any]]:
    """One group item per section, holding the items of ``questions`` in that section."""
    groups = []
    for section in questionnaire.sections:
        items = [
            _question_item(question, questionnaire, mode)
            for question in questions
            if question.section == section.id
        ]
        if items:
            title = section.title.for_mode(mode)
            groups.append({"linkId": section.id, "text": title, "type": "group", "item": items})
    return groups


def questionnaire_resource(questionnaire: Questionnaire, mode: Mode = "nurse") -> FhirQuestionnaire:
    """Our questionnaire as a FHIR R4B Questionnaire, in the wording for ``mode``."""
    return FhirQuestionnaire.model_validate(
        {
            "resourceType": "Questionnaire",
            "url": QUESTIONNAIRE_URL,
            "version": questionnaire.version,
            "name": "BackPainScreening",
            "title": "Back pain screening",
            "status": "active",
            "subjectType": ["Patient"],
            "description": (
                "Screening for people with back pain: who needs emergency care, a spine "
                "specialist, or self-care. A screening aid, not a diagnosis."
            ),
            "item": _groups(questionnaire, questionnaire.for_mode(mode), mode),
        }
    )


def _answer_values(spec: FieldSpec, value: Any, labels: dict[str, str]) -> list[dict[str, Any]]:
    if spec.kind == "choice":
        return [{"valueCoding": _coding(spec, value, labels[value])}]
    if spec.kind == "multichoice":
        codes = value or [NONE_OF_THESE]
        return [{"valueCoding": _coding(spec, code, labels.get(code))} for code in codes]
    if spec.kind == "number":
        return [{"valueInteger": value} if spec.integer else {"valueDecimal": _number(value)}]
    if spec.kind == "date":
        return [{"valueDate": value.isoformat()}]
    return [{"valueString": value}]


def _duration_answers(duration: Duration) -> list[dict[str, Any]]:
    items = []
    if duration.amount is not None and duration.unit is not None:
        quantity = {"value": _number(duration.amount), "unit": duration.unit, "system": UCUM}
        quantity["code"] = UCUM_UNITS[duration.unit]
        items.append({"linkId": "duration.amount", "answer": [{"valueQuantity": quantity}]})
    if duration.onset_date is not None:
        onset = {"valueDate": duration.onset_date.isoformat()}
        items.append({"linkId": "duration.onset_date", "answer": [onset]})
    return items


def _response_item(
    question: Question, questionnaire: Questionnaire, answers: Answers
) -> dict[str, Any] | None:
    """The item answering ``question``, or ``None`` when there is nothing to say."""
    path, mode = question.field, answers.answered_by
    value = operator.attrgetter(path)(answers)
    item: dict[str, Any] = {}
    if isinstance(value, Duration):
        children = _duration_answers(value)
        item |= {"item": children} if children else {}
    elif value is not None and value != "":  # FHIR has no empty string: "" is left out
        options = questionnaire.options_for(question)
        labels = {option.value: option.label.for_mode(mode) for option in options}
        item["answer"] = _answer_values(catalogue()[path], value, labels)
    if path in answers.no_answer:
        reason = NO_ANSWER_CODES[answers.no_answer[path]]
        item["extension"] = [{"url": DATA_ABSENT, "valueCode": reason}]
    if not item:
        return None
    return {"linkId": path, "text": question.text.for_mode(mode)} | item


def response_resource(answers: Answers, questionnaire: Questionnaire) -> QuestionnaireResponse:
    """An answers document as a FHIR R4B QuestionnaireResponse to our questionnaire."""
    asked = {question.field for question in questionnaire.questions}
    stray = sorted(set(answers.no_answer) - asked)
    if stray:
        raise FhirError(
            f"no_answer names '{stray[0]}', which is not a question of the questionnaire; "
            "FHIR records a reason for no answer on a question only."
        )
    groups = []
    for section in questionnaire.sections:
        items = [
            item
            for question in questionnaire.questions
            if question.section == section.id
            and (item := _response_item(question, questionnaire, answers)) is not None
        ]
        if items:
            groups.append({"linkId": section.id, "item": items})
    notes = [
        {
            "url": NOTE_URL,
            "extension": [
                {"url": "section", "valueCode": section},
                {"url": "text", "valueString": text},
            ],
        }
        for section, text in answers.notes.items()
        if text
    ]
    data = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{QUESTIONNAIRE_URL}|{questionnaire.version}",
        "status": "completed",
        "authored": answers.screening_date.isoformat(),
        "source": {"type": SOURCE_TYPES[answers.answered_by]},
        **({"extension": notes} if notes else {}),
        "item": groups,
    }
    try:
        return QuestionnaireResponse.model_validate(data)
    except ValidationError as exc:  # text FHIR cannot hold, such as a lone control character
        problems = _describe(exc, data)
        raise FhirError(f"the answers cannot be written as FHIR R4B: {problems}") from exc


# ---- Import ---------------------------------------------------------------------------


def _link_id_at(data: Any, loc: tuple[int | str, ...]) -> str | None:
    """The linkId of the innermost item on the path ``loc`` into raw resource data."""
    node, found = data, None
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("linkId"), str):
            found = node["linkId"]
    return found


def _describe(exc: ValidationError, data: Any) -> str:
    """fhir.resources' complaints, each naming the item it is about."""
    problems = []
    for err in exc.errors(include_url=False):
        path = ".".join(str(part) for part in err["loc"])
        link_id = _link_id_at(data, err["loc"])
        where = f"item '{link_id}', at {path}" if link_id else (path or "the resource")
        problems.append(f"{where}: {err['msg'].splitlines()[0].strip().rstrip('.')}")
    return "; ".join(problems) + "."


def _walk(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for item in items:
        found.append(item)
        found += _walk(item.get("item", []))
    return found


def _item_index(questionnaire: Questionnaire) -> dict[str, dict[str, Any]]:
    """Every item of our Questionnaire by linkId, whatever the mode that asks it."""
    groups = _groups(questionnaire, questionnaire.questions, "nurse")
    return {item["linkId"]: item for item in _walk(groups)}


def _full_date(text: str, where: str) -> date:
    try:
        return date.fromisoformat(text[:10])
    except ValueError as exc:
        raise FhirError(f"{where} needs a full date (YYYY-MM-DD), got '{text}'.") from exc


def _read_value(link_id: str, item: dict[str, Any], answer: dict[str, Any], name: str) -> Any:
    where = f"{name}: item '{link_id}'"
    given = next((key for key in answer if key.startswith("value")), None)
    if given is None:
        raise FhirError(f"{where} has an answer without a value.")
    wanted = VALUE_OF_TYPE.get(item["type"])
    if given != wanted:
        takes = f"takes {wanted}" if wanted else "is a group and takes no answer"
        raise FhirError(f"{where} is answered with {given}; this question {takes}.")
    value = answer[given]
    if item["type"] == "choice":
        options = [option["valueCoding"] for option in item["answerOption"]]
        codes = [option["code"] for option in options]
        system = options[0]["system"]
        if value.get("system") != system:
            raise FhirError(
                f"{where}: the code system must be {system}, not {value.get('system')}."
            )
        if value.get("code") not in codes:
            raise FhirError(
                f"{where}: code '{value.get('code')}' is not an option; "
                f"must be one of {', '.join(codes)}."
            )
        return value["code"]
    if item["type"] == "quantity":
        if value.get("comparator") is not None:
            raise FhirError(
                f"{where}: a duration with a comparator ('{value['comparator']}') is not an "
                "amount; give the amount itself, or the onset date."
            )
        units = {
            unit["valueCoding"]["code"]: unit["valueCoding"]["display"]
            for unit in item["extension"]
        }
        if value.get("system") != UCUM or value.get("code") not in units:
            raise FhirError(
                f"{where}: the unit must be a UCUM code, one of {', '.join(units)} "
                f"(got '{value.get('code')}' of system '{value.get('system')}')."
            )
        return {"amount": value.get("value"), "unit": units[value["code"]]}
    if item["type"] == "date":
        return _full_date(value, where)
    return value


def _answers_of(link_id: str, item: dict[str, Any], given: dict[str, Any], name: str) -> Any:
    values = [_read_value(link_id, item, answer, name) for answer in given.get("answer", [])]
    if any("item" in answer for answer in given.get("answer", [])):
        raise FhirError(f"{name}: item '{link_id}': items nested under an answer are not used.")
    if not item.get("repeats"):
        if len(values) > 1:
            raise FhirError(f"{name}: item '{link_id}' takes one answer, not {len(values)}.")
        return values[0] if values else None
    if NONE_OF_THESE in values and len(values) > 1:
        raise FhirError(f"{name}: item '{link_id}': 'none' cannot be given with other answers.")
    return [] if values == [NONE_OF_THESE] else values or None


def _meta(response: dict[str, Any], name: str) -> dict[str, Any]:
    status = response["status"]
    if status not in STATUSES:
        raise FhirError(
            f"{name}: a response with status '{status}' is not screened; "
            f"status must be one of {', '.join(STATUSES)}."
        )
    canonical = response.get("questionnaire", QUESTIONNAIRE_URL).split("|")[0]
    if canonical != QUESTIONNAIRE_URL:
        raise FhirError(
            f"{name}: this response answers the questionnaire {canonical}, "
            f"not ours ({QUESTIONNAIRE_URL})."
        )
    meta: dict[str, Any] = {}
    if "authored" in response:
        meta["screening_date"] = _full_date(response["authored"], f"{name}: authored")
    source = response.get("source", {})
    kind = source.get("type") or source.get("reference", "").split("/")[0]
    if kind:
        by_type = {fhir: ours for ours, fhir in SOURCE_TYPES.items()}
        if kind not in by_type:
            raise FhirError(f"{name}: source must be a Patient or a Practitioner, not {kind}.")
        meta["answered_by"] = by_type[kind]
    notes = {}
    for extension in response.get("extension", []):
        if extension["url"] == NOTE_URL:
            parts = {part["url"]: part for part in extension.get("extension", [])}
            section = parts.get("section", {}).get("valueCode")
            text = parts.get("text", {}).get("valueString")
            if section is None or text is None:
                raise FhirError(f"{name}: an interviewer note needs a section code and a text.")
            notes[section] = text
    return meta | ({"notes": notes} if notes else {})


def answers_from_response(data: Any, source: str, questionnaire: Questionnaire) -> Answers:
    """Read a QuestionnaireResponse to our questionnaire as an answers document."""
    name = "standard input" if source == STDIN else source
    if not isinstance(data, dict) or data.get("resourceType") != "QuestionnaireResponse":
        raise FhirError(f"{name}: not a FHIR QuestionnaireResponse (resourceType).")
    try:
        resource = QuestionnaireResponse.model_validate(data)
    except ValidationError as exc:
        problems = _describe(exc, data)
        raise FhirError(f"{name}: not a valid FHIR R4B QuestionnaireResponse: {problems}") from exc
    response = resource.model_dump(mode="json", by_alias=True, exclude_none=True)
    index = _item_index(questionnaire)
    flat: dict[str, Any] = {}
    no_answer: dict[str, str] = {}
    seen: set[str] = set()
    for given in _walk(response.get("item", [])):
        link_id = given["linkId"]
        if link_id not in index:
            close = difflib.get_close_matches(link_id, index, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else "."
            raise FhirError(f"{name}: item '{link_id}' is not in our questionnaire{hint}")
        if link_id in seen:
            raise FhirError(f"{name}: item '{link_id}' appears more than once.")
        seen.add(link_id)
        for extension in given.get("extension", []):
            reason = NO_ANSWER_READ.get(extension.get("valueCode", ""))
            if extension["url"] == DATA_ABSENT and reason and link_id in catalogue():
                no_answer[link_id] = reason
        value = _answers_of(link_id, index[link_id], given, name)
        if isinstance(value, dict):  # the duration quantity: amount and unit
            flat |= {"duration.amount": value["amount"], "duration.unit": value["unit"]}
        elif value is not None:
            flat[link_id] = value
    doc = _meta(response, name) | nested(flat)
    if no_answer:
        doc["no_answer"] = no_answer
    try:
        return Answers.model_validate(doc)
    except ValidationError as exc:
        raise FhirError(describe_validation(exc, name)) from exc


def read_response(source: str) -> Answers:
    """Read a QuestionnaireResponse file (or stdin for ``-``) as an answers document."""
    return answers_from_response(read_document(source), source, load_questionnaire())


def as_json(resource: FhirQuestionnaire | QuestionnaireResponse) -> str:
    """A resource as the JSON a FHIR server accepts."""
    return resource.model_dump_json(indent=2, by_alias=True, exclude_none=True) + "\n"
