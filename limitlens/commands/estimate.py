"""`python -m limitlens estimate`: the illustrative limit estimate for a profile, a history, or a batch.

Values come from (later wins): catalog defaults < factors computed from FILEs < --profile < --set
< each --batch line; --set values that contradict each other (data/coherence.toml) are refused.
`--json` prints {"outcome": "eligible" | "not_eligible" | "likely_closed", "eligible", "reasons",
"notes", "limit": {"low","mid","high"}, "points_total", "points", "factors", "why_not_higher":
[{"id", "value", "to", "gain", "actionable", "follows"}], "defaults": [ids taken from catalog
defaults]}; --batch prints one such line per scenario. A reason never raises borrowing unless
--allow-borrowing.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from limitlens.commands import (
    CliError,
    add_inputs,
    check_coherent,
    factor_set,
    load_json,
    parse_values,
    read_text,
)
from limitlens.format import plain
from limitlens.i18n import LANGS

HELP = "estimate the (illustrative) Jiebei limit range from a profile, an export, or a batch"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_inputs(parser)
    parser.add_argument(
        "--batch", metavar="S.jsonl", help="one JSON object of overrides per line; one result each"
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument(
        "--allow-borrowing",
        action="store_true",
        help="let 'why not higher' suggest borrowing to build a record (off by default)",
    )
    parser.add_argument("--lang", choices=LANGS, default="en", help="language of the summary")


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
        check_coherent(out[-1], f"--batch line {no}")
    if not out:
        raise CliError(f"--batch: {path} has no scenarios")
    return out


def _result(
    values: dict[str, Any], assumed: tuple[str, ...], allow_borrowing: bool = False
) -> dict[str, Any]:
    """The JSON object of one scenario: `model.estimate`, and the reasons by the planner's rules."""
    from limitlens import model, plan

    e = model.estimate(values, assumed)
    reasons = plan.why_not_higher(values, assumed, allow_borrowing)
    return {
        "outcome": e.outcome,
        "eligible": e.eligible,
        "reasons": e.reasons,
        "notes": list(e.notes),
        "limit": {"low": e.low, "mid": e.mid, "high": e.high},
        "points_total": plain(e.points_total),
        "points": {k: plain(v) for k, v in e.points.items()},
        "factors": {k: plain(v) for k, v in values.items()},
        "why_not_higher": [
            {
                "id": r.id,
                "value": plain(r.value),
                "to": plain(r.to),
                "gain": r.gain,
                "actionable": r.actionable,
                "follows": {k: plain(v) for k, v in r.follows.items()},
            }
            for r in reasons
        ],
        "defaults": list(e.assumed),
    }


def _summary(res: dict[str, Any], lang: str) -> str:
    from limitlens import catalog
    from limitlens.format import money
    from limitlens.i18n import t

    lim = res["limit"]
    if res["eligible"]:
        head = t(lang, "model.cli.estimated", **{k: money(v) for k, v in lim.items()})
    else:
        why = t(lang, "ui.sentence_sep").join(t(lang, f"model.gate.{r}") for r in res["reasons"])
        outcome = t(lang, f"model.outcome.{res['outcome']}")
        head = t(lang, "lang.label_value", label=outcome, value=why)
    lines = [head, t(lang, "model.cli.points", points=f"{res['points_total']:g}")]
    lines += [t(lang, f"model.note.{n}") for n in res["notes"]]
    table = catalog.by_id()
    if res["why_not_higher"]:
        lines.append(t(lang, "model.cli.why_not_higher"))
        for r in res["why_not_higher"]:
            f = table[r["id"]]
            lines.append(
                t(
                    lang,
                    "model.cli.reason",
                    factor=f.label(lang),
                    value=f.display_value(r["value"], lang),
                    to=f.display_value(r["to"], lang),
                    gain=money(r["gain"]),
                )
            )
    if res["defaults"]:
        names = tuple(table[f].label(lang) for f in res["defaults"])
        lines.append(t(lang, "model.cli.assumed", factors=names))
    lines.append(t(lang, "model.disclaimer"))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    batch = _read_batch(args.batch) if args.batch else [{}]
    fs, _ = factor_set(args)
    for i, over in enumerate(batch):
        assumed = tuple(fid for fid in fs.assumed if fid not in over)
        from limitlens import coherence

        values = {**fs.values, **over}
        if over:  # a batch line's statements win over what the files and profile said
            values, _ = coherence.repair(values, over)
        out = _result(values, assumed, args.allow_borrowing)
        if args.json:
            print(json.dumps(out, ensure_ascii=False))
        else:
            if i:
                print()
            print(_summary(out, args.lang))
    return 0
