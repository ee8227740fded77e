"""Words the plan reads pain points and fixes by: what a text is about (its concepts, to link a
fix to the pain it addresses) and what measures it (its KPI kind).

Token overlap alone misses most links a manager takes for granted: 「增加进度查询」 fixes
「不知道审批到哪一步了」, "text people when their table is ready" fixes "no idea how long the wait
is". Both sides name the same concern in different words; a small table of those concerns, in
Simplified Chinese and English (Traditional is folded to Simplified before matching), bridges them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from assistant.text.script import to_simplified


@cache
def _pattern(word: str) -> re.Pattern[str]:
    escaped = re.escape(word)
    if word.isascii():
        # Whole English words, with the usual endings: wait, waits, waited, waiting.
        return re.compile(rf"(?<![a-z0-9]){escaped}(?:s|es|ed|d|ing)?(?![a-z0-9])")
    return re.compile(escaped)


def fold_text(text: str) -> str:
    return to_simplified(text).casefold()


def count_words(text: str, words: tuple[str, ...]) -> int:
    """How many of `words` occur in `text` (folded to Simplified, case-insensitive)."""
    folded = fold_text(text)
    return sum(1 for w in words if _pattern(w).search(folded))


# Concerns a pain and its fix share, whatever words each uses. -------------------------------
# fmt: off
CONCEPTS: dict[str, tuple[str, ...]] = {
    "status": (
        "进度", "到哪一步", "到哪了", "状态", "查询", "通知", "告知", "短信", "推送", "提醒",
        "不知道到哪", "不知道什么时候", "不知道要等", "不知道结果", "多久", "叫号", "消息", "追踪",
        "跟踪",
        "progress", "status", "track", "notify", "notification", "update", "text", "sms",
        "message", "alert", "ready", "no idea where", "no idea when", "no idea how long",
        "don't know where", "don't know when", "not told", "how long", "informed",
    ),
    "queue": (
        "排队", "等候", "等待", "等位", "取号", "叫号", "预约", "分流", "候诊", "等太久", "等很久",
        "queue", "wait", "line", "booking", "book", "appointment", "reservation", "ticket",
    ),
    "visit": (
        "网点", "门店", "营业厅", "到店", "跑", "线上", "在线", "网上", "手机", "远程", "上门",
        "branch", "store", "visit", "trip", "in person", "online", "remote", "app", "mobile",
    ),
    "paperwork": (
        "材料", "资料", "申请表", "表格", "填表", "填写", "手续", "补交", "清单", "繁琐", "复杂",
        "简化", "上传", "签字", "证明",
        "form", "paperwork", "document", "fill", "simplify", "simpler", "complex", "complicated",
        "checklist", "upload", "field", "signature",
    ),
    "advice": (
        "咨询", "解释", "说明", "看不懂", "不懂", "不清", "答疑", "讲清", "透明", "顾问", "客户经理",
        "advice", "advise", "consult", "consultation", "explain", "unclear", "confusing",
        "question", "adviser", "advisor",
    ),
    "staff": (
        "态度", "冷淡", "冷漠", "不理", "礼仪", "培训", "服务意识", "微笑", "不耐烦", "保安",
        "店员", "员工", "服务员",
        "rude", "attitude", "unfriendly", "ignore", "training", "train", "courtesy", "greet",
        "staff", "polite", "impolite",
    ),
    "delivery": (
        "配送", "送达", "超时", "迟到", "晚到", "骑手", "准时", "物流", "快递", "发货", "装机",
        "delivery", "deliver", "late", "delay", "rider", "on time", "courier", "estimate",
        "shipping", "dispatch", "install",
    ),
    "price": (
        "费用", "资费", "价格", "收费", "成本", "账单", "扣费", "套餐", "利率",
        "fee", "price", "pricing", "cost", "bill", "charge", "hidden", "tariff", "rate",
    ),
    "accuracy": (
        "错", "漏", "准确", "核对", "差错", "少送", "送错",
        "wrong", "error", "mistake", "missing", "check", "accurate", "incorrect",
    ),
    "food": (
        "凉", "冷了", "保温", "口味", "上菜", "出餐", "菜",
        "cold", "soggy", "warm", "insulated", "taste", "dish", "food", "kitchen",
    ),
    "reach": (
        "电话", "打不通", "热线", "回复", "响应", "在线客服", "没人接", "转人工", "客服",
        "hotline", "call", "phone", "reply", "response", "respond", "busy", "chat", "hold",
    ),
    "payment": (
        "结账", "买单", "付款", "支付", "收银", "扫码", "账单", "发票",
        "pay", "payment", "bill", "checkout", "check out", "qr", "cashier", "till", "invoice",
    ),
    "exit": (
        "取消", "退订", "注销", "退款", "退货", "销户", "拆机",
        "cancel", "unsubscribe", "refund", "return", "close account",
    ),
}
# fmt: on


def concepts_of(text: str) -> set[str]:
    return {key for key, words in CONCEPTS.items() if count_words(text, words)}


# What measures a pain point --------------------------------------------------------------------


@dataclass(frozen=True)
class KpiKind:
    """A kind of KPI, the words of a pain point that call for it, and how it is named."""

    key: str
    words: tuple[str, ...]
    name_zh: str
    name_en: str
    unit_zh: str
    unit_en: str
    lower_is_better: bool
    # A conventional target for when nothing measured is known; always stored as the
    # assistant's guess (provenance `inferred` "kpi.target"), to be replaced by the team's.
    default_target: float

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_zh

    def unit(self, lang: str) -> str:
        return self.unit_en if lang == "en" else self.unit_zh


# In order of preference when a text calls for two kinds equally often. "Complaints" has no kind:
# a pain about complaints, or about nothing this table knows, is measured by the complaints about
# it (the plan's fallback KPI).
# fmt: off
KPI_KINDS: tuple[KpiKind, ...] = (
    KpiKind(
        "waiting",
        ("排队", "等候", "等待", "等位", "等号", "等太久", "等很久", "等了", "多久", "候诊", "叫号",
         "取号", "上菜慢", "上菜", "出餐", "好久", "半天",
         "wait", "queue", "line", "how long", "on hold", "takes ages", "ages", "forever"),
        "平均等候时长", "average waiting time", "分钟", "minutes", True, 15,
    ),
    KpiKind(
        "status",
        ("进度", "到哪一步", "到哪了", "没人通知", "没有通知", "不知道到哪", "不知道结果",
         "不知道什么时候", "状态", "杳无音信", "没消息",
         "progress", "status", "no idea where", "no idea when", "don't know where",
         "don't know when", "no update", "not told", "not informed", "never hear", "where my",
         "where is my"),
        "催问进度的咨询占比", "share of contacts chasing progress", "%", "%", True, 5,
    ),
    KpiKind(
        "dropout",
        ("放弃", "流失", "中途退出", "弃单", "弃购", "跳出", "离网", "不办了", "走掉", "走了",
         "abandon", "drop out", "drop-out", "give up", "gave up", "churn", "quit", "leave"),
        "中途放弃率", "drop-out rate", "%", "%", True, 20,
    ),
    KpiKind(
        "errors",
        ("错", "出错", "错误", "漏", "送错", "少送", "算错", "不准",
         "wrong", "error", "mistake", "missing", "incorrect"),
        "差错率", "error rate", "%", "%", True, 1,
    ),
    KpiKind(
        "late",
        ("超时", "迟到", "延迟", "晚到", "太慢", "慢", "拖", "逾期", "准时", "及时",
         "late", "delay", "slow", "overdue", "on time", "on-time"),
        "按时完成率", "on-time rate", "%", "%", False, 95,
    ),
    KpiKind(
        "reach",
        ("打不通", "没人接", "接不通", "接通", "占线", "转人工难", "回复慢", "不回复", "没人回",
         "no answer", "busy", "unreachable", "can't get through", "no reply"),
        "人工接通率", "answer rate", "%", "%", False, 80,
    ),
    KpiKind(
        "paperwork",
        ("材料", "补交", "复杂", "繁琐", "麻烦", "手续", "表格", "填表", "申请表", "来回跑",
         "paperwork", "document", "complicated", "complex", "form", "resubmit", "red tape"),
        "一次办结率", "first-time completion rate", "%", "%", False, 90,
    ),
    KpiKind(
        "staff",
        ("态度", "冷淡", "冷漠", "不理", "不耐烦", "爱答不理", "服务差",
         "rude", "unfriendly", "impolite", "ignored", "attitude"),
        "服务满意度", "satisfaction with service", "%", "%", False, 90,
    ),
)
# fmt: on


def kpi_kind(text: str) -> KpiKind | None:
    """The kind of KPI that measures `text` (a pain point, a KPI name), if any."""
    scored = [(count_words(text, kind.words), -i, kind) for i, kind in enumerate(KPI_KINDS)]
    best = max(scored, key=lambda t: (t[0], t[1]))
    return best[2] if best[0] > 0 else None
