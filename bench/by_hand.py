"""The shipped rule set written out by hand as plain Python: the speed floor.

It makes the same decisions as ``rules/*.yaml`` (tests/test_bench.py checks that on
generated answers and on every rule case), with no rule engine in between. The
benchmark compares the compiled rule set against it. A rule fires only when its
condition is true; an unanswered or "unknown" answer makes a comparison unknown,
never false, exactly as in the rule language.
"""

from __future__ import annotations

from screener.answers import Answers
from screener.duration import longer_than

EMERGENCY_SIGNS = (
    ("bladder_change", "emergency-bladder-change"),
    ("bowel_change", "emergency-bowel-change"),
    ("saddle_numbness", "emergency-saddle-numbness"),
    ("sexual_dysfunction", "emergency-sexual-dysfunction"),
    ("sciatica_both_legs", "emergency-sciatica-both-legs"),
    ("leg_weakness_severe", "emergency-leg-weakness"),
    ("major_trauma", "emergency-major-trauma"),
)
URGENT_SIGNS = (
    "fever",
    "cancer_history",
    "weight_loss",
    "night_or_rest_pain",
    "osteoporosis_or_steroids",
    "sudden_onset_minor_injury",
    "immunosuppressed",
    "injected_drug_use",
    "recent_spinal_procedure_or_infection",
    "one_sided_weakness_worsening",
    "back_lump_or_shape_change",
    "pain_between_shoulder_blades",
)
RED_FLAGS = tuple(name for name, _ in EMERGENCY_SIGNS) + URGENT_SIGNS
ACTIVE = frozenset({"physical_therapy", "exercise_programme"})
NOT_HELPING = frozenset({"plateaued", "no_change", "worse"})
TRIED_OUTCOMES = NOT_HELPING | {"steadily_improving"}

Decision = tuple[str, list[str], list[str]]


def _unknown(value: object) -> bool:
    return value is None or value in ("unknown", "not_sure")


def decide_by_hand(answers: Answers) -> Decision:
    """Disposition, fired rule ids (most severe first) and unanswered red flags."""
    flags = answers.red_flags
    d = answers.duration
    chronic = longer_than(d.amount, d.unit, d.onset_date, answers.screening_date, 3, "months")
    over_a_month = longer_than(d.amount, d.unit, d.onset_date, answers.screening_date, 1, "months")
    treatment = answers.treatment
    symptoms = answers.symptoms
    age = answers.age
    kinds = treatment.kinds

    emergency = [rule for flag, rule in EMERGENCY_SIGNS if getattr(flags, flag) == "yes"]
    if flags.cancer_history == "yes" and (
        flags.one_sided_weakness_worsening == "yes"
        or (symptoms is not None and "leg_numbness_or_tingling" in symptoms)
    ):
        emergency.append("emergency-cancer-with-nerve-symptoms")
    if flags.fever == "yes" and "yes" in (flags.immunosuppressed, flags.injected_drug_use):
        emergency.append("emergency-infection-with-risk")

    urgent = []
    for flag in ("fever", "cancer_history", "weight_loss", "night_or_rest_pain"):
        if getattr(flags, flag) == "yes":
            urgent.append(f"urgent-{flag.replace('_', '-')}")
    if flags.osteoporosis_or_steroids == "yes" and flags.sudden_onset_minor_injury == "yes":
        urgent.append("urgent-possible-fragility-fracture")
    if "yes" in (
        flags.immunosuppressed,
        flags.injected_drug_use,
        flags.recent_spinal_procedure_or_infection,
    ):
        urgent.append("urgent-infection-risk")
    if flags.one_sided_weakness_worsening == "yes":
        urgent.append("urgent-one-sided-weakness")
    if flags.back_lump_or_shape_change == "yes":
        urgent.append("urgent-lump-or-shape-change")
    if flags.pain_between_shoulder_blades == "yes":
        urgent.append("urgent-thoracic-pain")
    if (
        answers.first_episode == "yes"
        and age is not None
        and (age < 20 or age > 60)
        and over_a_month is True
        and answers.course in ("about_the_same", "getting_worse")
    ):
        urgent.append("urgent-first-episode-age")
    if any(_unknown(getattr(flags, flag)) for flag, _ in EMERGENCY_SIGNS):
        urgent.append("unknown-emergency-sign")
    if (
        _unknown(flags.cancer_history)
        and (
            _unknown(flags.one_sided_weakness_worsening)
            or symptoms is None
            or "leg_numbness_or_tingling" in symptoms
        )
    ) or (
        _unknown(flags.fever)
        and (_unknown(flags.immunosuppressed) or _unknown(flags.injected_drug_use))
    ):
        urgent.append("unknown-emergency-combination")

    referral = []
    tried = treatment.tried
    weeks = treatment.weeks
    outcome = treatment.outcome
    active = None if kinds is None else not ACTIVE.isdisjoint(kinds)
    if (
        chronic is True
        and tried == "yes"
        and weeks is not None
        and weeks >= 6
        and active is True
        and outcome in NOT_HELPING
    ):
        referral.append("chronic-unresolved-after-adequate-trial")

    conservative = []
    if any(_unknown(getattr(flags, flag)) for flag in URGENT_SIGNS):
        conservative.append("unknown-urgent-sign")
    first, course = answers.first_episode, answers.course
    if (
        over_a_month is True
        and (_unknown(first) or first == "yes")
        and (age is None or age < 20 or age > 60)
        and (_unknown(course) or course in ("about_the_same", "getting_worse"))
        and (_unknown(first) or age is None or _unknown(course))
    ):
        conservative.append("unknown-age-related-sign")
    if chronic is True:
        if tried == "no":
            conservative.append("chronic-no-treatment-yet")
        if (
            tried == "yes"
            and outcome in TRIED_OUTCOMES
            and ((weeks is not None and weeks < 6) or active is False)
        ):
            conservative.append("chronic-trial-too-short")
        if tried == "yes" and outcome == "steadily_improving":
            conservative.append("chronic-still-improving")
        if _unknown(tried) or (
            tried == "yes" and (weeks is None or kinds is None or _unknown(outcome))
        ):
            conservative.append("chronic-treatment-history-unknown")
    if chronic is False and tried == "yes" and outcome in NOT_HELPING:
        conservative.append("short-pain-treatment-not-helping")
    if not d.is_known:
        conservative.append("duration-unknown")
    if (
        chronic is True
        and symptoms is not None
        and "morning_stiffness_eases_with_movement" in symptoms
        and age is not None
        and age < 45
    ):
        conservative.append("inflammatory-pattern")

    unanswered = [f"red_flags.{flag}" for flag in RED_FLAGS if _unknown(getattr(flags, flag))]
    for disposition, fired in (
        ("emergency", emergency),
        ("urgent", urgent),
        ("specialist_referral", referral),
        ("conservative_care", conservative),
    ):
        if fired:
            return disposition, emergency + urgent + referral + conservative, unanswered
    return "self_care", ["no-concern-found"], unanswered
