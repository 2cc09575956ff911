"""Regenerate the sample personas in data/personas/ byte-for-byte.

    .venv/bin/python scripts/make_personas.py            # writes data/personas/
    .venv/bin/python scripts/make_personas.py --out DIR  # writes into DIR (tests compare)

Every persona is a synthetic but realistic transaction export in a real layout (see
../shared/formats/FORMATS.md): Alipay app A3 (GB18030, 24-line preamble, TAB-terminated order
numbers, 2023 padded or 2026 unpadded style) or WeChat Pay W1 CSV (UTF-8, comma-padded
preamble, `¥` amounts, partial quoting). Randomness comes only from `random.Random(seed)`,
money is kept in integer cents and every history ends on 2026-10-31, so the output never
depends on the clock, the locale or dict ordering. Names, accounts and order numbers are fake.

Beside each export: `<id>.profile.json` (what an export cannot show, factor id -> value) and
one `personas.toml` listing the personas in display order.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "data" / "personas"

END = date(2026, 10, 31)  # the fixed "today": every history ends here
EXPORTED_AT = datetime(2026, 10, 31, 21, 6, 18)
LAST_HOUR = 20  # nothing on END happens after 20:59, i.e. before the export time

# --------------------------------------------------------------------------------------------
# Shared vocabulary
# --------------------------------------------------------------------------------------------

BANK_DEBIT = "招商银行储蓄卡(8705)"
BANK_CREDIT = "招商银行信用卡(2542)"
YEB_COMPANY = "天弘基金管理有限公司"

ALIPAY_NOTES = (
    "1.本回单内容可表明支付宝受理了相应支付交易申请，因系统原因或通讯故障等偶发因素导致本回单与实际交易结果不符时，以实际交易情况为准；",
    "2.请勿将本回单作为收款方发货的凭据使用，请查证账户实际到账情况后再进行发货操作；",
    "3.支付宝快捷支付等非余额支付方式可能既产生支付宝交易也同步产生银行交易，因此请勿使用本回单进行重复记账；",
    "4.本回单如经任何涂改、编造，均立即失去效力；",
    "5.部分账单如：充值提现、账户转存或者个人设置收支等不计入为收入或者支出，记为不计收支类；",
    "6.因统计逻辑不同，明细金额直接累加后，可能会和下方统计金额不一致，请以实际交易金额为准；",
    "7.禁止将本回单用于非法用途；",
    "8.本明细仅展示当前账单中的交易，不包括已删除的记录；",
    "9.本明细仅供个人对账使用。",
)
ALIPAY_COLUMNS = (
    "交易时间",
    "交易分类",
    "交易对方",
    "对方账号",
    "商品说明",
    "收/支",
    "金额",
    "收/付款方式",
    "交易状态",
    "交易订单号",
    "商家订单号",
    "备注",
)
# Trailing spaces after each header name in the real 2023 export (deb-sig sample, issue #84).
ALIPAY_2023_HEADER_PADS = (12, 16, 16, 16, 16, 17, 18, 14, 16, 5, 11, 18)
COMPANY_2023 = "支付宝（中国）网络技术有限公司"
COMPANY_2026 = "支付宝支付科技有限公司"

# Everyday spending: (交易分类, 交易对方, 对方账号, 商品说明, min yuan, max yuan, weight).
SHOPS: tuple[tuple[str, str, str, str, float, float, int], ...] = (
    ("餐饮美食", "瑞幸咖啡", "lkc***@luckincoffee.com", "瑞幸咖啡订单", 9.9, 32, 10),
    ("餐饮美食", "美团", "mei***@meituan.com", "美团外卖订单", 18, 75, 12),
    ("餐饮美食", "肯德基", "kfc***@yum.com.cn", "肯德基餐厅点餐", 25, 68, 4),
    ("餐饮美食", "兰州拉面馆", "/", "扫码付款", 12, 32, 6),
    ("日用百货", "盒马鲜生", "hem***@alibaba-inc.com", "盒马鲜生订单", 30, 260, 6),
    ("日用百货", "天猫超市", "tma***@tmall.com", "天猫超市订单", 40, 320, 4),
    ("日用百货", "全家便利店", "/", "便利店商品", 8, 45, 6),
    ("日用百货", "淘宝闪购", "e50***@alibaba-inc.com", "淘宝闪购外卖订单", 15, 90, 4),
    ("交通出行", "杭州地铁", "hzm***@hzmetro.com", "杭州地铁乘车码", 2, 8, 10),
    ("交通出行", "滴滴出行", "did***@didiglobal.com", "滴滴快车", 12, 65, 4),
    ("交通出行", "哈啰出行", "hel***@hellobike.com", "哈啰单车骑行卡", 1.5, 15, 3),
    ("医疗健康", "老百姓大药房", "/", "药品", 18, 120, 1),
    ("服饰装扮", "优衣库", "uni***@uniqlo.cn", "服装", 79, 399, 1),
    ("文化休闲", "猫眼电影", "mao***@maoyan.com", "电影票", 35, 90, 1),
    ("运动户外", "迪卡侬", "dec***@decathlon.com", "运动用品", 49, 299, 1),
)
BIG_TICKETS: tuple[tuple[str, str, str, str, float, float], ...] = (
    ("数码电器", "Apple Store 在线商店", "app***@apple.com", "iPhone", 5999, 7999),
    ("数码电器", "苏宁易购", "sun***@suning.com", "美的空调 KFR-35GW", 3099, 4599),
    ("数码电器", "天猫", "tma***@tmall.com", "华为笔记本电脑", 4299, 6499),
    ("数码电器", "京东商城", "jd***@jd.com", "戴森吸尘器", 3190, 3990),
    ("家居家装", "宜家家居", "ike***@ikea.cn", "沙发", 2999, 4999),
    ("酒店旅游", "携程旅行", "ctr***@ctrip.com", "机票+酒店", 2200, 4800),
)


def yuan(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


@dataclass
class Tx:
    """One export row, in the export's own vocabulary (Alipay or WeChat)."""

    time: datetime
    kind: str  # Alipay 交易分类 / WeChat 交易类型
    party: str  # 交易对方
    account: str  # Alipay 对方账号 (WeChat has none)
    desc: str  # 商品说明 / 商品
    direction: str  # 收入 | 支出 | 不计收支 (WeChat: 收入 | 支出 | /)
    cents: int
    method: str  # 收/付款方式 / 支付方式
    status: str
    order: str
    merchant: str  # "" when there is none
    seq: int = 0


