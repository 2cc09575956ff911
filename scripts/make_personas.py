"""Render the sample personas in data/personas/ from their specs, byte-for-byte.

    .venv/bin/python scripts/make_personas.py            # writes data/personas/
    .venv/bin/python scripts/make_personas.py --out DIR  # writes into DIR (tests compare)

Each data/personas/specs/<id>.toml is one persona: who (names, layout, seed, first day), the
profile (factor id -> value; "savings" is the savings balance the history ends with, in yuan)
and `[[step]]`s run in order. specs/common.toml holds what they share: the export date, how each
layout numbers rows, savings accounts, lenders and item catalogues. limitlens.exports writes
the rows, newest first. Randomness is one random.Random(seed), so a spec draws in this order:

- step "monthly": for each month (index i from 0 = the start month), each `[[step.flow]]`;
  "daily": for each day, each flow (from its `from` date); "once": each flow on each of its
  `dates` (or once, at its date-time `time`).
- a flow: `months` / `not_months` (indexes) are checked first; then `count` occurrences, each
  on `day` (monthly; day 29+ is the 28th, days outside the history are dropped); then `skip`
  (drawn: left out when below), `chance` (drawn: kept when below), `even_months`; `split`
  draws which of the two `either` tables to merge in. Then its row fields in the order written:
  `item` (a catalogue entry, uniform or by weight, first `first` entries), `time` (an hour
  range or a date-time), `amount` and the ROW_COLUMNS texts. Then the row's numbers (`order`
  names a prefix; `merchant = true` adds a merchant number), or, with `loan`, a draw and its
  instalments; with `savings = "in"|"out"` on an account with a rate, the row is queued for
  the "savings" step, which walks the days writing earnings and queued moves.
- values: a literal; [lo, hi] a whole number between (hours for `time`, yuan to the fen for
  `amount`); {pick = [...], weights = [...]}; {fill = "1##**?"} (# a digit, ? a letter).
  Amounts also take {by_month = {"0" = a, "12" = b}}, {cycle = [...]}, {item = scale} and
  `jitter` (+/- that many yuan). Text takes {year} and {month} of its day.
- "refunds" refunds `count` sampled (or the `last`) spending rows of `kinds` `days` later;
  "repay" pays each month's `day` what last month's spending by `pays_for` came to, bouncing
  in `bounce_months` (a failed row, then `bounce` later).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tomllib
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from limitlens.exports import Owner, alipay_a3, wechat_w1  # noqa: E402

OUT_DIR = ROOT / "data" / "personas"
SPEC_DIR = OUT_DIR / "specs"
DIGITS, ALNUM = "0123456789", "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
TEXT = ("kind", "counterparty", "account", "description", "direction", "method", "status", "note")


class Book:
    """One persona's rows; every draw goes through `self.rng`, in the order the spec says."""

    def __init__(self, spec: dict, common: dict) -> None:
        self.rng, self.common = random.Random(spec["seed"]), common
        self.start, self.end = spec["start"], common["export"]["end"]
        self.layout = common["layout"][spec["layout"]]
        self.account = common["savings"][spec["savings"]]
        self.rows: list[dict] = []
        self.orders: set[str] = set()
        self.queue: dict[date, list[tuple[dict, dict]]] = defaultdict(list)

    # -- draws -----------------------------------------------------------------------------
    def chars(self, alphabet: str, n: int) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(n))

    def draw(self, value):
        if isinstance(value, list):
            return self.rng.randint(*value)
        if not isinstance(value, dict):
            return value
        if "fill" in value:
            pick = {"#": lambda: self.rng.choice(DIGITS), "?": lambda: self.chars(ALNUM, 1).lower()}
            return "".join(pick[c]() if c in pick else c for c in value["fill"])
        if "weights" in value:
            return self.rng.choices(value["pick"], weights=value["weights"])[0]
        return self.rng.choice(value["pick"])

    def cents(self, value, i: int | None, item: dict | None) -> int:
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
        if isinstance(hours, datetime):
            return hours
        hi = min(hours[1], self.common["export"]["last_hour"]) if day == self.end else hours[1]
        h, m, s = (
            self.rng.randint(min(hours[0], hi), hi),
            *(self.rng.randint(0, 59) for _ in "ms"),
        )
        return datetime(day.year, day.month, day.day, h, m, s)

    # -- calendar --------------------------------------------------------------------------
    def days(self):
        return (self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1))

    def months(self) -> list[tuple[int, int]]:
        """(year, month) from the start month to the end month."""
        first = self.start.year * 12 + self.start.month - 1
        last = self.end.year * 12 + self.end.month - 1
        return [(n // 12, n % 12 + 1) for n in range(first, last + 1)]

    def on(self, ym: tuple[int, int], day: int) -> date | None:
        d = date(ym[0], ym[1], min(day, 28))
        return d if self.start <= d <= self.end else None

    # -- rows ------------------------------------------------------------------------------
    def emit(self, row: dict, order: str = "transfer", merchant: bool = False, sign: int = 0):
        lay = self.layout
        row = {**lay["defaults"], **row, "savings": sign}
        merchant_no = lambda: (
            self.chars(ALNUM, self.draw(lay["merchant_chars"])) if merchant else ""
        )  # noqa: E731
        first = merchant_no() if lay["merchant_first"] else None
        stamp, prefix = f"{row['time']:%Y%m%d}", lay["order"][order]
        head = stamp + prefix if lay["date_first"] else prefix + stamp
        number = head + self.chars(DIGITS, lay["order_digits"])
        while number in self.orders:  # drawn again until unique in the file
            number = head + self.chars(DIGITS, lay["order_digits"])
        self.orders.add(number)
        row.update(order=number, merchant=merchant_no() if first is None else first)
        self.rows.append(row)

    def occur(self, flow: dict, day: date, i: int | None) -> None:
        """One occurrence of `flow` on `day`: its chances, its fields in order, its row(s)."""
        if "skip" in flow and self.rng.random() < flow["skip"]:
            return
        if "chance" in flow and not self.rng.random() < flow["chance"]:
            return
        if flow.get("even_months") and day.month % 2:
            return
        if "either" in flow:
            flow = {**flow, **flow["either"][0 if self.rng.random() < flow["split"] else 1]}
        queued = "savings" in flow and "rate" in self.account
        row, item = {}, None
        for key, value in flow.items():
            if key == "item":
                entries = self.common["catalog"][value["from"]][: value.get("first")]
                weights = [e["weight"] for e in entries] if value.get("weighted") else None
                item = (
                    self.rng.choices(entries, weights)[0] if weights else self.rng.choice(entries)
                )
                row.update({k: v for k, v in item.items() if k in TEXT})
            elif key == "time" and not queued:
                row["time"] = self.at(day, value)
            elif key == "amount":
                row["amount"] = self.cents(value, i, item)
            elif key in TEXT:
                text = self.draw(value)
                row[key] = text.format(year=day.year, month=day.month) if "{" in text else text
        sign = {"in": 1, "out": -1}.get(flow.get("savings"), 0)
        if "loan" in flow:
            self.loan(day, row, flow, i)
        elif queued:
            self.queue[day].append((row, {**flow, "sign": sign}))
        else:
            merchant = flow.get("merchant", False)
            self.emit(row, flow.get("order", "shop" if merchant else "transfer"), merchant, sign)

    def repay(self, due: date, row: dict, hours, bounce: dict | None = None) -> None:
        """A repayment on `due`; a bounce writes a failed row first and pays `days` later."""
        if bounce:
            self.emit({**row, **self.layout["failed"], "time": self.at(due, bounce["time"])})
            due += timedelta(days=bounce["days"])
            row = {**row, **{k: v for k, v in bounce.items() if k in TEXT}}
        self.emit({**row, "time": self.at(due, hours)})

    def loan(self, day: date, row: dict, flow: dict, i: int | None) -> None:
        cfg, lender = self.common["loans"], self.common["lenders"][flow["loan"]]
        cents, terms, left = row["amount"], flow["terms"], row["amount"]
        base = {"counterparty": lender["party"], "method": row["method"]}
        draw = {**base, "kind": lender["kind"], "description": lender["draw"], "amount": cents}
        self.emit({**draw, "status": cfg["draw_status"], "time": self.at(day, cfg["draw_time"])})
        fails = flow.get("fails", {}).get(str(i), [])
        for k in range(1, terms + 1):
            y, m = divmod(day.month - 1 + k, 12)
            due = date(day.year + y, m + 1, min(day.day, 28))
            if due > self.end:
                break
            principal = left if k == terms else cents // terms
            amount = principal + left * cfg["daily_bp"] * 30 // 10000
            instalment = {**base, "kind": cfg["repay_kind"], "description": lender["repay"]}
            instalment.update(amount=amount, status=cfg["repay_status"])
            self.repay(due, instalment, cfg["repay_time"], cfg["bounce"] if k in fails else None)
            left -= principal

    def spent(self, prefix: str, key) -> dict:
        """Spending paid with a method starting with `prefix`, summed by key(time)."""
        out: dict = defaultdict(int)
        for r in self.rows:
            if r["direction"] == "支出" and r["method"].startswith(prefix):
                out[key(r["time"])] += r["amount"]
        return out

    def balance(self) -> int:
        """The savings account at the end, in cents."""
        moved = sum(r["savings"] * r["amount"] for r in self.rows)
        return moved - sum(self.spent(self.account["method"], datetime.date).values())

    # -- steps -----------------------------------------------------------------------------
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
        pool = [r for r in self.rows if r["direction"] == "支出" and r["kind"] in step["kinds"]]
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
            fmt = {"year": due.year, "month": due.month}
            row = {k: step[k].format(**fmt) for k in TEXT if k in step} | {"amount": spent[prev]}
            bounce = step["bounce"] if f"{due:%Y-%m}" in step.get("bounce_months", ()) else None
            bounce = bounce and {
                k: v.format(**fmt) if isinstance(v, str) else v for k, v in bounce.items()
            }
            self.repay(due, row, step["time"], bounce)

    def step_savings(self, step: dict) -> None:
        acc, balance = self.account, 0
        out = self.spent(acc["method"], datetime.date)
        named = {"kind": acc["kind"], "counterparty": acc["counterparty"]}
        for day in self.days():
            if balance > 0:
                earned = int(balance * acc["rate"] * self.rng.uniform(*acc["wobble"]) / 365)
                if earned > 0:
                    text = acc["earnings"].format(day=f"{day - timedelta(days=1):%Y.%m.%d}")
                    row = {**named, "description": text, "amount": earned, "method": acc["method"]}
                    self.emit({**row, "time": self.at(day, acc["earnings_time"])}, sign=1)
                    balance += earned
            for row, flow in self.queue.get(day, ()):
                self.emit({**named, **row, "time": self.at(day, flow["time"])}, sign=flow["sign"])
                balance += flow["sign"] * row["amount"]
            balance -= out.get(day, 0)
            assert balance >= 0, (day, balance)


def load() -> tuple[dict, list[dict]]:
    """(common.toml, the persona specs in display order)."""
    read = lambda p: tomllib.loads(p.read_text(encoding="utf-8"))  # noqa: E731
    specs = [read(p) for p in sorted(SPEC_DIR.glob("*.toml")) if p.stem != "common"]
    return read(SPEC_DIR / "common.toml"), sorted(specs, key=lambda s: s["order"])


def render(spec: dict, common: dict) -> tuple[bytes, dict]:
    """(the export file's bytes, the profile) of one persona."""
    book = Book(spec, common)
    for step in spec["step"]:
        getattr(book, f"step_{step['do']}")(step)
    rows = pd.DataFrame(book.rows)
    rows = rows.iloc[::-1].sort_values("time", ascending=False, kind="stable")  # newest first
    rows = rows.assign(amount=rows["amount"] / 100)
    export = common["export"]
    owner = Owner(
        spec["holder"], spec["start"], export["end"], export["exported_at"], spec.get("account", "")
    )
    if spec["layout"] == "wechat_csv_w1":
        data = wechat_w1(rows, owner)
    else:
        data = alipay_a3(rows, owner, spec["style"])
    assets = round(book.balance() / 100)
    return data, {k: assets if v == "savings" else v for k, v in spec["profile"].items()}


def personas_toml(specs: list[dict]) -> str:
    out = [
        "# Sample personas, in display order. Generated by scripts/make_personas.py: do not edit.",
        "# layout: alipay_app_a3 | wechat_csv_w1 | wechat_xlsx_w3 (ids from limitlens.schema.LAYOUTS)",
    ]
    for spec in specs:
        out += ["", "[[persona]]"]
        for key in ("id", "file", "layout", "name_zh", "name_en", "blurb_zh", "blurb_en"):
            out.append(f"{key} = {json.dumps(spec[key], ensure_ascii=False)}")
    return "\n".join(out) + "\n"


def write_all(out_dir: Path) -> list[Path]:
    common, specs = load()
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in specs:
        data, profile = render(spec, common)
        (out_dir / spec["file"]).write_bytes(data)
        prof = out_dir / f"{spec['id']}.profile.json"
        prof.write_bytes((json.dumps(profile, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        written += [out_dir / spec["file"], prof]
    (out_dir / "personas.toml").write_bytes(personas_toml(specs).encode("utf-8"))
    return [*written, out_dir / "personas.toml"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output folder (data/personas)")
    for path in write_all(parser.parse_args(argv).out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
