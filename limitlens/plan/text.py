"""What a plan means to the person reading it: effort in words on a stated scale, how plans differ
and why one would pick each, what caps an out-of-reach target and what would lift the cap, and
step advice that fits the change and the user's own values.

Also the verdicts a search needs first (`reach`, `verdict`). Pure (no streamlit): the Plan page,
the report and the command line show the same words. Reads the plans the search found (never
searches itself, except to ask what one more change would reach); the scale is
data/effort_scale.toml, the words data/i18n/<lang>/planview.toml and plan.toml.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Any

from limitlens import catalog, model
from limitlens.format import money
from limitlens.i18n import Message, t
from limitlens.i18n import catalog as texts
from limitlens.paths import DATA_DIR
from limitlens.plan.result import Action, GoalSeek, Plan
from limitlens.plan.search import seek as goal_seek

MAX_CHANGES_ASKED = 5  # the most changes the Plan page lets a user allow
SESAME_STEP = 50  # "a higher score" in the ceiling note: this many points above today's


@cache
def scale() -> dict[str, Any]:
    """data/effort_scale.toml: what a point means, the bands, the changes that need money."""
    with (DATA_DIR / "effort_scale.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    bands = raw["band"]
    if [b["max"] for b in bands] != sorted(b["max"] for b in bands) or bands[-1]["max"] != float(
        "inf"
    ):
        raise ValueError("effort_scale.toml: bands must rise and end at inf")
    return raw


def _either(parts: list[str], lang: str) -> str:
    """ "a，或b，或c" / "a, b, or c": alternatives, each a reason on its own."""
    if len(parts) < 3:
        return t(lang, "lang.or_two").join(parts)
    return t(lang, "lang.or_sep").join(parts[:-1]) + t(lang, "lang.or_last") + parts[-1]


def _labels(fids: Any, lang: str) -> str:
    table = catalog.by_id()
    return t(lang, "ui.list_sep").join(table[f].label(lang) for f in fids)


# ---------------------------------------------------------------- what the search says first


def reach(seek: GoalSeek) -> Message:
    """What is possible at all: today's mid, and the most `max_changes` changes reach."""
    params = {"now": money(seek.current[1]), "count": seek.max_changes}
    return Message("plan.reach", params | {"max": money(seek.max_mid)})


def verdict(seek: GoalSeek) -> tuple[str, Message] | None:
    """The word the plans need first, as (kind, message): kind "already" (today's mid meets
    the target), "stuck" (no change raises it) or "unreachable" (plans reach `max_mid` only);
    None when plans reach the target."""
    mid = seek.current[1]
    if mid >= seek.target:
        return "already", Message("plan.already", {"mid": money(mid), "target": money(seek.target)})
    if not seek.plans and seek.max_mid <= mid:
        key = "plan.hopeless" if mid == 0 else "plan.nothing_helps"
        return "stuck", Message(key, {"mid": money(mid)})
    if not seek.reachable:
        params = {"count": seek.max_changes, "max": money(seek.max_mid)}
        return "unreachable", Message("plan.unreachable", params)
    return None


# ---------------------------------------------------------------- effort in words


def effort_band(points: float) -> str:
    """The band id (light | moderate | hard | very_hard) an effort falls in."""
    return next(b["id"] for b in scale()["band"] if points <= b["max"] + 1e-9)


def effort_words(points: float, lang: str) -> str:
    """ "较难（11.4 点）", "hard (11.4 points)": the band's word, then the points."""
    words = t(lang, f"planview.effort.{effort_band(points)}")
    return t(lang, "planview.effort.shown", words=words, count=round(points, 1))


def effort_scale_note(lang: str) -> str:
    """What one point means and where each word starts, in one sentence."""
    s = scale()
    parts, prev = [], 0.0
    for b in s["band"]:
        words = t(lang, f"planview.effort.{b['id']}")
        if b["max"] == float("inf"):
            parts.append(t(lang, "planview.effort.band_over", words=words, max=f"{prev:g}"))
        else:
            parts.append(t(lang, "planview.effort.band_upto", words=words, max=f"{b['max']:g}"))
        prev = b["max"]
    return t(
        lang,
        "planview.effort.scale",
        hours=f"{s['hours_per_point']:g}",
        count=s["weeks_per_point"],
        bands=" · ".join(parts),
    )


