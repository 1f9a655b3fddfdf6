"""FHIR R4B: the Questionnaire we export, responses both ways, and how a response can be wrong."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from fhir.resources.R4B.questionnaire import Questionnaire as FhirQuestionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from hypothesis import given, settings
from pydantic import TypeAdapter

from screener.answers import Answers
from screener.cli import main
from screener.conditions import Condition
from screener.documents import read_answers
from screener.errors import FhirError
from screener.fhir import (
    CANONICAL,
    DATA_ABSENT,
    NOTE_URL,
    _enable_when,
    answers_from_response,
    as_json,
    questionnaire_resource,
    response_resource,
)
from screener.fields import safety_questions
from screener.questionnaire import Mode, load_questionnaire

from paths import EXAMPLES
from strategies import complete_answers

QUESTIONNAIRE = load_questionnaire()
REFERRAL = EXAMPLES / "specialist-referral-chronic-failed-trial.json"
YNU = f"{CANONICAL}/CodeSystem/yes-no-unknown"


def exported(mode: Mode = "nurse") -> dict[str, Any]:
    data: dict[str, Any] = json.loads(as_json(questionnaire_resource(QUESTIONNAIRE, mode)))
    return data


def items_of(resource: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    stack = list(resource["item"])
    while stack:
        item = stack.pop()
        found[item["linkId"]] = item
        stack += item.get("item", [])
    return found


def response_to(answers: Answers) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(as_json(response_resource(answers, QUESTIONNAIRE)))
    return data


def read(data: dict[str, Any]) -> Answers:
    return answers_from_response(data, "response.json", QUESTIONNAIRE)


def referral_response() -> dict[str, Any]:
    return response_to(read_answers(str(REFERRAL)))


def with_item(data: dict[str, Any], link_id: str, **changes: Any) -> dict[str, Any]:
    """A copy of ``data`` with the item ``link_id`` changed (it must exist)."""
    changed = copy.deepcopy(data)
    items_of(changed)[link_id].update(changes)
    return changed


def answer_of(code: str, system: str = YNU) -> list[dict[str, Any]]:
    return [{"valueCoding": {"system": system, "code": code}}]


# ---- The exported Questionnaire ----------------------------------------------------------


def test_questionnaire_is_valid_fhir_r4b() -> None:
    """The export parses back as an R4B Questionnaire with our canonical URL and version."""
    resource = FhirQuestionnaire.model_validate(exported())
    assert resource.url == f"{CANONICAL}/Questionnaire/back-pain-screening"
    assert resource.version == QUESTIONNAIRE.version


def test_every_question_is_an_item_named_by_its_field() -> None:
    """Each question's linkId is its answers field path; sections are groups."""
    items = items_of(exported())
    assert {q.field for q in QUESTIONNAIRE.questions} <= set(items)
    assert items["red_flags"]["type"] == "group"
    assert items["pain_now"]["type"] == "integer"
    assert items["treatment.weeks"]["type"] == "decimal"
    assert items["patient.date_of_birth"]["type"] == "date"


def test_warning_signs_are_required_and_the_rest_are_not() -> None:
    """Every safety question is required; other questions may be left out."""
    items = items_of(exported())
    assert all(items[spec.path].get("required") for spec in safety_questions())
    assert "required" not in items["age"]


def test_choices_are_codings_in_our_code_systems() -> None:
    """Options carry our code system, the stored value as code and the label as display."""
    items = items_of(exported())
    fever = [option["valueCoding"] for option in items["red_flags.fever"]["answerOption"]]
    assert fever[0] == {"system": YNU, "code": "yes", "display": "Yes"}
    course = items["course"]["answerOption"][0]["valueCoding"]
    assert course["system"] == f"{CANONICAL}/CodeSystem/course"


def test_multiple_choice_repeats_with_an_exclusive_none() -> None:
    """A list question repeats, and "none of these" is an exclusive option."""
    limits = items_of(exported())["limits"]
    assert limits["repeats"] is True
    none = limits["answerOption"][-1]
    assert none["valueCoding"]["code"] == "none"
    assert none["extension"][0]["valueBoolean"] is True


def test_duration_is_a_quantity_in_ucum_units_or_an_onset_date() -> None:
    """The duration group holds a UCUM quantity (d, wk, mo, a) and a date."""
    items = items_of(exported())
    assert items["duration"]["type"] == "group"
    amount = items["duration.amount"]
    assert amount["type"] == "quantity"
    assert [unit["valueCoding"]["code"] for unit in amount["extension"]] == ["d", "wk", "mo", "a"]
    assert items["duration.onset_date"]["type"] == "date"


