"""`python -m limitlens plan`: the least-effort plans that lift the estimate to a target.

Values come from (later wins): catalog defaults < factors computed from FILEs < --profile < --set.
`--json` prints `GoalSeek.to_json` (limitlens/plan/result.py): {"target", "current", "outcome",
"reachable", "max_mid", "plans": [{"changes": {id: value}, "follows": {id: value}, "limit":
{"low", "mid", "high"}, "effort", "months", "interest_cny_12m": [low, high] or null}]}, each
plan in the one shape the report's snapshot keeps too. `changes` are actions only; `follows` what they bring
with them (a coherence partner, the Sesame score). Applying a plan's changes and follows with
`estimate --set` gives exactly that plan's limit; limit.mid >= target when reachable. No plan
raises borrowing unless --allow-borrowing.
"""

from __future__ import annotations

import argparse
import json

from limitlens.commands import CliError, add_inputs, factor_set
from limitlens.i18n import LANGS

HELP = "find the least-effort plans that lift the (illustrative) estimate to a target limit"


def add_common(parser: argparse.ArgumentParser) -> None:
    """The inputs `plan` and `report` share with `estimate`, and the output language."""
    add_inputs(parser)
    parser.add_argument("--lang", choices=LANGS, default="en", help="output language")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common(parser)
    parser.add_argument("--target", required=True, metavar="N", help="target limit in CNY")
    add_max_changes(parser)
    add_allow_borrowing(parser)
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def add_allow_borrowing(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--allow-borrowing",
        action="store_true",
        help="let plans add borrowing to build a record (off by default; shows the interest)",
    )


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


def _summary(res, lang: str, values: dict | None = None) -> str:
    """The Plan page's words: effort on its scale, how plans differ, what caps the target."""
    from limitlens import catalog
    from limitlens.format import money
    from limitlens.i18n import t
    from limitlens.plan import text as plan_text
    from limitlens.plan.presenter import change_text

    values = values or {}
    lines = [plan_text.reach(res).render(lang)]
    verdict = plan_text.verdict(res)
    if verdict is not None:
        lines.append(verdict[1].render(lang))
    table = catalog.by_id()
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
        for fid, v in p.follows.items():
            shown = table[fid].display_value(v, lang)
            follows = t(lang, "advice.follows_line", factor=table[fid].label(lang), value=shown)
            lines.append(f"  {follows}")
        if p.interest_cny_12m:
            low, high = (money(x) for x in p.interest_cny_12m)
            lines.append(f"  {t(lang, 'advice.interest', low=low, high=high)}")
        lines.append(f"  {note.pick}")
    if notes:
        lines.append(plan_text.effort_scale_note(lang))
    lines.append(t(lang, "model.disclaimer"))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from limitlens import model, plan

    target = parse_target(args.target)
    k = parse_max_changes(args.max_changes)
    fs, _ = factor_set(args)
    res = plan.seek(fs.values, target, k, assumed=fs.assumed, allow_borrowing=args.allow_borrowing)
    if args.json:
        outcome = model.estimate(fs.values).outcome
        print(json.dumps(res.to_json(outcome), ensure_ascii=False))
    else:
        print(_summary(res, args.lang, fs.values))
    return 0