def needs_money(p: Plan) -> bool:
    return bool(p.factors & set(scale()["money"]["factors"]))


# ---------------------------------------------------------------- how plans differ


@dataclass(frozen=True)
class PlanNotes:
    tags: list[str]  # short: "最省力", "更快：7 个月完全见效（计划 1 要 10 个月）"
    pick: str  # when one would pick this plan, one sentence


def range_top() -> int:
    """The top of the commonly cited Jiebei range (data/model.toml), where every estimate stops."""
    return model.product_range()[1]


def _cap_kind(values: dict[str, Any], p: Plan) -> str:
    """What stops the estimate of `values` + `p` from going higher: range_top | ceiling | other."""
    est = model.estimate({**values, **p.values()})
    top = range_top()
    if est.mid >= top:
        return "range_top"
    if est.mid >= int(est.multipliers["ceiling"]):
        return "ceiling"
    return "other"


def plan_notes(seek: GoalSeek, values: dict[str, Any], lang: str) -> list[PlanNotes]:
    """One PlanNotes per plan with changes, in order: plan 1 is the least effort; every other
    plan says what it uses instead, and where it is faster, smaller, higher or needs no money."""
    found = [p for p in seek.plans if p.changes]
    if not found:
        return []
    first = found[0]
    out = [PlanNotes([t(lang, "plan.cheapest")], t(lang, "planview.pick.cheapest"))]
    for p in found[1:]:
        tags, picks = [], []
        added = [c.factor for c in p.changes if c.factor not in first.factors]
        dropped = [c.factor for c in first.changes if c.factor not in p.factors]
        if added:
            tags.append(
                t(
                    lang,
                    "planview.diff.instead",
                    added=_labels(added, lang),
                    dropped=_labels(dropped, lang),
                )
            )
        else:
            tags.append(t(lang, "planview.diff.leaves_out", dropped=_labels(dropped, lang)))
        picks.append(t(lang, "planview.pick.instead", dropped=_labels(dropped, lang)))
        if len(p.changes) < len(first.changes):
            tags.append(t(lang, "planview.diff.fewer", count=len(p.changes)))
            picks.append(t(lang, "planview.pick.fewer"))
        if p.months < first.months:
            tags.append(t(lang, "planview.diff.faster", count=p.months, then=first.months))
            picks.append(t(lang, "planview.pick.faster"))
        if p.mid > first.mid:
            tags.append(t(lang, "planview.diff.higher", mid=money(p.mid)))
            picks.append(t(lang, "planview.pick.higher"))
        if needs_money(first) and not needs_money(p):
            tags.append(t(lang, "planview.diff.no_money"))
            picks.append(t(lang, "planview.pick.no_money"))
        extra = p.effort - first.effort
        if extra > 0.05:
            tags.append(t(lang, "planview.diff.more_effort", count=round(extra, 1)))
        out.append(PlanNotes(tags, t(lang, "planview.pick.sentence", reasons=_either(picks, lang))))
    return out


def same_amount(seek: GoalSeek, values: dict[str, Any], lang: str) -> str:
    """When every plan ends at the same amount: why they do, and how to choose ("" otherwise)."""
    found = [p for p in seek.plans if p.changes]
    if len(found) < 2 or len({p.mid for p in found}) > 1:
        return ""
    p = found[0]
    kind = _cap_kind(values, p)
    if kind == "range_top":
        why = t(lang, "planview.same.range_top", top=money(p.mid))
    elif kind == "ceiling":
        why = t(lang, "planview.same.ceiling", ceiling=money(p.mid))
    elif not seek.reachable:
        why = t(lang, "planview.same.max", count=seek.max_changes)
    else:
        why = t(lang, "planview.same.target")
    return t(lang, "planview.same.text", count=len(found), mid=money(p.mid), why=why)


# ---------------------------------------------------------------- out of reach