def test_skip_logic_becomes_enable_when() -> None:
    """show_when 'treatment.tried equals yes' becomes an enableWhen on the coded answer."""
    weeks = items_of(exported())["treatment.weeks"]
    assert weeks["enableWhen"] == [
        {
            "question": "treatment.tried",
            "operator": "=",
            "answerCoding": {"system": YNU, "code": "yes"},
        }
    ]
    assert "enableBehavior" not in weeks


def test_number_bounds_are_exported() -> None:
    """A question's bounds become minValue and maxValue."""
    bounds = {
        e["url"].rsplit("/", 1)[1]: e["valueInteger"]
        for e in items_of(exported())["pain_now"]["extension"]
    }
    assert bounds == {"minValue": 0, "maxValue": 10}


def test_patient_mode_speaks_to_the_patient_without_nurse_only_questions() -> None:
    """The patient wording is second person, and nurse-only questions are left out."""
    items = items_of(exported("patient"))
    assert items["red_flags.fever"]["text"].startswith("Do you have a fever")
    assert "interviewer" not in items
    assert "interviewer" in items_of(exported("nurse"))


CONDITION: TypeAdapter[Any] = TypeAdapter(Condition)


def when(condition: dict[str, Any]) -> dict[str, Any]:
    return _enable_when(CONDITION.validate_python(condition))


def test_in_and_any_become_several_entries_with_behaviour_any() -> None:
    """'in' and 'any' map to one enableWhen per value, any of which enables the item."""
    found = when({"field": "course", "in": ["about_the_same", "getting_worse"]})
    assert [entry["answerCoding"]["code"] for entry in found["enableWhen"]] == [
        "about_the_same",
        "getting_worse",
    ]
    assert found["enableBehavior"] == "any"


def test_all_becomes_behaviour_all() -> None:
    """'all' of simple tests maps to enableBehavior all, numbers to answerInteger."""
    found = when(
        {"all": [{"field": "treatment.tried", "equals": "yes"}, {"field": "age", "ge": 60}]}
    )
    assert found["enableBehavior"] == "all"
    assert found["enableWhen"][1] == {"question": "age", "operator": ">=", "answerInteger": 60}


@pytest.mark.parametrize(
    "condition",
    [
        {"not": {"field": "treatment.tried", "equals": "yes"}},
        {"field": "duration", "longer_than": {"amount": 3, "unit": "months"}},
        {"field": "red_flags.fever", "is_unknown": True},
        {"field": "red_flags.fever", "is_answered": True},
        {"all": [{"field": "age", "ge": 60}, {"any": [{"field": "age", "lt": 2}]}]},
        {
            "all": [
                {"field": "age", "ge": 60},
                {"field": "course", "in": ["unknown", "getting_worse"]},
            ]
        },
    ],
    ids=["not", "longer_than", "is_unknown", "is_answered-with-unknown", "nested", "all-of-in"],
)
def test_what_enable_when_cannot_say_leaves_the_item_always_enabled(
    condition: dict[str, Any],
) -> None:
    """A show_when FHIR cannot express gives no enableWhen: the form asks more, never less."""
    assert when(condition) == {}


# ---- Responses out and back in -----------------------------------------------------------


def test_response_is_valid_fhir_and_reads_back() -> None:
    """An example exports as a valid QuestionnaireResponse and reads back unchanged."""
    answers = read_answers(str(REFERRAL))
    data = response_to(answers)
    QuestionnaireResponse.model_validate(data)
    assert data["questionnaire"].endswith(f"|{QUESTIONNAIRE.version}")
    assert read(data) == answers


@settings(max_examples=200, deadline=None)
@given(complete_answers)
def test_round_trip_is_lossless(answers: Answers) -> None:
    """answers -> QuestionnaireResponse (as JSON text) -> answers gives the same answers."""
    assert read(response_to(answers)) == answers


def test_response_carries_date_source_reasons_and_notes() -> None:
    """Screening date, who answered, no-answer reasons and notes are where the docs say."""
    answers = Answers.model_validate(
        {
            "screening_date": "2026-11-24",
            "answered_by": "nurse",
            "interviewer": "N. Okafor",
            "patient": {"identifier": "MRN 0042"},
            "no_answer": {"red_flags.fever": "declined"},
            "notes": {"pain": "worse at night shifts"},
        }
    )
    data = response_to(answers)
    assert data["authored"] == "2026-11-24"
    assert data["source"] == {"type": "Practitioner"}
    items = items_of(data)
    assert items["red_flags.fever"]["extension"] == [
        {"url": DATA_ABSENT, "valueCode": "asked-declined"}
    ]
    assert "answer" not in items["red_flags.fever"]
    assert items["patient.identifier"]["answer"] == [{"valueString": "MRN 0042"}]
    (note,) = data["extension"]
    assert note["url"] == NOTE_URL
    assert note["extension"] == [
        {"url": "section", "valueCode": "pain"},
        {"url": "text", "valueString": "worse at night shifts"},
    ]


