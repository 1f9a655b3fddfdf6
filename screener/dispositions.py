"""The five dispositions, most severe first, and what each asks a person to do."""

from __future__ import annotations

from enum import Enum


class Disposition(str, Enum):
    """Where a screening sends a person. Declared from most to least severe."""

    EMERGENCY = "emergency"
    URGENT = "urgent"
    SPECIALIST_REFERRAL = "specialist_referral"
    CONSERVATIVE_CARE = "conservative_care"
    SELF_CARE = "self_care"

    @property
    def severity(self) -> int:
        """Higher is more severe: self_care is 0, emergency is 4."""
        return len(_ORDER) - 1 - _ORDER.index(self)

    @property
    def headline(self) -> str:
        return HEADLINES[self]

    @property
    def next_step(self) -> str:
        return NEXT_STEPS[self]


_ORDER = list(Disposition)

HEADLINES = {
    Disposition.EMERGENCY: "Emergency: get medical help now",
    Disposition.URGENT: "Urgent: see a doctor within 24 to 48 hours",
    Disposition.SPECIALIST_REFERRAL: "Ask for a referral to a spine specialist",
    Disposition.CONSERVATIVE_CARE: "See your GP or a physiotherapist about a treatment plan",
    Disposition.SELF_CARE: "You can look after this yourself for now",
}

NEXT_STEPS = {
    Disposition.EMERGENCY: (
        "Go to an emergency department now, or call your local emergency number. "
        "Do not wait to see if it gets better."
    ),
    Disposition.URGENT: (
        "Contact your doctor today and ask to be seen within a day or two. If you cannot "
        "reach them, use your urgent care line (111 in the UK)."
    ),
    Disposition.SPECIALIST_REFERRAL: (
        "Book a routine appointment with your GP and ask about a referral to a spine "
        "specialist. The specialist decides whether surgery, including minimally invasive "
        "spine surgery, could help. A referral is an assessment, not a promise of an operation."
    ),
    Disposition.CONSERVATIVE_CARE: (
        "Book a routine appointment with your GP or a physiotherapist to plan treatment such as "
        "exercise, physiotherapy and pain relief, usually for at least six weeks."
    ),
    Disposition.SELF_CARE: (
        "Keep moving as much as you can, use simple pain relief if it suits you, and see a "
        "doctor if the pain does not ease within a few weeks, comes back, or gets worse."
    ),
}

SAFETY_NET = (
    "This is a screening aid, not a diagnosis. Get emergency help at once if you notice new "
    "trouble passing urine or controlling your bladder or bowels, numbness around your "
    "genitals or bottom, or weakness in your legs that is getting worse."
)


def most_severe(dispositions: list[Disposition]) -> Disposition:
    """The most severe of the given dispositions."""
    return max(dispositions, key=lambda d: d.severity)
