"""Which header names (English or Japanese) mean which field, per kind of import."""

from __future__ import annotations

from dataclasses import dataclass

from crm_store.names import normalize_text_key


@dataclass(frozen=True)
class Column:
    field: str
    aliases: tuple[str, ...]
    required: bool = False


def _key(header: str) -> str:
    return normalize_text_key(header).replace("_", "").replace("-", "").replace("(", "").replace(")", "")


COLUMNS: dict[str, tuple[Column, ...]] = {
    "users": (
        Column("name", ("name", "氏名", "名前", "担当者", "担当者名"), required=True),
        Column("slack_user_id", ("slack_user_id", "slack id", "slack", "slackユーザーid")),
        Column("role", ("role", "役割", "権限")),
        Column("language", ("language", "lang", "言語")),
        Column("kana", ("kana", "reading", "フリガナ", "ふりがな", "カナ", "よみ", "読み", "氏名カナ")),
        Column("team", ("team", "チーム", "課", "部署", "所属")),
        Column("groups", ("groups", "group", "グループ")),
    ),
    "customers": (
        Column("name", ("name", "customer_name", "customer", "company", "顧客名", "会社名", "取引先名", "取引先"),
               required=True),
        Column("code", ("code", "customer_code", "erp_code", "取引先コード", "顧客コード", "得意先コード")),
        Column("kana", ("kana", "reading", "フリガナ", "ふりがな", "カナ", "よみ", "読み")),
        Column("industry", ("industry", "業種", "業界")),
        Column("owner", ("owner", "rep", "担当者", "担当", "営業担当")),
    ),
    "deals": (
        Column("deal_name", ("deal_name", "deal", "name", "案件名", "商談名", "案件"), required=True),
        Column("customer_name", ("customer_name", "customer", "顧客名", "会社名", "取引先名", "取引先"),
               required=True),
        Column("customer_code", ("customer_code", "取引先コード", "顧客コード", "得意先コード")),
        Column("owner", ("owner", "rep", "担当者", "担当", "営業担当")),
        Column("stage", ("stage", "phase", "ステージ", "フェーズ", "段階", "進捗"), required=True),
        Column("amount", ("amount", "金額", "見込金額", "受注金額", "商談金額")),
        Column("currency", ("currency", "通貨")),
        Column("expected_close", ("expected_close", "close_date", "受注予定日", "完了予定日", "成約予定日", "クローズ予定日")),
        Column("probability", ("probability", "確度", "受注確度")),
        Column("loss_reason", ("loss_reason", "lost_reason", "loss reason", "失注理由", "失注要因")),
    ),
    "activities": (
        Column("customer_name", ("customer_name", "customer", "顧客名", "会社名", "取引先名"), required=True),
        Column("deal_name", ("deal_name", "deal", "案件名", "商談名")),
        Column("occurred_on", ("occurred_on", "date", "活動日", "日付", "訪問日"), required=True),
        Column("type", ("type", "activity_type", "種別", "活動種別")),
        Column("summary", ("summary", "notes", "内容", "概要", "メモ"), required=True),
        Column("owner", ("owner", "rep", "担当者", "担当")),
        Column("next_action", ("next_action", "next step", "次のアクション", "次回アクション", "ネクストアクション")),
        Column("next_action_due", ("next_action_due", "due", "期限", "次回期限")),
    ),
    "invoices": (
        Column("invoice_number", ("invoice_number", "invoice_no", "number", "請求書番号", "請求番号"), required=True),
        Column("customer_name", ("customer_name", "customer", "顧客名", "取引先名", "取引先", "請求先")),
        Column("customer_code", ("customer_code", "取引先コード", "顧客コード", "得意先コード")),
        Column("issue_date", ("issue_date", "invoice_date", "発行日", "請求日")),
        Column("due_date", ("due_date", "支払期日", "入金期日", "支払期限", "期日"), required=True),
        Column("total_amount", ("total_amount", "total", "amount", "請求金額", "合計金額", "請求額"), required=True),
        Column("paid_amount", ("paid_amount", "paid", "入金額", "入金済額", "入金済金額")),
        Column("currency", ("currency", "通貨")),
    ),
}
IMPORT_KINDS = tuple(COLUMNS)


def map_headers(kind: str, headers: list[str]) -> tuple[dict[str, str], list[str], list[str]]:
    """({field: header}, missing required fields, unused headers) for a file's header row."""
    by_alias = {_key(alias): column.field for column in COLUMNS[kind] for alias in column.aliases}
    mapping: dict[str, str] = {}
    unused: list[str] = []
    for header in headers:
        field = by_alias.get(_key(header))
        if field and field not in mapping:
            mapping[field] = header
        elif header:
            unused.append(header)
    missing = [c.field for c in COLUMNS[kind] if c.required and c.field not in mapping]
    return mapping, missing, unused