def test_none_of_these_round_trips() -> None:
    """An empty list ("none of these") is the code none, and reads back as an empty list."""
    answers = Answers(limits=[])
    data = response_to(answers)
    assert items_of(data)["limits"]["answer"][0]["valueCoding"]["code"] == "none"
    assert read(data).limits == []


def test_a_record_system_response_reads() -> None:
    """A response with a full timestamp, a Patient reference and no groups is read."""
    data = {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "authored": "2026-11-24T09:30:00+01:00",
        "source": {"reference": "Patient/123"},
        "item": [
            {"linkId": "red_flags.saddle_numbness", "answer": answer_of("yes")},
            {"linkId": "age", "answer": [{"valueInteger": 52}]},
        ],
    }
    answers = read(data)
    assert (answers.screening_date.isoformat(), answers.answered_by, answers.age) == (
        "2026-11-24",
        "patient",
        52,
    )
    assert answers.red_flags.saddle_numbness == "yes"


def test_missing_required_warning_sign_is_unknown_not_no() -> None:
    """A response without a required red flag reads; the sign is unanswered, not 'no'."""
    answers = read({"resourceType": "QuestionnaireResponse", "status": "completed"})
    assert answers.red_flags.bladder_change is None


def test_export_refuses_a_reason_for_a_field_that_is_not_a_question() -> None:
    """no_answer on a non-question field has no place in FHIR and is refused, naming it."""
    answers = Answers(no_answer={"screening_date": "unknown"})
    with pytest.raises(
        FhirError, match="no_answer names 'screening_date', which is not a question"
    ):
        response_resource(answers, QUESTIONNAIRE)


def test_export_refuses_text_fhir_cannot_hold() -> None:
    """Text FHIR's string type refuses is an error naming the item, not a traceback."""
    with pytest.raises(FhirError, match=r"item 'patient\.identifier', at item\.\d+\.item\.\d+"):
        response_resource(Answers(patient={"identifier": "\x85"}), QUESTIONNAIRE)


# ---- Responses that do not fit -----------------------------------------------------------


def wrong(data: dict[str, Any], message: str) -> None:
    with pytest.raises(FhirError) as caught:
        read(data)
    assert message in str(caught.value)
    assert str(caught.value).startswith("response.json: ")


def test_unknown_link_id_is_named_with_a_suggestion() -> None:
    """A linkId that is not ours is an error, with the closest real one."""
    data = with_item(referral_response(), "red_flags.fever", linkId="red_flags.fevr")
    wrong(
        data, "item 'red_flags.fevr' is not in our questionnaire; did you mean 'red_flags.fever'?"
    )


def test_wrong_value_type_is_named() -> None:
    """A string where an integer belongs names the item and the type it takes."""
    data = with_item(referral_response(), "pain_now", answer=[{"valueString": "7"}])
    wrong(data, "item 'pain_now' is answered with valueString; this question takes valueInteger.")


def test_code_outside_the_options_lists_them() -> None:
    """A code that is not an option is refused with the options."""
    data = with_item(referral_response(), "red_flags.fever", answer=answer_of("maybe"))
    wrong(
        data,
        "item 'red_flags.fever': code 'maybe' is not an option; must be one of yes, no, unknown.",
    )


def test_code_from_another_system_is_refused() -> None:
    """A 'yes' from another code system is not our yes."""
    data = with_item(
        referral_response(), "red_flags.fever", answer=answer_of("yes", "http://loinc.org")
    )
    wrong(data, f"item 'red_flags.fever': the code system must be {YNU}, not http://loinc.org.")


def test_two_answers_to_a_single_answer_question() -> None:
    """A single-answer question with two answers is ambiguous and refused."""
    data = with_item(
        referral_response(), "red_flags.fever", answer=answer_of("yes") + answer_of("no")
    )
    wrong(data, "item 'red_flags.fever' takes one answer, not 2.")


def test_none_with_other_answers_is_refused() -> None:
    """'none of these' cannot come with another option."""
    system = f"{CANONICAL}/CodeSystem/limits"
    data = with_item(
        referral_response(), "limits", answer=answer_of("none", system) + answer_of("work", system)
    )
    wrong(data, "item 'limits': 'none' cannot be given with other answers.")


def test_answer_without_a_value_is_refused() -> None:
    """An answer holding only an extension says nothing and is refused."""
    empty = [{"extension": [{"url": "http://example.org/x", "valueString": "?"}]}]
    wrong(
        with_item(referral_response(), "age", answer=empty),
        "item 'age' has an answer without a value.",
    )


