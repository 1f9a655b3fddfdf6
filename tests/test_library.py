"""The library API as the README shows it: load a rule set, validate answers, evaluate."""

from __future__ import annotations

import re
import subprocess
import sys

from paths import REPO


def test_readme_library_example_runs() -> None:
    """The README's Python example runs as written and prints the disposition and rules."""
    readme = (REPO / "README.md").read_text()
    example = re.findall(r"```python\n(.+?)\n```", readme, flags=re.DOTALL)[0]
    done = subprocess.run(
        [sys.executable, "-c", example], capture_output=True, text=True, check=True, cwd=REPO
    )
    first, second = done.stdout.splitlines()
    assert first.startswith("urgent ['urgent-fever', 'unknown-emergency-sign'")
    assert second.startswith("['red_flags.bladder_change', ")
