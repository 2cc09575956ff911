"""Why not higher: the largest one-change gains in the central estimate, each a move the planner
could make this year under its own rules (reach, coherence, no borrowing unasked), or, for a
factor only time or the platform moves, its best plausible value."""

from __future__ import annotations

from dataclasses import dataclass, field

from limitlens import catalog, coherence, model, projection
from limitlens.catalog import Value
from limitlens.plan.moves import levers, unit_options, units


@dataclass(frozen=True)
class Reason:
    """One answer to "why not higher": moving `id` from `value` to `to` adds `gain` CNY to mid.
    An actionable reason is a one-change plan (`follows`: what moves with it); another names a
    factor only time or the platform moves, at its best plausible value."""

    id: str
    value: Value
    to: Value
    gain: int
    actionable: bool
    follows: dict[str, Value] = field(default_factory=dict)


def why_not_higher(
    values: dict[str, Value],
    assumed: tuple[str, ...] = (),
    allow_borrowing: bool = False,
    n: int = model.MAX_REASONS,
) -> list[Reason]:
    """The largest gains in the central estimate, biggest first (at most `n`, each > 0): for a
    lever, the best move a one-change plan could make within 12 months under the planner's own
    rules (reach, coherence, no borrowing unasked), its gain that plan's gain; for a factor only
    time or the platform moves (the Sesame score among them: an outcome), its best plausible value."""
    coherence.check(values)
    base = {**catalog.defaults(), **values}
    moves: list[tuple[str, Value, dict[str, Value]]] = []  # (factor, to, what follows)
    for unit in units(levers()):
        for o in unit_options(unit, base, allow_borrowing):
            if len(o.changes) == 1:
                ((fid, to),) = o.changes.items()
                moves.append((fid, to, projection.follows(base, o.changes)))
    lever_ids = set(levers())
    for fid, to in model.improvements(base):
        if fid not in lever_ids:
            moves.append((fid, to, {}))
    variants = [{}] + [{fid: to, **after} for fid, to, after in moves]
    mids = model.estimate_variants(base, variants, assumed)["mid"]
    best: dict[str, tuple[int, int]] = {}  # factor -> (gain, index of its best move)
    for i, m in enumerate(mids[1:]):
        gain = int(m) - int(mids[0])
        fid = moves[i][0]
        if gain > 0 and (fid not in best or gain > best[fid][0]):
            best[fid] = (gain, i)
    order = {fid: i for i, fid in enumerate(catalog.ids())}
    ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], order[kv[0]]))
    return [
        Reason(fid, base[fid], moves[i][1], gain, fid in lever_ids, moves[i][2])
        for fid, (gain, i) in ranked[:n]
    ]