class Book:
    """Collects one persona's rows; every random draw goes through `self.rng`."""

    def __init__(self, seed: int, start: date, end: date = END) -> None:
        self.rng = random.Random(seed)
        self.start = start
        self.end = end
        self.rows: list[Tx] = []
        self._orders: set[str] = set()
        self.huabei: dict[tuple[int, int], int] = defaultdict(int)  # month -> cents on Huabei
        self.card: dict[tuple[int, int], int] = defaultdict(int)  # month -> cents on credit card
        self.yeb_out: dict[date, int] = defaultdict(int)  # purchases paid from Yu'e Bao

    # -- randomness helpers ------------------------------------------------------------------
    def cents(self, lo: float, hi: float) -> int:
        return self.rng.randint(round(lo * 100), round(hi * 100))

    def at(self, day: date, lo: int = 7, hi: int = 22) -> datetime:
        hi = min(hi, LAST_HOUR) if day == self.end else hi
        lo = min(lo, hi)
        return datetime(
            day.year,
            day.month,
            day.day,
            self.rng.randint(lo, hi),
            self.rng.randint(0, 59),
            self.rng.randint(0, 59),
        )

    def digits(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(n))

    def alnum(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(n))

    def order(self, when: datetime, infix: str, tail: int = 9, date_first: bool = True) -> str:
        while True:
            number = f"{when:%Y%m%d}{infix}" if date_first else f"{infix}{when:%Y%m%d}"
            number += self.digits(tail)
            if number not in self._orders:
                self._orders.add(number)
                return number

    def days(self):
        day = self.start
        while day <= self.end:
            yield day
            day += timedelta(days=1)

    def months(self) -> list[tuple[int, int]]:
        out, y, m = [], self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            out.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def on(self, ym: tuple[int, int], day: int) -> date | None:
        """Day `day` of month `ym` (clipped to 28), or None when outside the history."""
        d = date(ym[0], ym[1], min(day, 28))
        return d if self.start <= d <= self.end else None

    def add(self, tx: Tx) -> Tx:
        tx.seq = len(self.rows)
        self.rows.append(tx)
        return tx

    # -- Alipay rows -------------------------------------------------------------------------
    def pay(
        self,
        when: datetime,
        kind: str,
        party: str,
        account: str,
        desc: str,
        cents: int,
        method: str,
        status: str = "交易成功",
        direction: str = "支出",
    ) -> Tx:
        """A purchase from a merchant (has a merchant order number)."""
        infix = "00003001050" if kind in ("充值缴费", "公共服务") else "22001431051"
        merchant = self.alnum(self.rng.randint(12, 24)) if status != "交易关闭" else ""
        tx = self.add(
            Tx(
                when,
                kind,
                party,
                account,
                desc,
                direction,
                cents,
                method,
                status,
                self.order(when, infix),
                merchant,
            )
        )
        if status == "交易成功" and direction == "支出":
            ym = (when.year, when.month)
            if method.startswith("花呗"):
                self.huabei[ym] += cents
            elif method.startswith(BANK_CREDIT):
                self.card[ym] += cents
            elif method.startswith("余额宝"):
                self.yeb_out[when.date()] += cents
        return tx

    def move(
        self,
        when: datetime,
        kind: str,
        party: str,
        desc: str,
        cents: int,
        method: str,
        status: str = "交易成功",
        direction: str = "不计收支",
        account: str = "/",
    ) -> Tx:
        """A money movement without a merchant order (loans, repayments, Yu'e Bao, transfers)."""
        return self.add(
            Tx(
                when,
                kind,
                party,
                account,
                desc,
                direction,
                cents,
                method,
                status,
                self.order(when, "20004001111"),
                "",
            )
        )

    def salary(self, day: date, cents: int, company: str, desc: str = "代发工资") -> Tx:
        return self.move(
            self.at(day, 9, 11), "收入", company, desc, cents, "余额", direction="收入", account="/"
        )

    def shop(self, day: date, methods: list[tuple[str, int]], scale: float = 1.0) -> Tx:
        kind, party, account, desc, lo, hi, _ = self.rng.choices(
            SHOPS, weights=[s[6] for s in SHOPS]
        )[0]
        method = self.rng.choices([m for m, _ in methods], weights=[w for _, w in methods])[0]
        return self.pay(
            self.at(day), kind, party, account, desc, self.cents(lo * scale, hi * scale), method
        )

    def big(self, day: date, method: str) -> Tx:
        kind, party, account, desc, lo, hi = self.rng.choice(BIG_TICKETS)
        return self.pay(
            self.at(day, 10, 21), kind, party, account, desc, self.cents(lo, hi), method
        )

    def refund(self, original: Tx, days_later: int, cents: int | None = None) -> Tx:
        when = original.time + timedelta(days=days_later, hours=self.rng.randint(1, 5))
        order = f"{original.order}_{self.digits(22)}"
        self._orders.add(order)
        return self.add(
            Tx(
                when,
                "退款",
                original.party,
                original.account,
                f"退款-{original.desc}",
                "不计收支",
                original.cents if cents is None else cents,
                original.method,
                "退款成功",
                order,
                original.merchant,
            )
        )

    def closed(self, day: date) -> Tx:
        kind, party, account, desc, lo, hi, _ = self.rng.choice(SHOPS[:8])
        return self.pay(
            self.at(day),
            kind,
            party,
            account,
            desc,
            self.cents(lo, hi),
            "",
            status="交易关闭",
            direction="不计收支",
        )

    def bills(self, ym: tuple[int, int], city: str, skip: float = 0.0, method: str = BANK_DEBIT):
        """Electricity, water (every other month), gas and a phone top-up for one month."""
        plan = (
            (12, "国网浙江省电力有限公司", f"国家电网-电费-{city}-根据每期出账后自动缴费", 60, 260),
            (14, f"{city}市水务集团有限公司", f"自来水费-{city}-根据每期出账后自动缴费", 28, 75),
            (16, f"{city}市燃气集团有限公司", f"燃气费-{city}-根据每期出账后自动缴费", 25, 110),
            (3, "中国移动", "中国移动话费充值-138******00", 50, 100),
        )
        for i, (day, party, desc, lo, hi) in enumerate(plan):
            d = self.on(ym, day + self.rng.randint(-2, 2))
            if d is None or self.rng.random() < skip or (i == 1 and ym[1] % 2):
                continue
            cents = self.rng.choice((5000, 10000)) if i == 3 else self.cents(lo, hi)
            self.pay(self.at(d, 8, 20), "充值缴费", party, "/", desc, cents, method)

    def huabei_repay(self, method: str = BANK_DEBIT, fail: set[tuple[int, int]] = frozenset()):
        """Huabei auto-repays last month's Huabei spending on the 9th (the bill is named by
        the month it is due in)."""
        for ym in self.months():
            prev = (ym[0] - 1, 12) if ym[1] == 1 else (ym[0], ym[1] - 1)
            due = self.on(ym, 9)
            if due is None or not self.huabei.get(prev):
                continue
            desc = f"花呗自动还款-{ym[0]}年{ym[1]:02d}月账单"
            if ym in fail:
                self.move(
                    self.at(due, 0, 1),
                    "信用借还",
                    "花呗",
                    desc,
                    self.huabei[prev],
                    "",
                    status="还款失败",
                )
                due += timedelta(days=2)
                desc = f"花呗主动还款-{ym[0]}年{ym[1]:02d}月账单"
            self.move(
                self.at(due, 1, 9),
                "信用借还",
                "花呗",
                desc,
                self.huabei[prev],
                method,
                status="还款成功",
            )

    def card_repay(self, method: str = BANK_DEBIT):
        for ym in self.months():
            prev = (ym[0] - 1, 12) if ym[1] == 1 else (ym[0], ym[1] - 1)
            due = self.on(ym, 6)
            if due is not None and self.card.get(prev):
                self.move(
                    self.at(due, 9, 20),
                    "信用借还",
                    "招商银行",
                    "信用卡还款",
                    self.card[prev],
                    method,
                    status="还款成功",
                )

    def loan(
        self,
        day: date,
        lender: str,
        cents: int,
        terms: int,
        fail_terms: tuple[int, ...] = (),
        method: str = BANK_DEBIT,
    ) -> None:
        """A draw and its monthly instalments (principal/terms + 30 days' interest)."""
        party, draw_desc, repay_desc, kind = LENDERS[lender]
        self.move(self.at(day, 9, 20), kind, party, draw_desc, cents, method, status="放款成功")
        left = cents
        for k in range(1, terms + 1):
            y, m = divmod(day.month - 1 + k, 12)
            due = date(day.year + y, m + 1, min(day.day, 28))
            if due > self.end:
                break
            principal = left if k == terms else cents // terms
            amount = principal + left * 3 * 30 // 10000  # ~0.03 % a day
            if k in fail_terms:
                self.move(
                    self.at(due, 6, 8), "信用借还", party, repay_desc, amount, "", status="还款失败"
                )
                due += timedelta(days=1)
            self.move(
                self.at(due, 9, 20),
                "信用借还",
                party,
                repay_desc,
                amount,
                method,
                status="还款成功",
            )
            left -= principal

    def yuebao(self, moves: dict[date, list[tuple[str, int, str]]], rate: float = 0.0145) -> int:
        """Walk the days: Yu'e Bao moves (desc, +/- cents, method), purchases paid from it and
        the daily earnings row. Returns the final balance in cents."""
        balance = 0
        for day in self.days():
            if balance > 0:
                earned = int(balance * rate * self.rng.uniform(0.92, 1.08) / 365)
                if earned > 0:
                    prev = day - timedelta(days=1)
                    self.move(
                        self.at(day, 3, 5),
                        "投资理财",
                        YEB_COMPANY,
                        f"余额宝-{prev:%Y.%m.%d}-收益发放",
                        earned,
                        "余额宝",
                    )
                    balance += earned
            for desc, delta, method in moves.get(day, ()):
                hours = (0, 2) if "自动" in desc else (8, 22)
                self.move(self.at(day, *hours), "投资理财", YEB_COMPANY, desc, abs(delta), method)
                balance += delta
            balance -= self.yeb_out.get(day, 0)
            assert balance >= 0, (day, balance)
        return balance


