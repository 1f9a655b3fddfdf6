"""Rule-based screening for people with back pain.

The core is three things: an answers document (:class:`Answers`), a rule set
loaded from YAML (:func:`load_ruleset`) and a pure function that turns one into
a result (:func:`evaluate`).
"""

__version__ = "0.1.0"

from screener.answers import Answers
from screener.evaluation import Result, evaluate
from screener.rules import RuleSet, load_ruleset

__all__ = ["Answers", "Result", "RuleSet", "__version__", "evaluate", "load_ruleset"]
