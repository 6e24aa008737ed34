"""User-facing texts of the Slack bot."""

from core.i18n import Message

WORKING = Message(en=":hourglass_flowing_sand: Working on it…", ja=":hourglass_flowing_sand: 処理中です…")
WORKING_FILE = Message(
    en=":hourglass_flowing_sand: Got your {kind}; reading it…",
    ja=":hourglass_flowing_sand: {kind}を受け取りました。読み取り中です…",
)
KIND_AUDIO = Message(en="voice memo", ja="音声メモ")
KIND_PHOTO = Message(en="photo", ja="写真")
KIND_FILE = Message(en="file", ja="ファイル")
UNEXPECTED = Message(
    en=":warning: Something went wrong on our side (ref `{ref}`). Nothing you sent is lost; "
    "try again, or give the ref to your admin.",
    ja=":warning: システム側でエラーが発生しました(ref `{ref}`)。送信内容は失われていません。"
    "もう一度お試しいただくか、この ref を管理者にお伝えください。",
)
USER_ERROR = Message(en=":warning: {message} (ref `{ref}`)", ja=":warning: {message}(ref `{ref}`)")
UNKNOWN_SLACK_USER = Message(
    en="You are not registered in salesbot yet, so I cannot show CRM data or save memos for you. "
    "Ask an admin to add your Slack id `{slack_id}` to the users list (salesbot import users).",
    ja="salesbot にまだ登録されていないため、CRM のデータ表示やメモの保存ができません。"
    "管理者に Slack ID `{slack_id}` をユーザー一覧に追加するよう依頼してください(salesbot import users)。",
)
EMPTY_QUESTION = Message(
    en="Type a question after the command, e.g. `/ask deals in negotiation?`",
    ja="コマンドの後に質問を入力してください。例: `/ask 交渉中の案件は?`",
)
EMPTY_INVOICE = Message(
    en="Type a customer name after the command, e.g. `/invoice 東邦精機`",
    ja="コマンドの後に顧客名を入力してください。例: `/invoice 東邦精機`",
)
ANSWERED_PRIVATELY = Message(
    en="Only you can see this answer: it includes records not everyone in this conversation may see.",
    ja="この回答はあなたにだけ表示しています。この会話の全員が参照できるわけではない情報を含むためです。",
)
WARNING_PRIVATELY = Message(
    en="Only you can see this warning (not everyone here may see this customer's invoices):",
    ja="この注意はあなたにだけ表示しています(この顧客の請求情報は全員が参照できるわけではないため):",
)
FEATURE_NOT_READY = Message(
    en="{feature} is not set up on this salesbot yet; ask your admin.",
    ja="この salesbot では{feature}がまだ設定されていません。管理者にお問い合わせください。",
)
FEATURE_CAPTURE = Message(en="Memo capture", ja="メモの取り込み")
FEATURE_INVOICES = Message(en="Invoices", ja="請求書機能")
FEATURE_KNOWLEDGE = Message(en="The knowledge base", ja="ナレッジベース")
FILE_UNSUPPORTED = Message(
    en="I can read voice memos (m4a, mp4, webm, mp3, wav) and photos (jpeg, png, heic), not “{name}”.",
    ja="読み取れるのは音声メモ(m4a, mp4, webm, mp3, wav)と写真(jpeg, png, heic)です。「{name}」は対象外です。",
)
FILE_TOO_LARGE = Message(
    en="“{name}” is {size_mb} MB; the limit is {limit_mb} MB.",
    ja="「{name}」は {size_mb} MB です。上限は {limit_mb} MB です。",
)
FILE_NO_ACCESS = Message(
    en="I could not download “{name}” from Slack. The app may lack the files:read scope; ask your admin.",
    ja="Slack から「{name}」をダウンロードできませんでした。アプリに files:read 権限がない可能性があります。"
    "管理者にお問い合わせください。",
)
DRAFT_GONE = Message(en="This draft is no longer available.", ja="この下書きは既に利用できません。")
SAVED = Message(
    en=":white_check_mark: Saved by <@{user}> (activity #{activity_id}).",
    ja=":white_check_mark: <@{user}> さんが保存しました(活動 #{activity_id})。",
)
DISCARDED = Message(
    en=":wastebasket: Discarded by <@{user}>. Nothing was written to the CRM.",
    ja=":wastebasket: <@{user}> さんが破棄しました。CRM には何も書き込まれていません。",
)
NOT_YOUR_DRAFT = Message(
    en="Only <@{owner}> can save or discard this draft.",
    ja="この下書きを保存・破棄できるのは <@{owner}> さんだけです。",
)
KNOWLEDGE_SAVED = Message(
    en="Saved to the knowledge base: {title}", ja="ナレッジベースに保存しました: {title}"
)
INVALID_DATE = Message(en="Use a date like 2026-11-20.", ja="2026-11-20 のような日付で入力してください。")
INVALID_AMOUNT = Message(en="Use a number, e.g. 1200000.", ja="1200000 のような数値で入力してください。")
REQUIRED = Message(en="Required.", ja="必須項目です。")
MISSING_SETTING = Message(
    en="{name} is not set; see docs/slack.md for the set-up.",
    ja="{name} が設定されていません。docs/slack.md の手順を参照してください。",
)
KNOWLEDGE_FAILED = Message(
    en="Could not save this to the knowledge base: {reason}",
    ja="ナレッジベースに保存できませんでした: {reason}",
)
# Recoverable failures (issue 15)
RETRY_BUTTON = Message(en="Retry", ja="再試行")
RETRY_HINT = Message(
    en="Your memo is kept (input {input_id}): press Retry, or an admin can run `salesbot capture retry {input_id}`.",
    ja="メモは保存されています(入力 {input_id})。「再試行」を押すか、管理者が `salesbot capture retry {input_id}` を実行できます。",
)
