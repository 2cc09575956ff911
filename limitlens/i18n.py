"""Per-language text catalogs: data/i18n/<lang>/<domain>.toml, flattened to "<domain>.<key>".

Each domain file is owned by one part of the app (ui, ingest, factors, model, ...), so the text for
a core message lives beside its siblings and both languages must carry the same keys (tested).
Core code never formats user-facing prose itself: it returns a `Message` (key + params) that the UI
or CLI renders in the user's language.

Plurals: a text that counts something ("1 transaction" / "2 transactions") is stored as `key_one`
and `key_other` (Chinese carries the same text in both) and asked for as plain `key` with a
numeric `count` param; `t` picks the form and shows the count with thousands separators. This is
the one place that rule lives, so `Message("ingest.report.skipped", {"count": n})` works as is.
"""

from __future__ import annotations

import numbers
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from limitlens.paths import DATA_DIR, I18N_DIR

# The app's languages, in the switch's order; the first is the default. README "Adding a
# language" lists what else a new one needs, and `gaps()` names what a half-added one lacks.
LANGS: tuple[str, ...] = ("zh", "en")
DEFAULT_LANG = LANGS[0]


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


def count_text(count: float) -> str:
    """A count as shown in prose, with thousands separators: 4,932 and 1.5."""
    return f"{count:,.0f}" if float(count).is_integer() else f"{count:,.1f}"


def t(lang: str, key: str, **params: Any) -> str:
    """The text for `key` in `lang`, with {named} params filled in (a list or tuple joined with
    the language's `ui.list_sep`: 工资、奖金 / salary, bonus). Missing keys fail loudly.

    When the catalog has `key_one` and `key_other` instead of `key`, the numeric `count` param
    picks the form (exactly 1 -> `_one`) and is filled in with separators."""
    texts = catalog(lang)
    text = texts.get(key)
    if text is None and f"{key}_other" in texts:
        count = params.get("count")
        if isinstance(count, bool) or not isinstance(count, numbers.Real):
            raise TypeError(f"{key} is a plural text: pass a numeric count=, not {count!r}")
        text = texts[f"{key}_one" if count == 1 else f"{key}_other"]
        params["count"] = count_text(count)
    elif text is None:
        raise KeyError(key)
    if not params:
        return text
    for name, value in params.items():
        if isinstance(value, (list, tuple)):  # a list reads in the language's own separator
            params[name] = texts["ui.list_sep"].join(map(str, value))
    return text.format(**params)


@dataclass(frozen=True)
class Message:
    """A user-facing message from the core: rendered later, in the user's language."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, lang: str) -> str:
        return t(lang, self.key, **self.params)


def gaps(data_dir: Path | None = None) -> list[str]:
    """What one language has and another lacks, one line each: a catalog key
    ("en: no ui.nav.home"), or a text a data file gives per language ("factors.toml
    factor[3]: no label_en" beside its label_zh). Empty when every language is whole."""
    data_dir = DATA_DIR if data_dir is None else data_dir
    i18n_dir = data_dir / "i18n"
    keys: dict[str, set[str]] = {}
    for lang in LANGS:
        flat: dict[str, str] = {}
        for path in sorted((i18n_dir / lang).glob("*.toml")):
            with path.open("rb") as fh:
                _flatten(path.stem, tomllib.load(fh), flat)
        keys[lang] = set(flat)
    every = set().union(*keys.values())
    out = [f"{lang}: no {key}" for lang in LANGS for key in sorted(every - keys[lang])]
    for path in sorted(data_dir.rglob("*.toml")):
        if i18n_dir not in path.parents:
            with path.open("rb") as fh:
                _field_gaps(str(path.relative_to(data_dir)), tomllib.load(fh), out)
    return out


def _field_gaps(where: str, node: Any, out: list[str]) -> None:
    """Every table holding `<name>_<lang>` for one language holds it for all of them."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            _field_gaps(f"{where}[{i}]", item, out)
        return
    if not isinstance(node, dict):
        return
    names = {k.rsplit("_", 1)[0] for k in node if "_" in k and k.rsplit("_", 1)[1] in LANGS}
    out += [
        f"{where}: no {name}_{lang}"
        for name in sorted(names)
        for lang in LANGS
        if f"{name}_{lang}" not in node
    ]
    for key, value in node.items():
        _field_gaps(f"{where} {key}", value, out)


@cache
def own_name(lang: str) -> str:
    """`lang.name` of `lang` (中文, English), read from its lang.toml alone: the language switch
    names every language, and a cold first visitor should not wait for whole catalogs of the
    languages the page is not in."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}")
    with (I18N_DIR / lang / "lang.toml").open("rb") as fh:
        return str(tomllib.load(fh)["name"])
