"""Every action, callback and block id the bot's cards and modals use, in one place."""

SAVE_DRAFT = "draft_save"
EDIT_DRAFT = "draft_edit"
DISCARD_DRAFT = "draft_discard"
SAVE_ANSWER_AS_MEMO = "answer_save_as_memo"

EDIT_MODAL = "draft_edit_modal"  # view callback_id

# Blocks and elements of the edit modal: block id == element action id == the draft field name.
FIELD_CUSTOMER = "customer"
FIELD_ACTIVITY_TYPE = "activity_type"
FIELD_OCCURRED_ON = "occurred_on"
FIELD_SUMMARY = "summary"
FIELD_DEAL_AMOUNT = "deal_amount"
FIELD_DEAL_STAGE = "deal_stage"
FIELD_DEAL_LOSS_REASON = "deal_loss_reason"
FIELD_NEXT_ACTION = "next_action"
FIELD_NEXT_ACTION_DUE = "next_action_due"
FIELD_CONFIRM_NEW = "confirm_new_customer"

# The rep's day (issue 13): reminder and App Home buttons, the customer modal.
REMINDER_DONE = "rep_day_done"
REMINDER_SNOOZE_DAY = "rep_day_snooze_day"
REMINDER_SNOOZE_WEEK = "rep_day_snooze_week"
OPEN_CUSTOMER = "rep_day_open_customer"
OPEN_DRAFT = "rep_day_open_draft"
CUSTOMER_MODAL = "rep_day_customer_modal"  # view callback_id
# Block ids: the buttons of next action N sit in block "rep_day_controls:N" (replaced by a note once used).
ACTION_CONTROLS_PREFIX = "rep_day_controls:"

# Recoverable failures (issue 15): re-run a stored input that could not be drafted.
RETRY_CAPTURE = "capture_retry"
