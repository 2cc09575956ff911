"""Canonical categories (schema.CATEGORIES) and lenders for transaction rows, from data rules.

The rules live in `data/categories.toml`: an ordered list, first match wins (see the comments in
that file for the condition keys). Evaluation is vectorised: every text column is factorised once,
each regex runs over the distinct values only (and only over those still present among unassigned
candidate rows), and a row-level mask is gathered back with numpy. A union of all regexes per
column is computed first, so the many rows that match no keyword at all skip straight to the
direction fallbacks (spending / other) without touching the specific rules.

Input frame columns: kind, counterparty, description, method, status (raw text, optional),
direction ("in"/"out"/"neutral"), amount (float). Output: a frame with category and lender.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from limitlens.codes import factorized, remember_codes
from limitlens.paths import DATA_DIR
from limitlens.schema import CATEGORIES, DIRECTIONS, LENDERS

RULES_PATH = DATA_DIR / "categories.toml"
TEXT_FIELDS: tuple[str, ...] = ("kind", "counterparty", "description", "method", "status")
ANY_FIELDS: tuple[str, ...] = ("kind", "counterparty", "description")


@dataclass(frozen=True)
class Rule:
    name: str
    category: str
    lender: str = ""
    patterns: dict[str, str] = field(default_factory=dict)  # field -> regex (text fields)
    text: str | None = None
    not_text: str | None = None
    directions: tuple[str, ...] = ()
    min_amount: float | None = None


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    other_lenders: str


def _rx(pattern: str) -> str:
    """Case-insensitive, with capture groups made non-capturing (pandas warns on groups)."""
    pattern = re.sub(r"(?<!\\)\((?!\?)", "(?:", pattern.removeprefix("(?i)"))
    return f"(?i){pattern}"


@cache
def rules() -> RuleSet:
    """The parsed, checked rule list (cached)."""
    with RULES_PATH.open("rb") as fh:
        raw: dict[str, Any] = tomllib.load(fh)
    out = []
    for item in raw.get("rule", []):
        cat = item["category"]
        if cat not in CATEGORIES:
            raise ValueError(f"categories.toml: rule {item.get('name')} has unknown category {cat}")
        lender = item.get("lender", "")
        if lender and lender not in LENDERS:
            raise ValueError(
                f"categories.toml: rule {item.get('name')} has unknown lender {lender}"
            )
        dirs = tuple(item.get("direction", ()))
        if set(dirs) - set(DIRECTIONS):
            raise ValueError(f"categories.toml: rule {item.get('name')} has a bad direction")
        out.append(
            Rule(
                name=item.get("name", cat),
                category=cat,
                lender=lender,
                patterns={f: _rx(item[f]) for f in TEXT_FIELDS if f in item},
                text=_rx(item["text"]) if "text" in item else None,
                not_text=_rx(item["not_text"]) if "not_text" in item else None,
                directions=dirs,
                min_amount=item.get("min_amount"),
            )
        )
    return RuleSet(tuple(out), _rx(raw.get("other_lenders", "$^")))


def _arrow(values: pd.Series):
    """The values as a pyarrow string array (zero-copy for arrow-backed str), or None."""
    try:
        import pyarrow as pa

        arr = pa.array(values.array) if len(values) else pa.array([], pa.string())
        return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
    except (ImportError, TypeError, ValueError, AttributeError):
        return None


def _regex(values: pd.Series, arrow, pattern: str, idx: np.ndarray | None = None) -> np.ndarray:
    """Case-insensitive regex search over values (or values[idx]) -> bool array."""
    if arrow is not None:
        import pyarrow.compute as pc

        arr = arrow if idx is None else arrow.take(idx)
        hit = pc.match_substring_regex(arr, pattern.removeprefix("(?i)"), ignore_case=True)
        return hit.to_numpy(zero_copy_only=False).astype(bool, copy=False)
    sub = values if idx is None else values.iloc[idx]
    return sub.str.contains(pattern, regex=True).to_numpy(dtype=bool)


class _Column:
    """One text column, factorised: regexes run on its distinct values only (results cached)."""

    def __init__(self, values: pd.Series) -> None:
        self.codes, self.uniques = factorized(values)
        self.arrow = _arrow(self.uniques)
        self._cache: dict[str, np.ndarray] = {}

    def hits(self, pattern: str, codes: np.ndarray | None = None) -> np.ndarray:
        """Per distinct value: does it match? Only values in `codes` are guaranteed evaluated."""
        hit = self._cache.get(pattern)
        if hit is not None:
            return hit
        idx = None
        if codes is not None:
            present = np.zeros(len(self.uniques), dtype=bool)
            present[codes] = True
            idx = np.flatnonzero(present)
        if idx is None or len(idx) * 2 >= len(self.uniques):
            hit = _regex(self.uniques, self.arrow, pattern)
            self._cache[pattern] = hit
            return hit
        hit = np.zeros(len(self.uniques), dtype=bool)
        if len(idx):
            hit[idx] = _regex(self.uniques, self.arrow, pattern, idx)
        return hit


def _union(ruleset: RuleSet) -> dict[str, str]:
    """Per text column, one regex matching whenever any rule's condition on it could match."""
    parts: dict[str, list[str]] = {f: [] for f in TEXT_FIELDS}
    for rule in ruleset.rules:
        for f, pat in rule.patterns.items():
            parts[f].append(pat.removeprefix("(?i)"))
        if rule.text:
            for f in ANY_FIELDS:
                parts[f].append(rule.text.removeprefix("(?i)"))
    return {f: "(?i)" + "|".join(f"(?:{p})" for p in pats) for f, pats in parts.items() if pats}


