"""Where the repository's data lives, for tests."""

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RULES = REPO / "rules"
EXAMPLES = REPO / "examples"
