"""User-facing messages of the ERP area (connectors, credentials, sync, review list).

The invoice, digest and alert texts live with the invoice service in `crm_store.invoicing.messages`.
"""

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