def _winners(
    ruleset: RuleSet,
    cols: dict[str, _Column],
    rows: np.ndarray,
    dir_codes: np.ndarray,
    amount: np.ndarray,
    text_rules: bool,
) -> np.ndarray:
    """Index of the first matching rule for each of `rows` (len(rules) when none matches).

    Works on shrinking index arrays: each condition filters the candidates of the previous one.
    """
    winner = np.full(len(rows), len(ruleset.rules), dtype=np.int32)
    open_idx = np.arange(len(rows))  # positions into `rows` not yet categorised
    # per-row values gathered once for `rows`, then indexed by the candidates of each rule
    row_dirs, row_amounts = dir_codes[rows], amount[rows]
    row_codes: dict[str, np.ndarray] = {}

    def codes_of(f: str) -> np.ndarray:
        if f not in row_codes:
            row_codes[f] = cols[f].codes[rows]
        return row_codes[f]

    for number, rule in enumerate(ruleset.rules):
        if not len(open_idx):
            break
        if (rule.patterns or rule.text) and not text_rules:
            continue
        ci = open_idx
        if rule.directions:
            allowed = np.zeros(len(DIRECTIONS), dtype=bool)
            allowed[[DIRECTIONS.index(d) for d in rule.directions]] = True
            ci = ci[allowed[row_dirs[ci]]]
        if rule.min_amount is not None and len(ci):
            ci = ci[row_amounts[ci] >= rule.min_amount]
        for f, pat in rule.patterns.items():
            if not len(ci):
                break
            codes = codes_of(f)[ci]
            ci = ci[cols[f].hits(pat, codes)[codes]]
        if rule.text and len(ci):
            hit = np.zeros(len(ci), dtype=bool)
            for f in ANY_FIELDS:
                todo = np.flatnonzero(~hit)
                if not len(todo):
                    break
                codes = codes_of(f)[ci[todo]]
                hit[todo] = cols[f].hits(rule.text, codes)[codes]
            ci = ci[hit]
        if rule.not_text and len(ci):
            for f in ANY_FIELDS:
                codes = codes_of(f)[ci]
                ci = ci[~cols[f].hits(rule.not_text, codes)[codes]]
                if not len(ci):
                    break
        if len(ci):
            winner[ci] = number
            keep = np.ones(len(rows), dtype=bool)
            keep[ci] = False
            open_idx = open_idx[keep[open_idx]]
    return winner


def categorize(frame: pd.DataFrame) -> pd.DataFrame:
    """category and lender per row of `frame` (same index)."""
    ruleset = rules()
    n = len(frame)
    union = _union(ruleset)
    cols = {
        f: _Column(frame[f] if f in frame else pd.Series([""] * n, dtype="str"))
        for f in TEXT_FIELDS
        if f in union
    }
    dir_codes = np.full(n, DIRECTIONS.index("neutral"), dtype=np.int8)
    if n:
        d_codes, d_uniques = factorized(frame["direction"])
        lookup = np.array([DIRECTIONS.index(u) if u in DIRECTIONS else 2 for u in d_uniques])
        if len(lookup):
            dir_codes = lookup[d_codes].astype(np.int8)
    amount = frame["amount"].to_numpy(dtype="float64") if n else np.array([], "float64")

    # Rows where no keyword of any rule matches can only take a keyword-free rule (spending,
    # other): they skip the keyword rules entirely.
    maybe = np.zeros(n, dtype=bool)
    for f, pattern in union.items():
        maybe |= cols[f].hits(pattern)[cols[f].codes]
    winner = np.empty(n, dtype=np.int32)
    special, plain = np.flatnonzero(maybe), np.flatnonzero(~maybe)
    if len(special):
        winner[special] = _winners(ruleset, cols, special, dir_codes, amount, text_rules=True)
    if len(plain):
        winner[plain] = _winners(ruleset, cols, plain, dir_codes, amount, text_rules=False)
    names = pd.Series([r.category for r in ruleset.rules] + ["other"], dtype="str")
    lenders = pd.Series([r.lender for r in ruleset.rules] + [""], dtype="str")
    category, lender = names.take(winner), lenders.take(winner)
    category.index = lender.index = frame.index
    remember_codes(category, winner, names)
    remember_codes(lender, winner, lenders)
    return pd.DataFrame({"category": category, "lender": lender})


def other_lender_names(text: pd.Series) -> pd.Series:
    """The first other-lender name found in each text ("" when none)."""
    pattern = f"({rules().other_lenders.removeprefix('(?i)')})"
    return text.str.extract("(?i)" + pattern, expand=False).fillna("").astype("str")
