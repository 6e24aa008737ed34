"""Texts of reminders, the App Home and the weekly digest (ja/en)."""

from __future__ import annotations

from core.i18n import Message

REMINDER_HEAD = Message(
    en="Good morning! Follow-ups due today or overdue ({count}):",
    ja="おはようございます。今日が期限・期限切れのフォローアップ({count}件):",
)
DUE_TODAY = Message(en="due today", ja="今日まで")
OVERDUE = Message(en="due {due}, {days} day(s) overdue", ja="期限 {due}({days}日超過)")
DUE_ON = Message(en="due {due}", ja="期限 {due}")
NO_DUE = Message(en="no due date", ja="期限なし")
NO_CUSTOMER = Message(en="(no customer)", ja="(顧客なし)")
MORE = Message(en="…and {count} more: see the bot's Home tab.", ja="ほか{count}件はアプリのホームタブにあります。")

DONE = Message(en="Done", ja="完了")
SNOOZE_DAY = Message(en="Snooze 1 day", ja="1日延期")
SNOOZE_WEEK = Message(en="Snooze 1 week", ja="1週間延期")
OPEN_CUSTOMER = Message(en="Open customer", ja="顧客を開く")
OPEN_DRAFT = Message(en="Open draft", ja="下書きを開く")
DONE_NOTE = Message(en="✅ Done by {user} ({when})", ja="✅ {user} が完了にしました({when})")
SNOOZED_NOTE = Message(en="💤 Snoozed until {day}", ja="💤 {day} まで延期しました")

NOT_YOUR_ACTION = Message(
    en="This follow-up is {owner}'s: only they or a manager can close or snooze it.",
    ja="このフォローアップは{owner}さんの担当です。完了・延期できるのは担当者とマネージャーだけです。",
)
UNKNOWN_ACTION = Message(en="That follow-up no longer exists.", ja="そのフォローアップは見つかりません。")
UNKNOWN_DRAFT = Message(en="That draft is not yours or no longer exists.", ja="その下書きは見つからないか、あなたのものではありません。")
ALREADY_DONE = Message(en="That follow-up was already done ({when}).", ja="そのフォローアップは完了済みです({when})。")
UNKNOWN_PERSON = Message(
    en="{who} is not a registered salesbot user.", ja="{who} は salesbot に登録されていません。"
)
BAD_TIME_ZONE = Message(
    en="SALESBOT_DEFAULT_TIME_ZONE={zone} is not a time zone; use an IANA name such as Asia/Tokyo.",
    ja="SALESBOT_DEFAULT_TIME_ZONE={zone} はタイムゾーンではありません。Asia/Tokyo のような IANA 名を指定してください。",
)
NOT_A_MANAGER = Message(
    en="The weekly digest is for managers; {who} is not one.",
    ja="週次ダイジェストはマネージャー向けです({who} さんは対象外です)。",
)

