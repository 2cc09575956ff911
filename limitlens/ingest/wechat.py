"""WeChat Pay specifics: layout ids and refunds recorded in the purchase row's 当前状态.

A partial refund changes the original row's status to `已退款(￥x.xx)` (or `已退款￥x.xx`), a full
one to `已全额退款`; the row stays a success with `refunded` set. Separate `…-退款` rows (交易类型
ending in -退款) get category "refund" and are not linked again, so nothing is counted twice.
"""

from __future__ import annotations

CSV_LAYOUT = "wechat_csv_w1"
