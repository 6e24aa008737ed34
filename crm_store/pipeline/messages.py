"""User-facing messages of pipeline and invoice answering."""

from core.i18n import Message

UNKNOWN_OWNER = Message(
    en="No rep called “{name}”. Reps: {names}",
    ja="「{name}」という担当者は登録されていません。登録済み: {names}",
)
UNKNOWN_OWNER_NEAR = Message(
    en="No rep called “{name}”. Did you mean: {names}?",
    ja="「{name}」という担当者は登録されていません。もしかして: {names}",
)
AMBIGUOUS_OWNER = Message(
    en="“{name}” could be several people: {names}. Please write the full name.",
    ja="「{name}」に該当する担当者が複数います: {names}。フルネームで指定してください。",
)
UNKNOWN_CUSTOMER = Message(en="No customer matches “{name}”.", ja="「{name}」に該当する顧客はいません。")
UNKNOWN_CUSTOMER_NEAR = Message(
    en="No customer matches “{name}”. Did you mean: {names}?",
    ja="「{name}」に該当する顧客はいません。もしかして: {names}",
)
BAD_PERIOD = Message(
    en="“{period}” is not a possible date or period. Try e.g. “this quarter” or 2026-12-01 to 2027-01-31.",
    ja="「{period}」は存在しない日付・期間です。例:「今四半期」「2026-12-01から2027-01-31」",
)
NOT_YOURS = Message(
    en="You can see only your own deals and your own customers' invoices; ask a manager for {what}.",
    ja="ご自身の案件と担当顧客の請求書のみ参照できます。{what}はマネージャーにお尋ねください。",
)
WHO_ARE_YOU = Message(
    en="I don't know which user you are, so I can't show pipeline or invoice numbers.",
    ja="ユーザーを特定できないため、案件・請求の数値はお見せできません。",
)
NO_METRIC = Message(
    en="I could not tell what to compute; here are the count and the total of {what}. "
    "You can ask e.g. “how much is in quote?”, “how many deals closing this month?”, "
    "“weighted pipeline by owner”.",
    ja="何を集計するか判断できなかったため、{what}の件数と合計を示します。"
    "例:「見積段階の案件はいくら?」「今月受注予定の案件は何件?」「担当者別の見込み額」",
)
LLM_FAILED = Message(
    en="The language model could not read the question; I used the built-in rules instead.",
    ja="言語モデルで質問を解釈できなかったため、組み込みのルールで解釈しました。",
)

# Headlines
DEALS_HEAD = Message(en="{count} deals", ja="案件 {count} 件")
SUM = Message(en="total {amounts}", ja="合計 {amounts}")
WEIGHTED = Message(en="weighted by probability {amounts}", ja="確度加重の見込み額 {amounts}")
AVERAGE = Message(en="average {amounts}", ja="平均 {amounts}")
NO_AMOUNT = Message(
    en="({count} without an amount are not in the sums)", ja="(金額未入力の {count} 件は合計に含みません)"
)
NO_DEALS = Message(en="No deals match.", ja="該当する案件はありません。")
INVOICE_HEAD = Message(en="{what}: {count} invoices, {amounts}", ja="{what}: {count} 件、{amounts}")
NO_INVOICES = Message(en="No invoices match.", ja="該当する請求書はありません。")
INVOICE_WHAT = {
    "outstanding": Message(en="Outstanding", ja="未回収"),
    "overdue": Message(en="Overdue", ja="期日超過"),
    "due_soon": Message(en="Due soon, unpaid", ja="期日間近の未回収"),
    "paid": Message(en="Paid", ja="入金済み"),
    "all": Message(en="Invoiced", ja="請求額"),
}
FORECAST_HEAD = Message(
    en="{period}: weighted pipeline {weighted} ({count} open deals) vs invoiced {invoiced}, paid {paid}",
    ja="{period}: 確度加重の見込み {weighted}(進行中 {count} 件)/ 請求実績 {invoiced}、入金実績 {paid}",
)
MORE_ROWS = Message(en="… and {count} more", ja="… 他 {count} 件")

