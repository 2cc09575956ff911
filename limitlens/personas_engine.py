"""The persona engine: a spec (data/personas/specs/<id>.toml) in, an export file and a profile out.

The spec language is described in data/personas/specs/README.md; common.toml holds what the
specs share. `render` runs a spec's steps in order, drawing from one random.Random(seed) in the
order the spec is written (money in integer cents, every history ending on the same day), and
limitlens.exports writes the rows, newest first, in the real layout. No persona lives here:
scripts/make_personas.py renders every spec into data/personas/, byte-for-byte.
"""

from __future__ import annotations

import random
import tomllib
from collections import defaultdict
from datetime import date, datetime, timedelta

import pandas as pd

from limitlens.exports import Owner, alipay_a3, wechat_w1
from limitlens.paths import PERSONAS_DIR

SPEC_DIR = PERSONAS_DIR / "specs"
DIGITS, ALNUM = "0123456789", "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
TEXT = ("kind", "counterparty", "account", "description", "direction", "method", "status", "note")


def load_specs(spec_dir=SPEC_DIR) -> tuple[dict, list[dict]]:
    """(common.toml, every persona spec in display order)."""
    read = lambda path: tomllib.loads(path.read_text(encoding="utf-8"))  # noqa: E731
    specs = [read(p) for p in spec_dir.glob("*.toml") if p.stem != "common"]
    return read(spec_dir / "common.toml"), sorted(specs, key=lambda s: s["order"])


def _fmt(value, day: date):
    """A text with {year} and {month} of `day` filled in; anything else as it is."""
    return value.format(year=day.year, month=day.month) if "{" in str(value) else value