# lender id -> (交易对方, draw 商品说明, repayment 商品说明, draw 交易分类)
LENDERS = {
    "jiebei": ("重庆蚂蚁消费金融有限公司", "借呗放款至银行卡", "蚂蚁借呗还款", "信用借还"),
    "wangshang": ("浙江网商银行股份有限公司", "网商贷放款", "网商贷还款", "信用借还"),
    "jintiao": ("京东金条", "京东金条借款放款", "京东金条还款", "转账红包"),
    "jietiao360": ("360借条", "360借条借款放款", "360借条还款", "转账红包"),
    "weilidai": ("微粒贷", "微粒贷借款放款", "微粒贷还款", "转账红包"),
}


# --------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------


def newest_first(rows: list[Tx]) -> list[Tx]:
    return sorted(rows, key=lambda t: (t.time, t.seq), reverse=True)


def totals(rows: list[Tx], direction: str) -> tuple[int, int]:
    picked = [t.cents for t in rows if t.direction == direction]
    return len(picked), sum(picked)


def alipay_csv(rows: list[Tx], start: date, name: str, account: str, style: str) -> bytes:
    """Alipay app export A3: GB18030, LF, 24-line preamble, header, newest row first."""
    rows = newest_first(rows)
    company = COMPANY_2026 if style == "2026" else COMPANY_2023
    lines = [
        "-" * 84,
        "导出信息：",
        f"姓名：{name}",
        f"支付宝账户：{account}",
        f"起始时间：[{start:%Y-%m-%d} 00:00:00]    终止时间：[{END:%Y-%m-%d} 23:59:59]",
        "导出交易类型：[全部]",
        f"导出时间：[{EXPORTED_AT:%Y-%m-%d %H:%M:%S}]",
        f"共{len(rows)}笔记录",
    ]
    for label, direction in (("收入", "收入"), ("支出", "支出"), ("不计收支", "不计收支")):
        n, cents = totals(rows, direction)
        lines.append(f"{label}：{n}笔 {yuan(cents)}元")
    lines += ["", "特别提示：", *ALIPAY_NOTES, "", f"{'-' * 24}{company}  电子客户回单{'-' * 24}"]
    assert len(lines) == 24
    if style == "2026":
        lines.append(",".join(ALIPAY_COLUMNS) + ",")
    else:
        lines.append(
            ",".join(
                c + " " * p for c, p in zip(ALIPAY_COLUMNS, ALIPAY_2023_HEADER_PADS, strict=True)
            )
            + ","
        )
    for t in rows:
        cells = [
            f"{t.time:%Y-%m-%d %H:%M:%S}",
            t.kind,
            t.party,
            t.account,
            t.desc,
            t.direction,
            yuan(t.cents),
            t.method,
            t.status,
        ]
        if style == "2026":
            cells += [t.order + "\t", t.merchant + "\t", ""]
        else:  # 2023: every text cell right-padded to 20 characters
            cells = [c.ljust(20) for c in cells]
            cells += [t.order + "\t", (t.merchant or " " * 20) + "\t", " " * 20]
        lines.append(",".join(cells) + ",")
    return ("\n".join(lines) + "\n").encode("gb18030")


