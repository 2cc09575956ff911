"""A module imported on first use, not when the importing module loads.

Home (and the command line's quick paths) use core modules whose other functions need pandas,
pyarrow or scipy; importing those costs the first visitor of a cold server most of a second.
`pd = lazy("pandas")` instead of `import pandas as pd` keeps every call site as it is, and the
real import happens at the first `pd.<name>`.

Unlike `importlib.util.LazyLoader`, nothing is put in `sys.modules` before the first use, so
"is pandas loaded?" keeps its plain meaning (tests/app/test_cold_home.py asks exactly that).
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


class LazyModule:
    """Stands in for a module until an attribute is read; then imports it and keeps each
    attribute read, so later reads are plain instance lookups."""

    def __init__(self, name: str) -> None:
        object.__setattr__(self, "_lazy_name", name)

    def _module(self) -> ModuleType:
        return importlib.import_module(object.__getattribute__(self, "_lazy_name"))

    def __getattr__(self, attr: str) -> Any:
        # Only called for names not cached yet (and never for _lazy_name).
        value = getattr(self._module(), attr)
        object.__setattr__(self, attr, value)
        return value

    def __setattr__(self, attr: str, value: Any) -> None:
        raise AttributeError(f"{self._lazy_name} is imported lazily: set {attr} on the module")

    def __dir__(self) -> list[str]:
        return dir(self._module())

    def __repr__(self) -> str:
        return f"<lazy module {self._lazy_name!r}>"


def lazy(name: str) -> Any:
    """`name` as a module object that imports itself at its first attribute read."""
    return LazyModule(name)