HOME_TITLE = Message(en="{user}'s day — {today}", ja="{user} さんの今日 — {today}")
HOME_ACTIONS = Message(en="My next actions ({total})", ja="私のネクストアクション({total}件)")
HOME_NO_ACTIONS = Message(en="Nothing open. 🎉", ja="未完了のアクションはありません。🎉")
HOME_ACTIONS_MORE = Message(en="Showing {shown} of {total}.", ja="{total}件中{shown}件を表示しています。")
HOME_DEALS = Message(en="My open deals by stage", ja="私の進行中の案件(ステージ別)")
HOME_NO_DEALS = Message(en="No open deals.", ja="進行中の案件はありません。")
HOME_OVERDUE = Message(en="My customers with overdue invoices", ja="入金期日を過ぎた請求がある担当顧客")
HOME_NO_OVERDUE = Message(en="No overdue invoices.", ja="期日超過の請求はありません。")
OVERDUE_LINE = Message(
    en="*{customer}*: {count} invoice(s), {amount} outstanding, oldest due {due}",
    ja="*{customer}*: {count}件、未回収 {amount}、最も古い期日 {due}",
)
HOME_DRAFTS = Message(en="Drafts not saved yet", ja="未保存の下書き")
HOME_NO_DRAFTS = Message(en="No unsaved drafts.", ja="未保存の下書きはありません。")
DRAFT_LINE = Message(en="{kind} memo of {received} — {customer}", ja="{received} の{kind}メモ — {customer}")
DRAFT_KINDS = {
    "text": Message(en="Typed", ja="テキスト"),
    "audio": Message(en="Voice", ja="音声"),
    "photo": Message(en="Photo", ja="写真"),
}
UNKNOWN_CUSTOMER = Message(en="customer not recognised", ja="顧客未判定")
HOME_PIPELINE = Message(en="Pipeline by stage (open deals)", ja="ステージ別パイプライン(進行中の案件)")
HOME_NO_PIPELINE = Message(en="No open deals.", ja="進行中の案件はありません。")
STAGE_LINE = Message(en="{label}: {count} deal(s), {amount}", ja="{label}: {count}件 {amount}")
HOME_STALE = Message(en="Deals without activity for {days} days", ja="{days}日以上活動のない案件")
HOME_NO_STALE = Message(en="None — every open deal was worked on recently.", ja="ありません。")
STALE_LINE = Message(
    en="*{deal}* ({customer}) — {stage}, {amount}, {owner}; last activity {last}",
    ja="*{deal}*({customer})— {stage}、{amount}、担当 {owner}、最終活動 {last}",
)
NEVER = Message(en="none", ja="なし")
NOBODY = Message(en="unassigned", ja="未割当")
HOME_CHART_NOTE = Message(
    en="Bars show each stage's share of the amount. Ask “open deals by stage” in a DM for the chart image.",
    ja="棒は金額の比率です。グラフ画像はDMで「ステージ別の案件金額は?」と聞いてください。",
)

DIGEST_HEAD = Message(
    en="*Weekly pipeline digest* — {start} to {end}", ja="*週次パイプライン・ダイジェスト* — {start}〜{end}"
)
DIGEST_NEW = Message(en="*New deals* ({count})", ja="*新規案件*({count}件)")
DIGEST_MOVES = Message(en="*Stage moves* ({count})", ja="*ステージ変更*({count}件)")
DIGEST_WON = Message(en="*Won* ({count})", ja="*受注*({count}件)")
DIGEST_LOST = Message(en="*Lost* ({count})", ja="*失注*({count}件)")
DIGEST_FORECAST = Message(en="*Forecast vs actual*", ja="*見込みと実績*")
DIGEST_PIPELINE = Message(en="*Open pipeline by stage*", ja="*ステージ別パイプライン*")
DIGEST_STALE = Message(en="*No activity for {days} days* ({count})", ja="*{days}日以上活動なし*({count}件)")
DIGEST_NONE = Message(en="none", ja="なし")
CHANGE_LINE = Message(en="{deal} ({customer}, {owner}) {amount}", ja="{deal}({customer}、{owner}){amount}")
LOSS_REASON = Message(en="reason: {reason}", ja="理由: {reason}")
NO_LOSS_REASON = Message(en="no reason recorded", ja="理由の記録なし")

CLI_NONE = Message(en="No follow-ups due for anyone on {day}.", ja="{day} に期限のフォローアップはありません。")
CLI_SENT = Message(en="Sent {count} reminder(s) for {day}.", ja="{day} のリマインダーを{count}件送信しました。")
CLI_DAY_OFF = Message(
    en="{day} is not a working day{holiday}: reminders are not sent on days off (SALESBOT_REMINDER_WORKING_DAYS, "
       "SALESBOT_HOLIDAYS). Add --force to send them anyway.",
    ja="{day} は稼働日ではありません{holiday}。休日にはリマインダーを送りません（SALESBOT_REMINDER_WORKING_DAYS、"
       "SALESBOT_HOLIDAYS）。それでも送るには --force を付けてください。")
CLI_REP = Message(en="{user} ({slack}): {count} follow-up(s)", ja="{user}({slack}): {count}件")
