"""How many examples a Hypothesis test runs. `make test` (CI) runs the default profile: every
property as many times as its test asks. `make test-fast` loads the "fast" profile
(`--hypothesis-profile=fast`): a tenth of that, at least FAST_FLOOR, for the edit-test loop.

A test's own `@settings(max_examples=...)` overrides any profile, so tests ask through
`examples(n)` instead of writing n there."""

from __future__ import annotations

from hypothesis import settings

FAST = "fast"
FAST_SHARE = 10
FAST_FLOOR = 10

# Tests without a count of their own take the profile's (Hypothesis's default is 100).
settings.register_profile(FAST, max_examples=FAST_FLOOR)


def fast() -> bool:
    # pytest's --hypothesis-verbosity / --hypothesis-explain load "<profile>-with-..." copies
    name = settings.get_current_profile_name()
    return name == FAST or name.startswith(f"{FAST}-with-")


def examples(n: int) -> int:
    """n under the default profile; under "fast" a tenth of n, at least FAST_FLOOR (never more
    than n)."""
    return min(n, max(FAST_FLOOR, n // FAST_SHARE)) if fast() else n
