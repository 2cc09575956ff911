"""Shared test setup: the repo root on sys.path so tests import `limitlens` and `components`."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# registers the "fast" Hypothesis profile before pytest's --hypothesis-profile loads it
import tests.budget  # noqa: E402, F401
