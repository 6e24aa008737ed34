"""User-facing messages of the ERP area (sync, connectors, invoices, alerts)."""

from core.i18n import Message

# Configuration and credentials
NO_CONNECTOR = Message(
    en="No ERP is configured. Set SALESBOT_ERP_CONNECTOR to “freee” or “csv” (see docs/erp.md).",
    ja="ERP が設定されていません。SALESBOT_ERP_CONNECTOR に「freee」または「csv」を設定してください(docs/erp.md 参照)。",
)
UNKNOWN_CONNECTOR = Message(
    en="Unknown ERP connector “{name}”. Use “freee” or “csv”.",
    ja="ERP コネクタ「{name}」は不明です。「freee」または「csv」を指定してください。",
)
CSV_SETTINGS_MISSING = Message(
    en="The CSV connector needs SALESBOT_ERP_CSV_PATH (the ERP export) and SALESBOT_ERP_CSV_MAPPING (the column mapping file).",
    ja="CSV コネクタには SALESBOT_ERP_CSV_PATH(ERP の出力ファイル)と SALESBOT_ERP_CSV_MAPPING(列の対応ファイル)が必要です。",
)
BAD_MAPPING = Message(
    en="The column mapping {path} is not valid: {problem}.",
    ja="列の対応ファイル {path} の形式が正しくありません: {problem}。",
)
MAPPING_COLUMN_MISSING = Message(
    en="{file} has no column “{column}” (mapped to {field} in {mapping}). Found: {found}.",
    ja="{file} に列「{column}」がありません({mapping} で {field} に対応付け)。見つかった列: {found}。",
)
CSV_BAD_AMOUNT = Message(
    en="{file} line {line}: “{value}” in “{column}” is not an amount. Nothing was synced; fix the export and sync again.",
    ja="{file} {line} 行目: 「{column}」の「{value}」は金額として読めません。同期は行っていません。出力ファイルを直して再同期してください。",
)
CSV_NEGATIVE_AMOUNT = Message(
    en="{file} line {line}: “{column}” must not be negative ({value}). Nothing was synced; fix the export and sync again.",
    ja="{file} {line} 行目: 「{column}」が負の値です({value})。同期は行っていません。出力ファイルを直して再同期してください。",
)
CSV_BAD_DATE = Message(
    en="{file} line {line}: “{value}” in “{column}” is not a date (use YYYY-MM-DD). Nothing was synced; fix the export and sync again.",
    ja="{file} {line} 行目: 「{column}」の「{value}」は日付として読めません(YYYY-MM-DD 形式)。同期は行っていません。出力ファイルを直して再同期してください。",
)
CSV_BAD_CURRENCY = Message(
    en="{file} line {line}: “{value}” in “{column}” is not a currency code (e.g. JPY, USD). Nothing was synced.",
    ja="{file} {line} 行目: 「{column}」の「{value}」は通貨コードではありません(例: JPY, USD)。同期は行っていません。",
)
CSV_MISSING_VALUE = Message(
    en="{file} line {line}: “{column}” is empty. Nothing was synced; fix the export and sync again.",
    ja="{file} {line} 行目: 「{column}」が空です。同期は行っていません。出力ファイルを直して再同期してください。",
)
TOKEN_KEY_MISSING = Message(
    en="SALESBOT_ERP_TOKEN_KEY is not set. Generate one with `salesbot erp new-key` and keep it secret: it encrypts the ERP tokens.",
    ja="SALESBOT_ERP_TOKEN_KEY が未設定です。`salesbot erp new-key` で生成し、秘密にしてください(ERP のトークンを暗号化する鍵です)。",
)
TOKEN_KEY_INVALID = Message(
    en="SALESBOT_ERP_TOKEN_KEY is not a valid key (32 url-safe base64 bytes). Generate one with `salesbot erp new-key`.",
    ja="SALESBOT_ERP_TOKEN_KEY が正しい鍵ではありません。`salesbot erp new-key` で生成してください。",
)
TOKEN_UNREADABLE = Message(
    en="The stored {connector} tokens cannot be decrypted with SALESBOT_ERP_TOKEN_KEY (was the key changed?). Authorize again with `salesbot erp authorize`.",
    ja="保存済みの {connector} トークンを SALESBOT_ERP_TOKEN_KEY で復号できません(鍵を変更しましたか?)。`salesbot erp authorize` で再認可してください。",
)
FREEE_CLIENT_MISSING = Message(
    en="freee needs SALESBOT_FREEE_CLIENT_ID and SALESBOT_FREEE_CLIENT_SECRET (from the freee app store developer page).",
    ja="freee 連携には SALESBOT_FREEE_CLIENT_ID と SALESBOT_FREEE_CLIENT_SECRET が必要です(freee アプリストアの開発者ページで取得)。",
)
NOT_AUTHORIZED = Message(
    en="salesbot is not authorized to read {connector} yet. Run `salesbot erp authorize`.",
    ja="salesbot はまだ {connector} へのアクセスを認可されていません。`salesbot erp authorize` を実行してください。",
)
TOKEN_REVOKED = Message(
    en="{connector} refused the stored authorization (expired or revoked). Run `salesbot erp authorize` again; the last synced invoices are kept.",
    ja="{connector} が保存済みの認可を拒否しました(期限切れまたは取り消し)。`salesbot erp authorize` で再認可してください。前回同期した請求書は保持されています。",
)
CODE_EXCHANGE_FAILED = Message(
    en="freee did not accept the authorization code ({reason}). Codes are single-use and expire in minutes: start `salesbot erp authorize` again.",
    ja="freee が認可コードを受け付けませんでした({reason})。認可コードは1回限りで数分で失効します。`salesbot erp authorize` をやり直してください。",
)
NO_COMPANY = Message(
    en="This freee account has no company (事業所) salesbot can read.",
    ja="この freee アカウントには salesbot が参照できる事業所がありません。",
)
CHOOSE_COMPANY = Message(
    en="This freee account has several companies: {companies}. Set SALESBOT_FREEE_COMPANY_ID to one of the ids and authorize again.",
    ja="この freee アカウントには複数の事業所があります: {companies}。SALESBOT_FREEE_COMPANY_ID にいずれかの ID を設定して再認可してください。",
)
WRONG_COMPANY = Message(
    en="freee refused company id {company_id} (HTTP {status}): it does not exist or this account cannot read it. Check SALESBOT_FREEE_COMPANY_ID.",
    ja="freee が事業所 ID {company_id} を拒否しました(HTTP {status})。存在しないか、このアカウントに権限がありません。SALESBOT_FREEE_COMPANY_ID を確認してください。",
)
ERP_UNAVAILABLE = Message(
    en="{connector} is not reachable or keeps failing ({reason}) after {attempts} attempts. The last synced invoices are kept; the next sync will catch up.",
    ja="{connector} に接続できないか、{attempts} 回試してもエラーが続きます({reason})。前回同期した請求書は保持され、次回の同期で追いつきます。",
)
MALFORMED_RESPONSE = Message(
    en="{connector} sent a response salesbot cannot read ({what}). Nothing was synced; the last synced invoices are kept.",
    ja="{connector} から読めない応答が返りました({what})。同期は行っておらず、前回同期した請求書は保持されています。",
)
REQUEST_REJECTED = Message(
    en="{connector} rejected a request (HTTP {status}: {detail}).",
    ja="{connector} がリクエストを拒否しました(HTTP {status}: {detail})。",
)

