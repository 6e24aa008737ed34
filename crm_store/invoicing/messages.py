"""User-facing messages of the invoice service: customer look-up, invoice lists, warnings, digests."""

from core.i18n import Message

# Customer look-up (also used by the ERP review list's `salesbot erp link`)
UNKNOWN_CUSTOMER = Message(en="No customer named “{name}”.", ja="「{name}」という顧客は見つかりません。")
UNKNOWN_CUSTOMER_NEAR = Message(
    en="No customer named “{name}”. Did you mean: {names}?",
    ja="「{name}」という顧客は見つかりません。もしかして: {names}",
)
AMBIGUOUS_CUSTOMER = Message(
    en="“{name}” matches several customers: {names}. Use the full name.",
    ja="「{name}」に該当する顧客が複数あります: {names}。正式名称で指定してください。",
)
NOT_YOUR_CUSTOMER = Message(
    en="The invoices of {customer} are visible to its owner and to managers only; ask them.",
    ja="{customer} の請求書は担当者とマネージャーのみ参照できます。担当者にお尋ねください。",
)

# Invoices
NO_INVOICES = Message(en="{customer}: no invoices.", ja="{customer}: 請求書はありません。")
INVOICES_HEADER = Message(
    en="{customer}: {count} invoice(s), outstanding {outstanding}, overdue {overdue}.",
    ja="{customer}: 請求書 {count} 件、未回収 {outstanding}、期日超過 {overdue}。",
)
INVOICE_LINE = Message(
    en="• {number}  due {due}  {total}  outstanding {outstanding}  {status}",
    ja="• {number}  期日 {due}  {total}  未回収 {outstanding}  {status}",
)
STATUS_LABELS = {
    "unpaid": Message(en="unpaid", ja="未入金"),
    "partially_paid": Message(en="partially paid", ja="一部入金"),
    "paid": Message(en="paid", ja="入金済"),
    "overdue": Message(en="OVERDUE", ja="期日超過"),
}

# Alerts and digests
FIRST_RUN_SUMMARY = Message(
    en=":information_source: First overdue check: {count} invoice(s) were already overdue (listed below). From now on "
    "each invoice that becomes overdue is announced to its owner.",
    ja=":information_source: 初回の期日超過チェック: 既に期日超過の請求書が {count} 件あります(下記)。今後は新たに期日超過"
    "になった請求書を担当者にお知らせします。",
)
OVERDUE_ALERT = Message(
    en=":rotating_light: Invoice {number} to {customer} ({outstanding} outstanding) was due {due} and is now overdue.",
    ja=":rotating_light: {customer} 宛の請求書 {number}(未回収 {outstanding})が期日 {due} を過ぎ、期日超過になりました。",
)
DIGEST_REP_HEADER = Message(
    en="Invoices of your customers as of {today}:",
    ja="{today} 時点の担当顧客の請求書:",
)
DIGEST_OVERDUE = Message(en="*Overdue* ({count}, {amount})", ja="*期日超過*({count} 件、{amount})")
DIGEST_DUE_SOON = Message(
    en="*Due within {days} days* ({count}, {amount})", ja="*{days} 日以内に期日*({count} 件、{amount})"
)
DIGEST_LINE = Message(
    en="• {customer} — {number}, due {due}, {outstanding}",
    ja="• {customer} — {number}、期日 {due}、{outstanding}",
)
DIGEST_MANAGER_HEADER = Message(
    en="Invoice digest {today}: {overdue_count} overdue ({overdue_amount}), {due_count} due within {days} days ({due_amount}).",
    ja="請求書ダイジェスト {today}: 期日超過 {overdue_count} 件({overdue_amount})、{days} 日以内に期日 {due_count} 件({due_amount})。",
)
DIGEST_BY_OWNER = Message(
    en="• {owner}: {count} overdue, {amount}", ja="• {owner}: 期日超過 {count} 件、{amount}"
)
NO_OWNER = Message(en="(no owner)", ja="(担当者なし)")
UNMATCHED_IN_DIGEST = Message(
    en="{count} invoice(s) have no matched customer; see `salesbot erp unmatched`.",
    ja="顧客に紐付いていない請求書が {count} 件あります。`salesbot erp unmatched` で確認してください。",
)

# The manager channel shows only what every member there may see (crm_store.visibility.audience_scope).
WITHHELD_IN_CHANNEL = Message(
    en="{count} invoice(s) are not shown here because not everyone in this channel may see them; "
    "they were sent by DM to those who may.",
    ja="このチャンネルには閲覧権限のないメンバーがいるため、請求書 {count} 件をここには表示していません。"
    "閲覧できる方に DM でお送りしました。",
)
FULL_DIGEST_DM = Message(
    en="The full invoice digest: the manager channel shows only what everyone in it may see "
    "({count} invoice(s) left out there).",
    ja="請求書ダイジェストの全体です。マネージャーチャンネルには全員が閲覧できる分のみ表示しています"
    "(表示していない請求書 {count} 件)。",
)
OVERDUE_ALERT_PRIVATE = Message(
    en="Sent to you instead of the manager channel, where not everyone may see this customer's invoices:",
    ja="マネージャーチャンネルにはこの顧客の請求書を閲覧できないメンバーがいるため、DM でお知らせします:",
)
