"""`python -m limitlens estimate`: the illustrative limit estimate for a profile, a history, or a batch.

Values come from (later wins): catalog defaults < factors computed from FILEs < --profile < --set
< each --batch line. `--json` prints {"eligible", "reasons", "limit": {"low","mid","high"},
"points_total", "points", "factors", "why_not_higher"}; --batch prints one such line per scenario.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from limitlens.commands import (
    CliError,
    load_json,
    parse_values,
    read_exports,
    read_profile,
    read_text,
)

HELP = "estimate the (illustrative) Jiebei limit range from a profile, an export, or a batch"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", metavar="FILE", help="Alipay / WeChat Pay exports")
    parser.add_argument("--profile", metavar="P.json", help="declared factor values {id: value}")
    parser.add_argument(
        "--set",
        dest="sets",
        action="append",
        default=[],
        metavar="ID=VALUE",
        help="override one factor (repeatable), e.g. --set sesame_score=720 --set real_name=true",
    )
    parser.add_argument(
        "--batch", metavar="S.jsonl", help="one JSON object of overrides per line; one result each"
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument(
        "--lang", choices=("zh", "en"), default="en", help="language of the summary"
    )


def _read_sets(sets: list[str]) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    for item in sets:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise CliError(f"--set takes ID=VALUE, not {item!r}")
        raw[key.strip()] = value
    return parse_values(raw, "--set")


def _read_batch(path: str) -> list[dict[str, Any]]:
    lines = read_text(path, "--batch").splitlines()
    out = []
    for no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        raw = load_json(line, f"--batch line {no}")
        if not isinstance(raw, dict):
            raise CliError(f"--batch line {no}: must be a JSON object {{id: value}}")
        out.append(parse_values(raw, f"--batch line {no}"))
    if not out:
        raise CliError(f"--batch: {path} has no scenarios")
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _result(row: Any, values: dict[str, Any], points_cols: list[str]) -> dict[str, Any]:
    from limitlens import model

    points = {c.removeprefix("points_"): float(row[c]) for c in points_cols}
    reasons = [g["id"] for g in model.params()["gate"] if bool(row[f"gate_{g['id']}"])]
    return {
        "eligible": bool(row["eligible"]),
        "reasons": reasons,
        "limit": {"low": int(row["low"]), "mid": int(row["mid"]), "high": int(row["high"])},
        "points_total": _plain(float(row["points_total"])),
        "points": {k: _plain(v) for k, v in points.items()},
        "factors": {k: _plain(v) for k, v in values.items()},
        "why_not_higher": model.why_not_higher(points),
    }


def _summary(res: dict[str, Any], lang: str) -> str:
    from limitlens import catalog
    from limitlens.i18n import t

    lim = res["limit"]
    if res["eligible"]:
        money = {k: f"¥{v:,}" for k, v in lim.items()}
        head = t(lang, "model.cli.estimated", **money)
    else:
        why = ("；" if lang == "zh" else "; ").join(
            t(lang, f"model.gate.{r}") for r in res["reasons"]
        )
        head = f"{t(lang, 'model.not_eligible')}: {why}"
    lines = [head, t(lang, "model.cli.points", points=f"{res['points_total']:g}")]
    table = catalog.by_id()
    if res["why_not_higher"]:
        sep = "、" if lang == "zh" else ", "
        names = sep.join(table[f].label(lang) for f in res["why_not_higher"])
        lines.append(t(lang, "model.cli.why_not_higher", factors=names))
    lines.append(t(lang, "model.disclaimer"))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    import pandas as pd

    from limitlens import catalog, model
    from limitlens.factors import compute_factors

    declared = {}
    if args.profile:
        declared.update(read_profile(args.profile))
    declared.update(_read_sets(args.sets))
    batch = _read_batch(args.batch) if args.batch else [{}]

    values = dict(catalog.defaults())
    if args.files:
        history = read_exports(args.files, args.lang).history
        values.update(compute_factors(history, declared).values)
    values.update(declared)
    scenarios = [{**values, **over} for over in batch]

    res = model.estimate_many(pd.DataFrame(scenarios))
    points_cols = [c for c in res.columns if c.startswith("points_") and c != "points_total"]
    for i, (_, row) in enumerate(res.iterrows()):
        out = _result(row, scenarios[i], points_cols)
        if args.json:
            print(json.dumps(out, ensure_ascii=False))
        else:
            if i:
                print()
            print(_summary(out, args.lang))
    return 0