def caps(
    seek: GoalSeek,
    values: dict[str, Any],
    lang: str,
    assumed: tuple[str, ...] = (),
    only: tuple[str, ...] | None = None,
) -> list[str]:
    """Why an out-of-reach target is out of reach (what caps the estimate) and what would lift
    the cap, as sentences; [] when the target is reachable or nothing can be said. `only`: the
    levers the seek was restricted to, if it was."""
    if seek.reachable or not seek.plans:
        return []
    best = seek.plans[0]
    base = {**catalog.defaults(), **values, **best.values()}
    kind = _cap_kind(values, best)
    if kind == "range_top":
        return [t(lang, "planview.cap.range_top", top=money(best.mid))]
    out = []
    if kind == "ceiling":
        score = float(base["sesame_score"])
        ceiling = int(model.estimate(base).multipliers["ceiling"])
        higher = min(score + SESAME_STEP, float(catalog.by_id()["sesame_score"].max))
        lifted = int(model.estimate({**base, "sesame_score": higher}).multipliers["ceiling"])
        out.append(t(lang, "planview.cap.ceiling", score=f"{score:,.0f}", ceiling=money(ceiling)))
        if lifted > ceiling:
            out.append(
                t(lang, "planview.cap.ceiling_lift", score=f"{higher:,.0f}", ceiling=money(lifted))
            )
    else:
        out.append(t(lang, "planview.cap.changes", count=seek.max_changes))
    if seek.max_changes < MAX_CHANGES_ASKED:
        more = goal_seek(
            values, seek.target, seek.max_changes + 1, n_plans=1, only=only, assumed=assumed
        )
        if more.reachable:
            out.append(t(lang, "planview.cap.more_reaches", count=seek.max_changes + 1))
        elif more.max_mid > seek.max_mid:
            out.append(
                t(lang, "planview.cap.more", count=seek.max_changes + 1, max=money(more.max_mid))
            )
    out.append(t(lang, "planview.cap.horizon"))
    return out


# ---------------------------------------------------------------- step advice


def step_advice(action: Action, values: dict[str, Any], sources: dict[str, str], lang: str) -> str:
    """What to do for one step, chosen by the change and the user's own values: no "clear your
    overdue first" without an overdue record, no "update your proof of income" for an income
    the export showed. Falls back to the article's recommendation the change belongs to."""
    fid = action.factor
    base = {**catalog.defaults(), **values}
    f = catalog.by_id()[fid]
    variant = ""
    if fid == "sesame_score":  # overdue now, an old record still counting, or neither
        if bool(base.get("overdue_now")):
            variant = "overdue"
        else:
            variant = "past" if float(base.get("overdue_24m", 0)) > 0 else "clean"
    elif fid in ("income_monthly", "profile_updated"):
        variant = "declared" if sources.get("income_monthly") == "declared" else "inferred"
    key = f"planview.step.{fid}" + (f".{variant}" if variant else "")
    if key not in texts(lang):
        return t(lang, f"plan.advice.{action.advice}")
    return t(
        lang,
        key,
        before=f.display_value(action.before, lang),
        after=f.display_value(action.after, lang),
    )


# ---------------------------------------------------------------- the plan in one line


def plan_line(seek: GoalSeek | None, chosen: Plan | None, when: str, lang: str) -> str:
    """The answer's last line: the target already met, the plan in brief, or no target."""
    if seek is None:
        return t(lang, "planview.line.no_target")
    if seek.current[1] >= seek.target:
        return t(lang, "planview.line.already", target=money(seek.target))
    if chosen is None or not chosen.changes:
        return t(lang, "planview.line.none", target=money(seek.target))
    changes = _labels([c.factor for c in chosen.changes], lang)
    if not seek.reachable:
        return t(
            lang,
            "planview.line.unreachable",
            count=seek.max_changes,
            target=money(seek.target),
            max=money(chosen.mid),
            changes=changes,
        )
    key = "planview.line.reach" if when else "planview.line.reach_later"
    return t(lang, key, target=money(seek.target), changes=changes, when=when)
