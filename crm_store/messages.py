"""User-facing messages of the CRM store (CSV import, lookups)."""

from core.i18n import Message

FILE_NOT_FOUND = Message(en="File not found: {path}", ja="ファイルが見つかりません: {path}")
FILE_EMPTY = Message(en="{file} is empty.", ja="{file} は空です。")
FILE_TOO_LARGE = Message(
    en="{file} is {size_mb} MB; the limit for one import is {limit_mb} MB. Split it into smaller files.",
    ja="{file} は {size_mb} MB あります。1回の取り込みの上限は {limit_mb} MB です。分割してください。",
)
UNKNOWN_ENCODING = Message(
    en="{file} is neither UTF-8 nor Shift_JIS (CP932). Save it from Excel as “CSV UTF-8” and try again.",
    ja="{file} は UTF-8 でも Shift_JIS (CP932) でもありません。Excel で「CSV UTF-8」形式で保存し直してください。",
)
NOT_A_CSV = Message(
    en="{file} does not look like a CSV file (no header row with commas).",
    ja="{file} は CSV ファイルではないようです(カンマ区切りの見出し行がありません)。",
)
MISSING_COLUMNS = Message(
    en="{file} lacks the required column(s): {columns}. Found: {found}.",
    ja="{file} に必須の列がありません: {columns}。見つかった列: {found}。",
)
UNKNOWN_IMPORT_KIND = Message(
    en="Unknown import kind “{kind}”. Use one of: {kinds}.",
    ja="取り込み種別「{kind}」は不明です。次のいずれかを指定してください: {kinds}。",
)

# Row problems: reported with the line number, the rest of the file still imports.
REQUIRED_VALUE = Message(en="“{column}” is empty", ja="「{column}」が空です")
BAD_AMOUNT = Message(en="“{value}” in “{column}” is not an amount", ja="「{column}」の「{value}」は金額として読めません")
NEGATIVE_AMOUNT = Message(en="“{column}” must not be negative ({value})", ja="「{column}」が負の値です({value})")
BAD_DATE = Message(
    en="“{value}” in “{column}” is not a date (use YYYY-MM-DD)",
    ja="「{column}」の「{value}」は日付として読めません(YYYY-MM-DD 形式)",
)
BAD_CURRENCY = Message(en="“{value}” is not a currency code (e.g. JPY, USD)", ja="「{value}」は通貨コードではありません(例: JPY, USD)")
BAD_STAGE = Message(
    en="unknown stage “{value}” (use one of: {stages})",
    ja="ステージ「{value}」は不明です(次のいずれか: {stages})",
)
BAD_PROBABILITY = Message(en="probability “{value}” must be 0–100", ja="確度「{value}」は 0〜100 で指定してください")
BAD_GROUP = Message(en="group names are letters, digits, _ or - (not “{value}”)",
                    ja="グループ名は英数字・_・- で指定してください(「{value}」は使えません)")
BAD_ROLE = Message(en="unknown role “{value}” (rep, manager or admin)", ja="役割「{value}」は不明です(rep, manager, admin)")
BAD_ACTIVITY_TYPE = Message(
    en="unknown activity type “{value}” (visit, call, email, meeting or other)",
    ja="活動種別「{value}」は不明です(visit, call, email, meeting, other)",
)
AMBIGUOUS_CUSTOMER = Message(
    en="“{name}” matches several customers ({candidates}); add a customer code to tell them apart",
    ja="「{name}」に該当する顧客が複数あります({candidates})。顧客コードで区別してください",
)
CODE_CONFLICT = Message(
    en="customer “{name}” already has code {existing}, not {code}",
    ja="顧客「{name}」の顧客コードは {existing} で、{code} ではありません",
)
TOO_MANY_FIELDS = Message(
    en="{count} values but {expected} columns (a comma inside a value that is not quoted?)",
    ja="値が {count} 個ありますが列は {expected} 個です(引用符のない値にカンマが含まれていませんか)",
)
DUPLICATE_IN_FILE = Message(
    en="same key as line {line}; the later row wins",
    ja="{line} 行目と同じキーです。後の行の内容で更新します",
)
# Warnings: the row imported, but something deserves a look.
UNKNOWN_OWNER = Message(
    en="owner “{name}” is not a known user; left empty",
    ja="担当者「{name}」は登録ユーザーではないため空欄にしました",
)
UNMATCHED_INVOICE_CUSTOMER = Message(
    en="customer “{name}” matched no CRM customer; the invoice is kept and the name is on the review list (salesbot erp unmatched)",
    ja="顧客「{name}」は CRM の顧客と一致しません。請求書は保存し、確認リストに載せました(salesbot erp unmatched)",
)
PAID_EXCEEDS_TOTAL = Message(
    en="paid amount {paid} exceeds the total {total}",
    ja="入金額 {paid} が請求金額 {total} を超えています",
)
UNKNOWN_HEADER = Message(en="column “{column}” is not used", ja="列「{column}」は使用しません")

CUSTOMER_NOT_FOUND = Message(en="No customer matches “{name}”.", ja="「{name}」に該当する顧客はいません。")
CUSTOMER_NOT_FOUND_NEAR = Message(
    en="No customer matches “{name}”. Did you mean: {names}?",
    ja="「{name}」に該当する顧客はいません。もしかして: {names}",
)
UNKNOWN_USER = Message(en="No user “{name}”. Users: {names}", ja="ユーザー「{name}」は登録されていません。登録済み: {names}")
UNKNOWN_HOLIDAYS = Message(
    en="SALESBOT_HOLIDAYS={code} is not a known holiday calendar; use one of {known}, or none.",
    ja="SALESBOT_HOLIDAYS={code} は対応していない祝日カレンダーです。"
       "{known} のいずれか、または none を指定してください。",
)