class Book:
    """One persona's rows; every draw goes through `self.rng`, in the order the spec says."""

    def __init__(self, spec: dict, common: dict) -> None:
        self.rng, self.common = random.Random(spec["seed"]), common
        self.start, self.end = spec["start"], common["export"]["end"]
        self.layout = common["layout"][spec["layout"]]
        self.account = common["savings"][spec["savings"]]
        self.rows: list[dict] = []  # text fields, time, amount (cents), savings (+1/-1/0)
        self.orders: set[str] = set()
        self.queue: dict[date, list[dict]] = defaultdict(list)  # savings moves, by day

    def chars(self, alphabet: str, n: int) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(n))

    def draw(self, value):
        """A literal, [lo, hi], {pick = [...], weights = [...]} or {fill = "1##-??"}."""
        if isinstance(value, list):
            return self.rng.randint(*value)
        if not isinstance(value, dict):
            return value
        if "fill" in value:
            f = {"#": DIGITS, "?": ALNUM}
            return "".join(self.chars(f[c], 1).lower() if c in f else c for c in value["fill"])
        if value.get("weights"):
            return self.rng.choices(value["pick"], value["weights"])[0]
        return self.rng.choice(value["pick"])

    def cents(self, value, i: int | None, item: dict | None) -> int:
        """An amount: yuan, [lo, hi], {pick}, {by_month}, {cycle} or {item = scale}, + jitter."""
        v = value if isinstance(value, dict) else {"yuan": value}
        if "item" in v:
            yuan = [x * v["item"] for x in item["yuan"]]
        elif "by_month" in v:
            yuan = max((int(k), x) for k, x in v["by_month"].items() if int(k) <= i)[1]
        elif "cycle" in v:
            yuan = v["cycle"][i % len(v["cycle"])]
        else:
            yuan = self.draw(v) if "pick" in v else v["yuan"]
        if isinstance(yuan, list):
            out = self.rng.randint(round(yuan[0] * 100), round(yuan[1] * 100))
        else:
            out = round(yuan * 100)
        jitter = round(v.get("jitter", 0) * 100)
        return out + self.rng.randint(-jitter, jitter) if jitter else out

    def at(self, day: date, hours) -> datetime:
        """A time on `day` within the hour range (before the export time on the last day)."""
        if isinstance(hours, datetime):
            return hours
        hi = min(hours[1], self.common["export"]["last_hour"]) if day == self.end else hours[1]
        r = self.rng.randint
        return datetime(day.year, day.month, day.day, r(min(hours[0], hi), hi), r(0, 59), r(0, 59))

    def days(self):
        return (self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1))

    def months(self) -> list[tuple[int, int]]:
        first, last = (d.year * 12 + d.month - 1 for d in (self.start, self.end))
        return [(n // 12, n % 12 + 1) for n in range(first, last + 1)]

    def on(self, ym: tuple[int, int], day: int) -> date | None:
        d = date(ym[0], ym[1], min(day, 28))
        return d if self.start <= d <= self.end else None

    def emit(self, row: dict, order: str = "transfer", merchant: bool = False) -> None:
        """Add a row, drawing its order number (unique in the file) and merchant number."""
        lay, row = self.layout, {**self.layout["defaults"], "savings": 0, **row}

        def number() -> str:
            return self.chars(ALNUM, self.draw(lay["merchant_chars"])) if merchant else ""

        row["merchant"] = number() if lay["merchant_first"] else ""
        stamp, prefix = f"{row['time']:%Y%m%d}", lay["order"][order]
        head = stamp + prefix if lay["date_first"] else prefix + stamp
        while (order_no := head + self.chars(DIGITS, lay["order_digits"])) in self.orders:
            continue  # drawn again until unique in the file
        self.orders.add(order_no)
        self.rows.append({**row, "order": order_no, "merchant": row["merchant"] or number()})

    def occur(self, flow: dict, day: date, i: int | None) -> None:
        """One occurrence of `flow` on `day`: its chances, its fields in order, its row(s)."""
        if "skip" in flow and self.rng.random() < flow["skip"]:
            return
        if "chance" in flow and self.rng.random() >= flow["chance"]:
            return
        if flow.get("even_months") and day.month % 2:
            return
        if "either" in flow:
            flow = {**flow, **flow["either"][0 if self.rng.random() < flow["split"] else 1]}
        queued = "savings" in flow and "rate" in self.account
        row, item = {"savings": {"in": 1, "out": -1}.get(flow.get("savings"), 0)}, None
        for key, value in flow.items():
            if key == "item":
                entries = self.common["catalog"][value["from"]][: value.get("first")]
                weights = [e["weight"] for e in entries] if value.get("weighted") else None
                item = self.draw({"pick": entries, "weights": weights})
                row |= {k: v for k, v in item.items() if k in TEXT}
            elif key == "time":
                row["time"] = value if queued else self.at(day, value)
            elif key == "amount":
                row["amount"] = self.cents(value, i, item)
            elif key in TEXT:
                row[key] = _fmt(self.draw(value), day)
        if "loan" in flow:
            self.loan(day, row, flow, flow.get("fails", {}).get(str(i), []))
        elif queued:
            self.queue[day].append(row)
        else:
            merchant = flow.get("merchant", False)
            self.emit(row, flow.get("order", "shop" if merchant else "transfer"), merchant)

    def repay(self, due: date, row: dict, hours, bounce: dict | None = None) -> None:
        """A repayment on `due`; a bounce writes a failed row first and pays `days` later."""
        if bounce:
            self.emit({**row, **self.layout["failed"], "time": self.at(due, bounce["time"])})
            due += timedelta(days=bounce["days"])
            row = {**row, **{k: v for k, v in bounce.items() if k in TEXT}}
        self.emit({**row, "time": self.at(due, hours)})

    def loan(self, day: date, row: dict, flow: dict, fails: list[int]) -> None:
        """A draw, then monthly instalments: principal / terms + 30 days' interest on the rest."""
        cfg, lender = self.common["loans"], self.common["lenders"][flow["loan"]]
        cents = left = row["amount"]
        base = {"counterparty": lender["counterparty"], "method": row["method"]}
        draw = {"kind": lender["kind"], "description": lender["draw"], "status": cfg["draw_status"]}
        self.emit({**base, **draw, "amount": cents, "time": self.at(day, cfg["draw_time"])})
        base |= {"kind": cfg["repay_kind"], "description": lender["repay"]}
        for k in range(1, flow["terms"] + 1):
            y, m = divmod(day.month - 1 + k, 12)
            due = date(day.year + y, m + 1, min(day.day, 28))
            if due > self.end:
                break
            principal = left if k == flow["terms"] else cents // flow["terms"]
            amount = principal + left * cfg["daily_bp"] * 30 // 10000
            instalment = {**base, "amount": amount, "status": cfg["repay_status"]}
            self.repay(due, instalment, cfg["repay_time"], cfg["bounce"] if k in fails else None)
            left -= principal

    def spent(self, prefix: str, key) -> dict:
        """Spending paid with a method starting with `prefix`, in cents, summed by key(time)."""
        out: dict = defaultdict(int)
        for r in self.rows:
            if r["direction"] == self.layout["spending"] and r["method"].startswith(prefix):
                out[key(r["time"])] += r["amount"]
        return out

    # -- steps (a spec's [[step]] `do`) ----------------------------------------------------
    def step_monthly(self, step: dict) -> None:
        for i, ym in enumerate(self.months()):
            for flow in step["flow"]:
                if i in flow.get("not_months", ()) or i not in flow.get("months", [i]):
                    continue
                for _ in range(self.draw(flow.get("count", 1))):
                    if day := self.on(ym, self.draw(flow["day"])):
                        self.occur(flow, day, i)

    def step_daily(self, step: dict) -> None:
        for day in self.days():
            for flow in (f for f in step["flow"] if day >= f.get("from", day)):
                for _ in range(self.draw(flow.get("count", 1))):
                    self.occur(flow, day, None)

    def step_once(self, step: dict) -> None:
        for flow in step["flow"]:
            for day in flow.get("dates") or [flow["time"].date()]:
                self.occur(flow, day, None)

    def step_refunds(self, step: dict) -> None:
        cfg = self.layout["refund"]
        spending = [r for r in self.rows if r["direction"] == self.layout["spending"]]
        pool = [r for r in spending if r["kind"] in step["kinds"]]
        for r in pool[-1:] if step.get("last") else self.rng.sample(pool, step["count"]):
            when = r["time"] + timedelta(days=self.draw(step["days"]))
            when += timedelta(hours=self.rng.randint(*cfg["hours"]))
            order = f"{r['order']}_{self.chars(DIGITS, cfg['suffix_digits'])}"
            self.orders.add(order)
            text = {k: cfg[k].format(**r) for k in TEXT if k in cfg}
            amount = r["amount"] // step.get("divide_by", 1)
            self.rows.append({**r, **text, "time": when, "order": order, "amount": amount})

    def step_repay(self, step: dict) -> None:
        spent = self.spent(step["pays_for"], lambda t: (t.year, t.month))
        for ym in self.months():
            prev = (ym[0] - 1, 12) if ym[1] == 1 else (ym[0], ym[1] - 1)
            if not (due := self.on(ym, step["day"])) or not spent.get(prev):
                continue
            row = {k: _fmt(step[k], due) for k in TEXT if k in step} | {"amount": spent[prev]}
            bounces = f"{due:%Y-%m}" in step.get("bounce_months", ())
            bounce = {k: _fmt(v, due) for k, v in step["bounce"].items()} if bounces else None
            self.repay(due, row, step["time"], bounce)

    def step_savings(self, step: dict) -> None:
        """Walk the days: the earnings row on what the account held, then the queued moves."""
        acc, balance = self.account, 0
        out = self.spent(acc["method"], datetime.date)
        named = {"kind": acc["kind"], "counterparty": acc["counterparty"], "savings": 1}
        for day in self.days():
            if balance > 0:
                earned = int(balance * acc["rate"] * self.rng.uniform(*acc["wobble"]) / 365)
                if earned > 0:
                    text = acc["earnings"].format(day=f"{day - timedelta(days=1):%Y.%m.%d}")
                    row = {**named, "description": text, "amount": earned, "method": acc["method"]}
                    self.emit({**row, "time": self.at(day, acc["earnings_time"])})
                    balance += earned
            for row in self.queue.get(day, ()):
                self.emit({**named, **row, "time": self.at(day, row["time"])})
                balance += row["savings"] * row["amount"]
            balance -= out.get(day, 0)
            assert balance >= 0, (day, balance)


def render(spec: dict, common: dict) -> tuple[bytes, dict]:
    """(the export file's bytes, the profile) of one persona."""
    book = Book(spec, common)
    for step in spec["step"]:
        getattr(book, f"step_{step['do']}")(step)
    rows = pd.DataFrame(book.rows)
    spent = rows["direction"].eq(book.layout["spending"])
    spent &= rows["method"].str.startswith(book.account["method"])
    moved = int((rows["savings"] * rows["amount"]).sum() - rows["amount"][spent].sum())
    assets = round(moved / 100)  # the savings balance at the end, in yuan
    rows = rows.iloc[::-1].sort_values("time", ascending=False, kind="stable")  # newest first
    rows["amount"] /= 100
    end, exported_at = common["export"]["end"], common["export"]["exported_at"]
    owner = Owner(spec["holder"], spec["start"], end, exported_at, spec.get("account", ""))
    if spec["layout"] == "wechat_csv_w1":
        data = wechat_w1(rows, owner)
    else:
        data = alipay_a3(rows, owner, spec["style"])
    return data, {k: assets if v == "savings" else v for k, v in spec["profile"].items()}