def test_link_id_given_twice_is_refused() -> None:
    """The same question answered in two places is refused."""
    data = referral_response()
    data["item"].append({"linkId": "age", "answer": [{"valueInteger": 30}]})
    wrong(data, "item 'age' appears more than once.")


def test_answer_on_a_group_is_refused() -> None:
    """A section group takes no answer."""
    data = with_item(referral_response(), "red_flags", answer=answer_of("yes"))
    wrong(
        data,
        "item 'red_flags' is answered with valueCoding; this question is a group and takes "
        "no answer.",
    )


def test_wrong_unit_is_refused() -> None:
    """A duration in a unit we do not know is refused with the UCUM units."""
    quantity = {"value": 3, "system": "http://unitsofmeasure.org", "code": "h"}
    data = with_item(referral_response(), "duration.amount", answer=[{"valueQuantity": quantity}])
    wrong(
        data, "item 'duration.amount': the unit must be a UCUM code, one of d, wk, mo, a (got 'h'"
    )


def test_partial_date_is_refused() -> None:
    """FHIR allows a month; the duration rules need a day."""
    data = with_item(
        referral_response(),
        "duration",
        item=[{"linkId": "duration.onset_date", "answer": [{"valueDate": "2026-05"}]}],
    )
    wrong(data, "item 'duration.onset_date' needs a full date (YYYY-MM-DD), got '2026-05'.")


def test_out_of_range_value_names_the_field() -> None:
    """Values are checked by the answers model: the field path is the linkId."""
    data = with_item(referral_response(), "pain_now", answer=[{"valueInteger": 11}])
    wrong(data, "field 'pain_now': Input should be less than or equal to 10 (got 11)")


def test_entered_in_error_is_not_screened() -> None:
    """A response marked entered-in-error must not be screened."""
    data = referral_response() | {"status": "entered-in-error"}
    wrong(data, "a response with status 'entered-in-error' is not screened")


def test_response_to_another_questionnaire_is_refused() -> None:
    """A response to someone else's questionnaire is not read as ours."""
    data = referral_response() | {"questionnaire": "http://example.org/Questionnaire/phq9"}
    wrong(data, "this response answers the questionnaire http://example.org/Questionnaire/phq9")


def test_malformed_fhir_names_the_item() -> None:
    """A structural error found by fhir.resources names the item it is in."""
    data = with_item(referral_response(), "age", answer=[{"valueInteger": "forty"}])
    wrong(
        data,
        "not a valid FHIR R4B QuestionnaireResponse: item 'age', "
        "at item.4.item.0.answer.0.valueInteger: Input should be a valid integer",
    )


def test_other_resources_are_refused() -> None:
    """A Patient is not a QuestionnaireResponse."""
    wrong({"resourceType": "Patient"}, "not a FHIR QuestionnaireResponse (resourceType).")


# ---- The command line --------------------------------------------------------------------


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin)


def test_cli_questionnaire_prints_the_questionnaire() -> None:
    """screener fhir questionnaire prints a Questionnaire."""
    result = run("fhir", "questionnaire")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["resourceType"] == "Questionnaire"


def test_cli_response_then_evaluate_gives_the_same_result(tmp_path: Path) -> None:
    """An exported response screens exactly like the answers file it came from."""
    path = tmp_path / "response.json"
    assert run("fhir", "response", str(REFERRAL), "-o", str(path)).exit_code == 0
    from_fhir = json.loads(run("evaluate", "--fhir", str(path), "--format", "json").stdout)
    direct = json.loads(run("evaluate", str(REFERRAL), "--format", "json").stdout)
    assert from_fhir == direct
    assert from_fhir["disposition"] == "specialist_referral"


def test_cli_bad_response_is_exit_2_without_traceback(tmp_path: Path) -> None:
    """A response that does not fit is one paragraph on stderr and exit status 2."""
    data = with_item(referral_response(), "red_flags.fever", answer=answer_of("maybe"))
    result = run("evaluate", "--fhir", "-", stdin=json.dumps(data))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: standard input: item 'red_flags.fever': code 'maybe'")


def test_duration_with_a_comparator_is_refused() -> None:
    """ "More than 3 months" is not 3 months: a quantity comparator is refused, never dropped."""
    quantity = {"value": 3, "comparator": ">", "system": "http://unitsofmeasure.org", "code": "mo"}
    data = with_item(referral_response(), "duration.amount", answer=[{"valueQuantity": quantity}])
    wrong(data, "item 'duration.amount': a duration with a comparator ('>') is not an amount")
