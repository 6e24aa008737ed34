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
FIELD_NEXT_ACTION = "next_action"
FIELD_NEXT_ACTION_DUE = "next_action_due"
FIELD_CONFIRM_NEW = "confirm_new_customer"

# Recoverable failures (issue 15): re-run a stored input that could not be drafted.
RETRY_CAPTURE = "capture_retry"