def wechat_csv(rows: list[Tx], start: date, nickname: str) -> bytes:
    """WeChat Pay CSV W1: UTF-8, 16 preamble lines padded with commas, header on line 17."""
    rows = newest_first(rows)
    pad = "," * 10
    n_in, c_in = totals(rows, "收入")
    n_out, c_out = totals(rows, "支出")
    n_mid, c_mid = totals(rows, "/")
    preamble = [
        "微信支付账单明细",
        f"微信昵称：[{nickname}]",
        f"起始时间：[{start:%Y-%m-%d} 00:00:00] 终止时间：[{END:%Y-%m-%d} 23:59:59]",
        "导出类型：[全部]",
        f"导出时间：[{EXPORTED_AT:%Y-%m-%d %H:%M:%S}]",
        "",
        f"共{len(rows)}笔记录",
        f"收入：{n_in}笔 {yuan(c_in)}元",
        f"支出：{n_out}笔 {yuan(c_out)}元",
        f"中性交易：{n_mid}笔 {yuan(c_mid)}元",
        "注：",
        "1. 充值/提现/理财通购买/零钱通存取/信用卡还款等交易，将计入中性交易",
        "2. 本明细仅展示当前账单中的交易，不包括已删除的记录",
        "3. 本明细仅供个人对账使用",
        "",
        "----------------------微信支付账单明细列表--------------------",
    ]
    lines = [p + pad for p in preamble]
    lines.append(
        "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注"
    )
    for t in rows:
        lines.append(
            ",".join(
                [
                    f"{t.time:%Y-%m-%d %H:%M:%S}",
                    t.kind,
                    t.party,
                    f'"{t.desc}"',
                    t.direction,
                    f"¥{yuan(t.cents)}",
                    t.method,
                    t.status,
                    t.order + "\t",
                    (t.merchant or "/") + "\t",
                    f'"{t.account}"',  # WeChat rows keep 备注 in the account slot
                ]
            )
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


# --------------------------------------------------------------------------------------------
# Personas
# --------------------------------------------------------------------------------------------


@dataclass
class Persona:
    id: str
    file: str
    layout: str
    name_zh: str
    name_en: str
    blurb_zh: str
    blurb_en: str
    build: Callable[[], tuple[bytes, dict]]


def steady_employee() -> tuple[bytes, dict]:
    start = date(2024, 11, 1)
    b = Book(101, start)
    methods = [
        ("花呗", 5),
        (BANK_CREDIT, 3),
        (BANK_CREDIT + "&碰一下立减", 1),
        ("余额", 2),
        (BANK_DEBIT, 2),
    ]
    yeb: dict[date, list[tuple[str, int, str]]] = defaultdict(list)
    for i, ym in enumerate(b.months()):
        pay = 1450000 + 50000 * (i // 12)  # a raise after a year
        if d := b.on(ym, 10):
            b.salary(d, pay + b.rng.randint(-15000, 15000), "杭州云栖网络科技有限公司")
        b.bills(ym, "杭州")
        if d := b.on(ym, 15):
            b.pay(
                b.at(d, 9, 17),
                "公共服务",
                "杭州市社会保险事业管理中心",
                "/",
                "社保缴费",
                128600,
                BANK_DEBIT,
            )
        if d := b.on(ym, 15):
            b.pay(
                b.at(d, 9, 17),
                "公共服务",
                "杭州住房公积金管理中心",
                "/",
                "住房公积金缴存",
                150000,
                BANK_DEBIT,
            )
        if d := b.on(ym, 1):
            b.pay(
                b.at(d, 8, 12),
                "住房物业",
                "杭州安居房屋租赁有限公司",
                "hza***@163.com",
                f"{ym[1]}月房租",
                320000,
                BANK_DEBIT,
            )
        if d := b.on(ym, 20):
            b.pay(
                b.at(d, 0, 2),
                "保险",
                "众安在线财产保险股份有限公司",
                "zha***@zhongan.com",
                "众安保险-医疗险-尊享e生",
                4600,
                "余额",
            )
        if d := b.on(ym, 11):
            yeb[d].append(("余额宝-自动转入", 300000 + 10000 * (i // 6), "余额"))
        if i % 5 == 2 and (d := b.on(ym, 22)):
            yeb[d].append(("余额宝-单次转入", b.rng.choice((200000, 300000, 500000)), BANK_DEBIT))
        if i in (7, 16) and (d := b.on(ym, 25)):
            yeb[d].append(("余额宝-转出到余额", -600000, "余额宝"))
    for day in b.days():
        for _ in range(b.rng.choices((0, 1, 2), weights=(5, 4, 1))[0]):
            b.shop(day, methods)
    for month, day in ((3, 18), (9, 6), (14, 27), (20, 12)):
        ym = b.months()[month]
        b.big(b.on(ym, day), b.rng.choice((BANK_CREDIT, "花呗", BANK_DEBIT)))
    b.pay(
        b.at(date(2025, 11, 11), 0, 1),
        "互助保障",
        "蚂蚁保",
        "/",
        "好医保-长期医疗-年缴",
        108000,
        BANK_DEBIT,
        direction="支出",
    )
    b.loan(date(2025, 8, 16), "jiebei", 1000000, 6)
    purchases = [t for t in b.rows if t.direction == "支出" and t.kind in ("日用百货", "服饰装扮")]
    for t in b.rng.sample(purchases, 5):
        b.refund(t, b.rng.randint(1, 6))
    for ym in b.months()[4::9]:
        b.closed(b.on(ym, 8))
    b.huabei_repay()
    b.card_repay()
    balance = b.yuebao(yeb)
    profile = {
        "sesame_score": 735,
        "real_name": True,
        "bank_card": True,
        "overdue_24m": 0,
        "overdue_now": False,
        "inquiries_6m": 1,
        "utilization": 0.0,
        "assets": round(balance / 100),
        "profile_updated": True,
        "history_months": 64,
        "region_tier": "new_tier1",
        "occupation": "salaried",
    }
    return alipay_csv(b.rows, start, "张*", "138******00", "2026"), profile


def new_graduate() -> tuple[bytes, dict]:
    start = date(2026, 7, 1)
    b = Book(202, start)
    methods = [("余额", 5), ("花呗", 3), ("花呗&花呗青春特惠", 1), ("中国银行储蓄卡(3316)", 1)]
    for i, ym in enumerate(b.months()):
        if i >= 1 and (d := b.on(ym, 15)):  # started work in July, first pay in August
            b.salary(
                d,
                (420000 if i == 1 else 560000) + b.rng.randint(-3000, 3000),
                "南京青禾信息技术有限公司",
                "工资",
            )
        if d := b.on(ym, 5):
            b.pay(
                b.at(d, 10, 22),
                "充值缴费",
                "中国移动",
                "/",
                "中国移动话费充值-150******21",
                5000,
                "余额",
            )
        if i >= 2 and (d := b.on(ym, 13)):
            b.pay(
                b.at(d, 9, 20),
                "充值缴费",
                "国网江苏省电力有限公司",
                "/",
                "国家电网-电费-南京-根据每期出账后自动缴费",
                b.cents(40, 95),
                "余额",
            )
        if i >= 1 and (d := b.on(ym, 20)):
            b.pay(
                b.at(d, 9, 12),
                "住房物业",
                "自如",
                "zir***@ziroom.com",
                f"{ym[1]}月房租",
                180000,
                "余额",
            )
    for day in b.days():
        if b.rng.random() < 0.45:
            b.shop(day, methods, scale=0.8)
    b.refund(next(t for t in reversed(b.rows) if t.kind == "日用百货"), 2)
    b.huabei_repay(method="余额")
    yeb = {
        date(2026, 9, 16): [("余额宝-单次转入", 50000, "余额")],
        date(2026, 10, 3): [("余额宝-转出到余额", -20000, "余额宝")],
    }
    balance = b.yuebao(yeb)
    profile = {
        "sesame_score": 610,
        "real_name": True,
        "bank_card": True,
        "overdue_24m": 0,
        "overdue_now": False,
        "inquiries_6m": 1,
        "utilization": 0.0,
        "assets": round(balance / 100),
        "profile_updated": False,
        "history_months": 6,
        "region_tier": "tier2",
        "occupation": "salaried",
    }
    return alipay_csv(b.rows, start, "李*", "lix***@163.com", "2023"), profile


def multi_borrower() -> tuple[bytes, dict]:
    start = date(2025, 11, 1)
    b = Book(303, start)
    methods = [("花呗", 6), ("余额", 3), (BANK_CREDIT, 3), ("花呗&红包", 1)]
    employers = ("东莞速达物流有限公司", "东莞市恒远电子厂", "广州优家装修工程有限公司")
    for i, ym in enumerate(b.months()):
        if i not in (3, 7, 10) and (d := b.on(ym, b.rng.randint(5, 25))):
            b.salary(
                d, b.cents(2800, 7600), b.rng.choice(employers), b.rng.choice(("工资", "劳务费"))
            )
        b.bills(ym, "东莞", skip=0.45, method="余额")
        if i % 3 == 0 and (d := b.on(ym, 18)):
            b.pay(
                b.at(d, 9, 17),
                "公共服务",
                "东莞市社会保险基金管理中心",
                "/",
                "社保缴费",
                b.cents(420, 480),
                "余额",
            )
        if i not in (2, 9) and (d := b.on(ym, b.rng.randint(2, 26))):
            fails = (2,) if i in (4, 8) else ()
            b.loan(d, "jiebei", b.rng.choice((200000, 300000, 500000, 800000)), 3, fails)
        if i % 2 == 1 and i < 11 and (d := b.on(ym, 24)):
            b.big(d, b.rng.choice(("花呗", BANK_CREDIT)))
    for k, (lender, month, amount, terms) in enumerate(
        (
            ("wangshang", 1, 1000000, 6),
            ("wangshang", 6, 500000, 3),
            ("jintiao", 2, 300000, 3),
            ("jietiao360", 5, 200000, 3),
            ("jintiao", 9, 400000, 2),
            ("weilidai", 7, 300000, 3),
        )
    ):
        b.loan(
            b.on(b.months()[month], 7 + 4 * k),
            lender,
            amount,
            terms,
            method=BANK_DEBIT if lender == "wangshang" else "余额",
        )
    for day in b.days():
        for _ in range(b.rng.choices((0, 1, 2, 3), weights=(3, 4, 3, 1))[0]):
            b.shop(day, methods, scale=1.4)
    for t in b.rng.sample([t for t in b.rows if t.kind == "日用百货"], 3):
        b.refund(t, b.rng.randint(1, 4))
    b.closed(date(2026, 2, 14))
    b.closed(date(2026, 8, 3))
    b.huabei_repay(fail={(2026, 5)})
    b.card_repay()
    yeb = {
        date(2026, 1, 16): [("余额宝-单次转入", 150000, "余额")],
        date(2026, 1, 29): [("余额宝-转出到余额", -130000, "余额宝")],
        date(2026, 6, 10): [("余额宝-单次转入", 50000, "余额")],
    }
    balance = b.yuebao(yeb)
    profile = {
        "sesame_score": 605,
        "real_name": True,
        "bank_card": True,
        "overdue_24m": 2,
        "overdue_now": False,
        "inquiries_6m": 9,
        "utilization": 0.85,
        "assets": round(balance / 100),
        "profile_updated": False,
        "history_months": 30,
        "region_tier": "tier3",
        "occupation": "freelance",
    }
    return alipay_csv(b.rows, start, "王*", "186******37", "2026"), profile


def self_employed() -> tuple[bytes, dict]:
    start = date(2025, 5, 1)
    b = Book(404, start)
    methods = [("余额", 5), (BANK_DEBIT, 3), ("花呗", 2), ("余额宝&碰一下立减", 1)]
    yeb: dict[date, list[tuple[str, int, str]]] = defaultdict(list)
    payers = ("*明", "*芳", "*强", "*丽", "*伟", "*静", "*军", "*燕")
    slow = {4, 5, 12}  # months with no business income at all
    for i, ym in enumerate(b.months()):
        if i not in slow:
            for _ in range(b.rng.randint(5, 14)):
                d = b.on(ym, b.rng.randint(1, 28))
                if d is None:
                    continue
                if b.rng.random() < 0.7:
                    b.move(
                        b.at(d, 9, 21),
                        "收入",
                        b.rng.choice(payers),
                        "收钱码收款",
                        b.cents(80, 900),
                        "余额",
                        direction="收入",
                        account=f"1{b.digits(2)}******{b.digits(2)}",
                    )
                else:
                    b.move(
                        b.at(d, 9, 21),
                        "收入",
                        "义乌小商品城客户",
                        "经营收款-批发货款",
                        b.cents(1000, 5000),
                        "余额",
                        direction="收入",
                        account=f"{b.alnum(3).lower()}***@163.com",
                    )
        b.bills(ym, "金华", skip=0.3, method="余额")
        if i % 4 != 3 and (d := b.on(ym, 25)):
            b.pay(
                b.at(d, 9, 17),
                "公共服务",
                "金华市社会保险事业管理中心",
                "/",
                "社保缴费-灵活就业人员",
                112300,
                "余额",
            )
        if i % 3 != 1 and (d := b.on(ym, b.rng.randint(3, 20))):
            b.pay(
                b.at(d, 10, 18),
                "商业服务",
                "义乌市佳联日用品贸易有限公司",
                "jia***@126.com",
                "进货货款",
                b.cents(3000, 16000),
                BANK_DEBIT,
            )
        if i % 6 == 2 and (d := b.on(ym, 8)):
            b.pay(
                b.at(d, 9, 12),
                "住房物业",
                "金华市宏达物业服务有限公司",
                "/",
                "商铺租金及物业费",
                480000,
                BANK_DEBIT,
            )
        if i not in slow and i % 2 == 0 and (d := b.on(ym, 27)):
            yeb[d].append(("余额宝-单次转入", b.rng.choice((600000, 800000, 1000000)), "余额"))
        if i in slow or i in (8, 15):
            if d := b.on(ym, 6):
                yeb[d].append(("余额宝-转出到余额", -b.rng.choice((300000, 600000)), "余额宝"))
        if i % 6 == 0 and (d := b.on(ym, 21)):
            b.pay(
                b.at(d, 9, 20),
                "保险",
                "中国平安财产保险股份有限公司",
                "pin***@pingan.com",
                "平安意外险",
                9900,
                "余额",
            )
    for day in b.days():
        if day >= date(2025, 6, 1):
            for _ in range(b.rng.choices((0, 1, 2), weights=(4, 4, 2))[0]):
                b.shop(day, methods)
    for t in b.rng.sample([t for t in b.rows if t.kind == "商业服务"], 2):
        b.refund(t, b.rng.randint(2, 5), cents=t.cents // 10)
    b.closed(date(2025, 12, 2))
    b.loan(date(2026, 1, 12), "wangshang", 3000000, 12)
    b.huabei_repay(method="余额")
    balance = b.yuebao(yeb)
    profile = {
        "sesame_score": 665,
        "real_name": True,
        "bank_card": True,
        "overdue_24m": 1,
        "overdue_now": False,
        "inquiries_6m": 3,
        "utilization": 0.2,
        "assets": round(balance / 100),
        "profile_updated": False,
        "history_months": 48,
        "region_tier": "tier3",
        "occupation": "self_employed",
    }
    return alipay_csv(b.rows, start, "陈*", "159******08", "2026"), profile


def wechat_employee() -> tuple[bytes, dict]:
    start = date(2025, 11, 1)
    b = Book(505, start)
    lqt = 0  # 零钱通 balance in cents

    def wx(
        when, kind, party, desc, direction, cents, method, status, infix, merchant=False, note="/"
    ):
        order = b.order(when, infix, tail=10, date_first=False)
        b.add(
            Tx(
                when,
                kind,
                party,
                note,
                desc,
                direction,
                cents,
                method,
                status,
                order,
                b.alnum(20) if merchant else "",
            )
        )

    shops = (
        ("美团", "美团订单", 18, 80),
        ("麦当劳", "麦当劳点餐", 20, 60),
        ("瑞幸咖啡", "咖啡", 9, 30),
        ("华润万家", "超市购物", 30, 240),
        ("拼多多", "拼多多订单", 9, 160),
        ("滴滴出行", "快车", 14, 70),
        ("深圳通", "地铁乘车", 2, 9),
        ("永辉超市", "生鲜", 20, 180),
    )
    for i, ym in enumerate(b.months()):
        if d := b.on(ym, 8):
            wx(
                b.at(d, 10, 12),
                "转账",
                "深圳前海明远科技有限公司",
                "转账备注:工资",
                "收入",
                1280000 + b.rng.randint(-20000, 20000),
                "/",
                "已存入零钱",
                "10000500012",
            )
        if d := b.on(ym, 9):
            cents = 600000 + 20000 * (i % 3)
            wx(
                b.at(d, 8, 22),
                "转入零钱通-来自零钱",
                "/",
                "/",
                "/",
                cents,
                "零钱",
                "支付成功",
                "12000700012",
            )
            lqt += cents
        if i % 3 == 2 and (d := b.on(ym, 26)):
            wx(
                b.at(d, 8, 22),
                "零钱通转出-到零钱",
                "/",
                "/",
                "/",
                400000,
                "零钱通",
                "支付成功",
                "12000700022",
            )
            lqt -= 400000
        if d := b.on(ym, 12):
            wx(
                b.at(d, 8, 20),
                "信用卡还款",
                "招商银行信用卡还款",
                "/",
                "/",
                b.cents(1800, 4200),
                "零钱",
                "支付成功",
                "10001000012",
            )
        if d := b.on(ym, 4):
            wx(
                b.at(d, 9, 21),
                "商户消费",
                "中国移动",
                "话费充值",
                "支出",
                10000,
                "零钱",
                "支付成功",
                "42000021",
                merchant=True,
            )
        if d := b.on(ym, 14):
            wx(
                b.at(d, 9, 21),
                "商户消费",
                "深圳供电局有限公司",
                "电费",
                "支出",
                b.cents(90, 320),
                "零钱",
                "支付成功",
                "42000021",
                merchant=True,
            )
        if ym[1] % 2 == 0 and (d := b.on(ym, 16)):
            wx(
                b.at(d, 9, 21),
                "商户消费",
                "深圳市水务(集团)有限公司",
                "水费",
                "支出",
                b.cents(35, 80),
                "零钱",
                "支付成功",
                "42000021",
                merchant=True,
            )
        if d := b.on(ym, 17):
            wx(
                b.at(d, 9, 17),
                "商户消费",
                "深圳市社会保险基金管理局",
                "社保缴费",
                "支出",
                98600,
                "零钱",
                "支付成功",
                "42000021",
                merchant=True,
            )
        if d := b.on(ym, 2):
            wx(
                b.at(d, 9, 12),
                "转账",
                "房东",
                "转账备注:房租",
                "支出",
                420000,
                "零钱",
                "对方已收钱",
                "10000500022",
            )
    for day in b.days():
        for _ in range(b.rng.choices((0, 1, 2), weights=(4, 5, 2))[0]):
            party, desc, lo, hi = b.rng.choice(shops)
            method = b.rng.choices(("零钱", "招商银行信用卡(2542)", "零钱通"), weights=(5, 4, 1))[0]
            cents = b.cents(lo, hi)
            wx(
                b.at(day),
                "商户消费",
                party,
                desc,
                "支出",
                cents,
                method,
                "支付成功",
                "42000021",
                merchant=True,
            )
        if b.rng.random() < 0.06:
            if b.rng.random() < 0.5:
                wx(
                    b.at(day),
                    "微信红包",
                    b.rng.choice(("妈妈", "小周", "阿杰")),
                    "/",
                    "收入",
                    b.rng.choice((666, 888, 2000, 5200)),
                    "/",
                    "已存入零钱",
                    "10000320012",
                )
            else:
                wx(
                    b.at(day),
                    "微信红包",
                    b.rng.choice(("小周", "阿杰", "表妹")),
                    "/",
                    "支出",
                    b.rng.choice((500, 1000, 2000)),
                    "零钱",
                    "支付成功",
                    "10000320022",
                )
    # New-year red packets and one partly refunded order.
    wx(
        datetime(2026, 2, 17, 0, 3, 11),
        "微信红包",
        "爸爸",
        "/",
        "收入",
        200000,
        "/",
        "已存入零钱",
        "10000320012",
    )
    wx(
        datetime(2026, 2, 17, 10, 21, 40),
        "群收款",
        "相亲相爱一家人",
        "/",
        "支出",
        8800,
        "零钱",
        "支付成功",
        "10000320032",
    )
    wx(
        datetime(2026, 5, 20, 19, 2, 7),
        "商户消费",
        "拼多多",
        "拼多多订单",
        "支出",
        15900,
        "零钱",
        "已退款(￥59.00)",
        "42000021",
        merchant=True,
    )
    for t in b.rows:  # 零钱通-paid purchases come out of the 零钱通 balance
        if t.method == "零钱通" and t.kind == "商户消费":
            lqt -= t.cents
    assert lqt > 0
    profile = {
        "sesame_score": 690,
        "real_name": True,
        "bank_card": True,
        "overdue_24m": 0,
        "overdue_now": False,
        "inquiries_6m": 2,
        "utilization": 0.0,
        "assets": round(lqt / 100),
        "profile_updated": True,
        "history_months": 40,
        "region_tier": "tier1",
        "occupation": "salaried",
    }
    return wechat_csv(b.rows, start, "阿峰"), profile


PERSONAS: tuple[Persona, ...] = (
    Persona(
        "steady_employee",
        "steady_employee.csv",
        "alipay_app_a3",
        "稳定上班族",
        "Steady employee",
        "工资按月到账、账单按时缴、花呗准时还、余额宝稳步增长的两年支付宝账单。",
        "Two years of Alipay history: salary every month, bills paid, Huabei repaid on time and Yu'e Bao growing.",
        steady_employee,
    ),
    Persona(
        "new_graduate",
        "new_graduate.csv",
        "alipay_app_a3",
        "应届毕业生",
        "New graduate",
        "刚工作四个月，第一份工资不高，账单少，几乎没有资产。",
        "Four months into a first job: a small salary, few bills and almost no savings.",
        new_graduate,
    ),
    Persona(
        "multi_borrower",
        "multi_borrower.csv",
        "alipay_app_a3",
        "多头借贷者",
        "Multi-platform borrower",
        "几乎每月都借借呗，还在网商贷和其他平台借钱，偶有还款失败，收入不稳。",
        "Borrows from Jiebei almost every month and from several other lenders, with a few failed repayments and uneven income.",
        multi_borrower,
    ),
    Persona(
        "self_employed",
        "self_employed.csv",
        "alipay_app_a3",
        "个体经营者",
        "Self-employed",
        "靠收钱码做生意，收入时多时少，有大额进货，余额宝进进出出。",
        "Runs a small business on a payment QR code: income comes and goes, with large stock purchases and Yu'e Bao moving in and out.",
        self_employed,
    ),
    Persona(
        "wechat_employee",
        "wechat_employee.csv",
        "wechat_csv_w1",
        "微信支付上班族",
        "WeChat Pay employee",
        "用微信支付的上班族：工资转账到零钱，按月还信用卡、缴费，并把钱存进零钱通。",
        "An employee who pays with WeChat: salary arrives as a transfer, card and bills are paid monthly, savings go to Lingqiantong.",
        wechat_employee,
    ),
)


def toml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def personas_toml() -> str:
    out = [
        "# Sample personas, in display order. Generated by scripts/make_personas.py: do not edit.",
        "# layout: alipay_app_a3 | wechat_csv_w1 | wechat_xlsx_w3 (ids from limitlens.schema.LAYOUTS)",
    ]
    for p in PERSONAS:
        out += ["", "[[persona]]"]
        for key in ("id", "file", "layout", "name_zh", "name_en", "blurb_zh", "blurb_en"):
            out.append(f"{key} = {toml_str(getattr(p, key))}")
    return "\n".join(out) + "\n"


def write_all(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for p in PERSONAS:
        data, profile = p.build()
        (out_dir / p.file).write_bytes(data)
        prof = out_dir / f"{p.id}.profile.json"
        prof.write_bytes((json.dumps(profile, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        written += [out_dir / p.file, prof]
    toml = out_dir / "personas.toml"
    toml.write_bytes(personas_toml().encode("utf-8"))
    return [*written, toml]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=OUT_DIR, help="output folder (default: data/personas)"
    )
    args = parser.parse_args(argv)
    for path in write_all(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
