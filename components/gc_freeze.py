"""Keep Streamlit's after-run garbage collection cheap.

Streamlit runs a full collection after every script run (`runner.postScriptGC`), two per What-if
move (the lever's callback run, then its fragments). A full collection walks every object the
collector tracks, and the modules the app loads (pandas, pyarrow, plotly, the core) are ~115,000
of them that live as long as the server: 30-150 ms per walk on the 2-core machine, against
~0.1 ms for what one run creates. So what exists is moved to the collector's permanent
generation (`gc.freeze`) and later walks skip it.

Frozen objects are still freed by reference counting, but a reference cycle among them is not
collected while it stays frozen: whatever of an open session is caught in a cycle when a freeze
happens would keep that visitor's data after they leave. So the freeze is renewed, unfreezing
what it held and collecting first, whenever new modules were imported and otherwise once it is
REFRESH_S old: a closed session's data goes within that time of its release, for one full walk
per REFRESH_S instead of one per run."""

from __future__ import annotations

import gc
import sys
import time

REFRESH_S = 30.0  # as long as a closed tab's session is kept (server.disconnectedSessionTTL)
clock = time.monotonic
_frozen: tuple[int, float] = (0, float("-inf"))  # (len(sys.modules), clock()) at the last freeze


def freeze_loaded_modules() -> bool:
    """Renew the freeze if modules were imported since the last one or it is REFRESH_S old;
    True when it did."""
    global _frozen
    loaded, now = len(sys.modules), clock()
    if loaded == _frozen[0] and now - _frozen[1] < REFRESH_S:
        return False
    gc.unfreeze()  # what was frozen and has since become garbage (a closed session) is collected
    gc.collect()
    gc.freeze()
    _frozen = (loaded, now)
    return True
