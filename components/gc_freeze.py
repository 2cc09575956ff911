"""Keep Streamlit's after-run garbage collection cheap.

Streamlit runs a full collection after every script run (`runner.postScriptGC`), two per What-if
move (the lever's callback run, then its fragments). A full collection walks every object the
collector tracks, and the modules the app loads (pandas, pyarrow, plotly, the core) are ~115,000
of them that live as long as the server: 30-150 ms per walk on the 2-core machine, against
~0.1 ms for what one run creates. So whenever modules have been imported, what exists is moved
to the collector's permanent generation (`gc.freeze`, no walk of its own) and later walks skip it.

Frozen objects are still freed by reference counting, but a reference cycle among them is not
collected while it stays frozen: whatever of an open session is caught in a cycle when a freeze
happens would keep that visitor's data after they leave. So once a freeze is REFRESH_S old, a run
unfreezes everything: that run's after-run collection walks it all (after the page has been
sent, as Streamlit always did) and frees what closed sessions left; the next run freezes again.
One full walk per REFRESH_S, instead of one or two per run."""

from __future__ import annotations

import gc
import sys
import time

REFRESH_S = 30.0  # as long as a closed tab's session is kept (server.disconnectedSessionTTL)
clock = time.monotonic
_frozen: tuple[int, float] = (0, float("-inf"))  # (len(sys.modules), clock()) at the last freeze
_thawed = False  # unfrozen for one after-run collection


def freeze_loaded_modules() -> str | None:
    """At the start of a run: "freeze" after new imports or a thawed run, "thaw" when the freeze
    is REFRESH_S old, None otherwise (nothing to do)."""
    global _frozen, _thawed
    loaded, now = len(sys.modules), clock()
    if _thawed or loaded != _frozen[0]:
        gc.freeze()
        _frozen, _thawed = (loaded, now), False
        return "freeze"
    if now - _frozen[1] >= REFRESH_S:
        gc.unfreeze()  # this run's after-run collection frees what closed sessions left
        _thawed = True
        return "thaw"
    return None
