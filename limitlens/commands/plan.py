"""`python -m limitlens plan`: the least-effort plans that lift the estimate to a target.

Values come from (later wins): catalog defaults < factors computed from FILEs < --profile < --set.
`--json` prints {"target", "current", "reachable", "max_mid", "plans": [{"changes": {id: value},
"limit": {"low", "mid", "high"}, "effort", "months"}]}. Applying a plan's changes with
`estimate --set` gives exactly that plan's limit; limit.mid >= target when reachable.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from limitlens.commands import CliError, add_inputs, factor_set, plain

HELP = "find the least-effort plans that lift the (illustrative) estimate to a target limit"


def add_common(parser: argparse.ArgumentParser) -> None:
    """The inputs `plan` and `report` share with `estimate`, and the output language."""
    add_inputs(parser)
    parser.add_argument("--lang", choices=("zh", "en"), default="en", help="output language")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common(parser)
    parser.add_argument("--target", required=True, metavar="N", help="target limit in CNY")
    add_max_changes(parser)
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def add_max_changes(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-changes",
        default="3",
        metavar="K",
        help="change at most K factors in a plan (default 3)",
    )


def parse_target(raw: str | None) -> int | None:
    if raw is None:
        return None
    try:
        value = float(str(raw).replace(",", "").replace("¥", "").strip())
    except ValueError:
        raise CliError(f"--target takes a number of CNY, not {raw!r}") from None
    if not (value == value and 0 < value <= 10_000_000):
        raise CliError(f"--target must be a positive amount of CNY, not {raw!r}")
    return int(round(value))


def parse_max_changes(raw: str) -> int:
    from limitlens import plan

    try:
        k = int(raw)
    except ValueError:
        raise CliError(f"--max-changes takes a whole number, not {raw!r}") from None
    if not 1 <= k <= len(plan.levers()):
        raise CliError(f"--max-changes must be between 1 and {len(plan.levers())}, not {k}")
    return k


def result_json(res) -> dict[str, Any]:
    return {
        "target": res.target,
        "current": dict(zip(("low", "mid", "high"), res.current, strict=True)),
        "reachable": res.reachable,
        "max_mid": res.max_mid,
        "plans": [
            {
                "changes": {k: plain(v) for k, v in p.values().items()},
                "limit": {"low": p.low, "mid": p.mid, "high": p.high},
                "effort": round(p.effort, 2),
                "months": p.months,
            }
            for p in res.plans
        ],
    }


def _summary(res, lang: str, values: dict | None = None) -> str:
    """The Plan page's words: effort on its scale, how plans differ, what caps the target."""
    from limitlens import plan_text
    from limitlens.format import money
    from limitlens.i18n import t
    from limitlens.report_build import change_text

    values = values or {}
    lines = [res.reach().render(lang)]
    verdict = res.verdict()
    if verdict is not None:
        lines.append(verdict[1].render(lang))
    lines += plan_text.caps(res, values, lang)
    notes = plan_text.plan_notes(res, values, lang)
    found = [p for p in res.plans if p.changes]
    if same := plan_text.same_amount(res, values, lang):
        lines.append(same)
    for n, (p, note) in enumerate(zip(found, notes, strict=True), 1):
        effort = plan_text.effort_words(p.effort, lang)
        meta = t(lang, "planview.effort.meta", effort=effort, count=p.months)
        head = f"{t(lang, 'plan.plan_name', n=n)} · {' · '.join(note.tags)}"
        lines.append(f"{head}\n  {money(p.low)} – {money(p.high)} ({money(p.mid)}) · {meta}")
        lines += [f"  - {change_text(c.factor, c.before, c.after, lang)}" for c in p.changes]
        lines.append(f"  {note.pick}")
    if notes:
        lines.append(plan_text.effort_scale_note(lang))
    lines.append(t(lang, "model.disclaimer"))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from limitlens import plan

    target = parse_target(args.target)
    k = parse_max_changes(args.max_changes)
    fs, _ = factor_set(args)
    res = plan.seek(fs.values, target, k, assumed=fs.assumed)
    if args.json:
        print(json.dumps(result_json(res), ensure_ascii=False))
    else:
        print(_summary(res, args.lang, fs.values))
    return 0
