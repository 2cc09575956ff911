"""Per-language text catalogs: data/i18n/<lang>/<domain>.toml, flattened to "<domain>.<key>".

Each domain file is owned by one part of the app (ui, ingest, factors, model, ...), so the text for
a core message lives beside its siblings and both languages must carry the same keys (tested).
Core code never formats user-facing prose itself: it returns a `Message` (key + params) that the UI
or CLI renders in the user's language.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from limitlens.paths import I18N_DIR

LANGS: tuple[str, ...] = ("zh", "en")
DEFAULT_LANG = "zh"


def _flatten(prefix: str, node: dict[str, Any], out: dict[str, str]) -> None:
    for key, value in node.items():
        full = f"{prefix}.{key}"
        if isinstance(value, dict):
            _flatten(full, value, out)
        else:
            out[full] = str(value)


@cache
def catalog(lang: str) -> dict[str, str]:
    """All keys of one language: {"ui.nav.home": "首页", ...}."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}")
    out: dict[str, str] = {}
    for path in sorted((I18N_DIR / lang).glob("*.toml")):
        with path.open("rb") as fh:
            _flatten(path.stem, tomllib.load(fh), out)
    return out


def normalize_lang(value: str | None) -> str | None:
    """'en-US' -> 'en', 'zh-Hans-CN' -> 'zh'; None for anything we don't speak."""
    if not value:
        return None
    head = value.strip().lower().replace("_", "-").split("-")[0]
    return head if head in LANGS else None


def t(lang: str, key: str, **params: Any) -> str:
    """The text for `key` in `lang`, with {named} params filled in. Missing keys fail loudly."""
    text = catalog(lang)[key]
    return text.format(**params) if params else text


@dataclass(frozen=True)
class Message:
    """A user-facing message from the core: rendered later, in the user's language."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, lang: str) -> str:
        return t(lang, self.key, **self.params)
