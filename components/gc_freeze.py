"""Keep Streamlit's after-run garbage collection cheap.

Streamlit runs a full collection after every script run (`runner.postScriptGC`), two per What-if
move (the lever's callback run, then its fragments). A full collection walks every object the
collector tracks, and the modules the app loads (pandas, pyarrow, plotly, the core) are ~115,000
of them that live as long as the server: 30-150 ms per walk on the 2-core machine, against
~0.1 ms for what one run creates. Whenever new modules have been imported, what exists is moved
to the collector's permanent generation (`gc.freeze`), so later walks skip it.

Frozen objects are still freed by reference counting (a session's data dropped then goes at
once); only a reference cycle among them would stay until the server stops. A collection runs
first, so no garbage is frozen, and freezes happen only as modules are first imported (a few
times per server)."""

from __future__ import annotations

import gc
import sys

_modules_frozen = 0  # len(sys.modules) at the last freeze


def freeze_loaded_modules() -> bool:
    """Freeze what exists if modules were imported since the last freeze; True when it did."""
    global _modules_frozen
    loaded = len(sys.modules)
    if loaded == _modules_frozen:
        return False
    gc.collect()  # today's garbage goes now, not into the permanent generation
    gc.freeze()
    _modules_frozen = loaded
    return True