# Sync and review list
SYNC_DONE = Message(
    en="{connector}: {invoices} invoices read — {created} new, {updated} updated, {unchanged} unchanged, {removed} removed; {unmatched} with an unmatched customer.",
    ja="{connector}: 請求書 {invoices} 件を取得 — 新規 {created}、更新 {updated}、変更なし {unchanged}、削除 {removed}。顧客未照合 {unmatched} 件。",
)
SYNC_FAILED_ALERT = Message(
    en=":warning: ERP sync ({connector}) failed: {reason} (run #{run}). The last good data is kept; it will retry at the next interval.",
    ja=":warning: ERP 同期({connector})に失敗しました: {reason}(実行 #{run})。前回のデータは保持され、次回の間隔で再試行します。",
)
SYNC_ALREADY_RUNNING = Message(
    en="An ERP sync ({connector}) has been running since {since}; wait for it to finish.",
    ja="ERP 同期({connector})が {since} から実行中です。終了をお待ちください。",
)
UNMATCHED_NOT_FOUND = Message(
    en="No review-list entry #{id}. See `salesbot erp unmatched`.",
    ja="確認リストに #{id} はありません。`salesbot erp unmatched` で確認してください。",
)
LINKED = Message(
    en="Linked ERP partner “{partner}” to customer “{customer}”; {invoices} invoice(s) now belong to the customer.",
    ja="ERP の取引先「{partner}」を顧客「{customer}」に紐付けました。請求書 {invoices} 件がこの顧客に紐付きました。",
)

# Invoices
UNKNOWN_CUSTOMER = Message(en="No customer named “{name}”.", ja="「{name}」という顧客は見つかりません。")
UNKNOWN_CUSTOMER_NEAR = Message(
    en="No customer named “{name}”. Did you mean: {names}?",
    ja="「{name}」という顧客は見つかりません。もしかして: {names}",
)
AMBIGUOUS_CUSTOMER = Message(
    en="“{name}” matches several customers: {names}. Use the full name.",
    ja="「{name}」に該当する顧客が複数あります: {names}。正式名称で指定してください。",
)
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
OVERDUE_WARNING = Message(
    en=":warning: {customer} has {count} overdue invoice(s), {amount} outstanding (oldest due {oldest}). Check with accounting before proposing more.",
    ja=":warning: {customer} には期日超過の請求書が {count} 件、未回収 {amount} があります(最も古い期日 {oldest})。追加提案の前に経理に確認してください。",
)

# Alerts and digests
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
