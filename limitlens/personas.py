"""The built-in sample personas (data/personas/, rendered from data/personas/specs/).

Each persona is a synthetic transaction export in a real layout plus a declared profile
(factor id -> value) for what an export cannot show. No streamlit import here.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from functools import cache

from limitlens.catalog import Value, parse_profile
from limitlens.i18n import LANGS
from limitlens.paths import PERSONAS_DIR


@dataclass(frozen=True)
class Persona:
    id: str
    file: str  # export file name inside data/personas/
    layout: str  # a limitlens.schema.LAYOUTS id
    name: dict[str, str]  # lang -> display name
    blurb: dict[str, str]  # lang -> one sentence


@cache
def personas() -> tuple[Persona, ...]:
    """Every persona, in display order (personas.toml)."""
    with (PERSONAS_DIR / "personas.toml").open("rb") as fh:
        rows = tomllib.load(fh)["persona"]
    return tuple(
        Persona(
            id=row["id"],
            file=row["file"],
            layout=row["layout"],
            name={lang: row[f"name_{lang}"] for lang in LANGS},
            blurb={lang: row[f"blurb_{lang}"] for lang in LANGS},
        )
        for row in rows
    )


def _get(persona_id: str) -> Persona:
    for p in personas():
        if p.id == persona_id:
            return p
    raise KeyError(f"unknown persona {persona_id!r}")


def persona_bytes(persona_id: str) -> bytes:
    """The persona's export file, exactly as a user would upload it."""
    return (PERSONAS_DIR / _get(persona_id).file).read_bytes()


def persona_profile(persona_id: str) -> dict[str, Value]:
    """The persona's declared profile, validated against the factor catalog."""
    _get(persona_id)
    path = PERSONAS_DIR / f"{persona_id}.profile.json"
    return parse_profile(json.loads(path.read_text(encoding="utf-8")))