# Interpretation ("条件: 見積 / 今月 / 全担当")
CONDITIONS = Message(en="Conditions: {parts}", ja="条件: {parts}")
ALL_OWNERS = Message(en="all owners", ja="全担当")
ONLY_YOURS = Message(en="your own only", ja="ご自身の分のみ")
ONLY_TEAM = Message(en="your team's only", ja="チームの分のみ")
ALL_STAGES = Message(en="all stages", ja="全ステージ")
STATUS = {
    "open": Message(en="open", ja="進行中"),
    "won": Message(en="won", ja="受注"),
    "lost": Message(en="lost", ja="失注"),
    "all": Message(en="open, won and lost", ja="全ステータス"),
    "closed": Message(en="closed (won or lost)", ja="完了(受注・失注)"),
}
INVOICE_STATUS = {
    "outstanding": Message(en="outstanding", ja="未回収"),
    "overdue": Message(
        en="overdue (due before {today}, not fully paid)", ja="期日超過({today}より前が期日・未入金あり)"
    ),
    "due_soon": Message(en="due by {until}, not fully paid", ja="{until}までに期日・未入金あり"),
    "paid": Message(en="paid, in part or in full (amount received)", ja="入金あり(入金額)"),
    "all": Message(en="all invoices (amount invoiced)", ja="全請求書(請求額)"),
}
METRIC = {
    "count": Message(en="metric: count", ja="指標: 件数"),
    "sum": Message(en="metric: sum of amount", ja="指標: 金額合計"),
    "weighted": Message(en="metric: amount × stage probability", ja="指標: 金額×確度"),
    "average": Message(en="metric: average amount", ja="指標: 平均金額"),
}
GROUP = {
    "stage": Message(en="by stage", ja="ステージ別"),
    "owner": Message(en="by owner", ja="担当者別"),
    "customer": Message(en="by customer", ja="顧客別"),
    "month": Message(en="by month", ja="月別"),
    "loss_reason": Message(en="by loss reason", ja="失注理由別"),
}
OR = Message(en=" or ", ja="・")
AMOUNT = Message(en="amount {bounds}", ja="金額 {bounds}")
NO_LOSS_REASON = Message(en="(no reason recorded)", ja="(理由未記入)")
NOT_UNDERSTOOD = Message(
    en="I understood {understood} but not {words}{suggestions} — so no number rather than a wrong one. "
    "Please rephrase, or write the name as registered.",
    ja="{understood}は理解しましたが、{words}が分かりませんでした{suggestions}。誤った数値を出さないよう、"
    "集計は控えます。言い換えるか、登録どおりの名前でお尋ねください。",
)
DID_YOU_MEAN = Message(en=" (did you mean {names}?)", ja="(もしかして: {names})")
NOTHING_UNDERSTOOD = Message(en="the rest", ja="ほかの部分")
IGNORED = Message(en="words not used: {words}", ja="集計に使っていない語: {words}")
CLOSE_PERIOD = Message(en="expected close {range}", ja="受注予定 {range}")
CLOSED_PERIOD = Message(en="close date {range}", ja="受注/失注日 {range}")
DUE_PERIOD = Message(en="due {range}", ja="期日 {range}")
ISSUE_PERIOD = Message(en="issued {range}", ja="請求日 {range}")
INDUSTRY = Message(en="industry {name}", ja="業種 {name}")
DEALS = Message(en="deals", ja="案件")
INVOICES = Message(en="invoices", ja="請求書")
NO_CURRENCY_MIX = Message(
    en="currencies are never added together", ja="通貨ごとに集計(通貨をまたいで合算しません)"
)
CHART_AXIS = {
    "count": Message(en="deals", ja="件数"),
    "amount": Message(en="amount ({currency})", ja="金額 ({currency})"),
    "weighted": Message(en="weighted amount ({currency})", ja="確度加重の見込み額 ({currency})"),
    "outstanding": Message(en="outstanding ({currency})", ja="未回収 ({currency})"),
    "total": Message(en="invoiced ({currency})", ja="請求額 ({currency})"),
    "paid": Message(en="paid ({currency})", ja="入金額 ({currency})"),
}
