"""Block Kit for the capture flow: the draft card, its saved/discarded states. Pure functions, no I/O."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.slack import action_ids
from bot.slack.answer_blocks import MAX_BLOCKS, SECTION_LIMIT
from bot.slack.mrkdwn import escape
from bot.slack.payloads import CardRef
from capture.messages import WARNINGS
from capture.schema import FieldValue
from capture.views import DraftView, SavedActivity
from core.i18n import Language, Message
from core.money import format_amount
from crm_store.stages import STAGES, parse_stage

SOURCE_PREVIEW_CHARS = 600

_TITLE = {
    "text": Message(en="Draft activity — check and save", ja="活動の下書き — 確認して保存してください"),
    "audio": Message(
        en="Draft from your voice memo — check and save", ja="音声メモからの下書き — 確認して保存してください"
    ),
    "photo": Message(
        en="Draft from your photo — check and save", ja="写真からの下書き — 確認して保存してください"
    ),
}
LABELS: dict[str, Message] = {
    "customer": Message(en="Customer", ja="顧客"),
    "activity_type": Message(en="Type", ja="種別"),
    "occurred_on": Message(en="Date", ja="日付"),
    "summary": Message(en="Summary", ja="要約"),
    "deal.amount": Message(en="Amount", ja="金額"),
    "deal.currency": Message(en="Currency", ja="通貨"),
    "deal.stage": Message(en="Stage", ja="段階"),
    "deal.loss_reason": Message(en="Loss reason", ja="失注理由"),
    "contacts": Message(en="Contact", ja="先方担当者"),
    "next_actions": Message(en="Next action", ja="次のアクション"),
    "competitors": Message(en="Competitor", ja="競合"),
}
ACTIVITY_TYPES: dict[str, Message] = {
    "visit": Message(en="Visit", ja="訪問"),
    "call": Message(en="Call", ja="電話"),
    "email": Message(en="Email", ja="メール"),
    "meeting": Message(en="Meeting", ja="打ち合わせ"),
    "other": Message(en="Other", ja="その他"),
}
_MATCHED = Message(en="matched in the CRM", ja="CRM の顧客と一致")
_NEW = Message(en=":new: new customer (added when you save)", ja=":new: 新規顧客(保存時に登録されます)")
_AMBIGUOUS = Message(
    en=":warning: several customers match: {names} — use Edit to pick one",
    ja=":warning: 該当する顧客が複数あります: {names} — 「編集」で選んでください",
)
# Matched by sound or spelling: never silent, always checkable.
_HEARD = Message(en=":ear: {note} — check it, or use Edit", ja=":ear: {note} — ご確認ください(違えば「編集」)")
_AMBIGUOUS_READING = Message(
    en=":warning: “{heard}” sounds like several customers ({names}); none was chosen — use Edit",
    ja=":warning: 「{heard}」は複数の顧客({names})と読みが近いため選んでいません — 「編集」で選んでください",
)
_NO_CUSTOMER = Message(
    en=":warning: no customer found — use Edit to add one",
    ja=":warning: 顧客が見つかりません — 「編集」で入力してください",
)
_DEAL_UPDATE = Message(en="Deal: {name} ({stage}) will be updated", ja="案件: {name}({stage})を更新します")
_DEAL_NEW = Message(en="Deal: a new deal will be created", ja="案件: 新しい案件を作成します")
_OVERDUE = Message(
    en=":rotating_light: *Unpaid invoices* — check before upselling:",
    ja=":rotating_light: *未入金の請求書があります* — 追加提案の前にご確認ください:",
)
_OVERDUE_LINE = Message(
    en="• {number}: {amount} outstanding, due {due}", ja="• {number}: 未回収 {amount}、期日 {due}"
)
_SOURCE = {
    "text": Message(en="Memo", ja="メモ"),
    "audio": Message(en="Transcript", ja="文字起こし"),
    "photo": Message(en="Text read from the photo", ja="写真から読み取った文字"),
}
_DEAL = Message(en="Deal", ja="案件")
_SAVE = Message(en="Save", ja="保存")
_EDIT = Message(en="Edit", ja="編集")
_DISCARD = Message(en="Discard", ja="破棄")
_CONFIRM_NEW_TITLE = Message(en="New customer", ja="新規顧客")
_CONFIRM_NEW_TEXT = Message(
    en="“{name}” is not in the CRM. Save and add it as a new customer?",
    ja="「{name}」は CRM に未登録です。新規顧客として登録して保存しますか?",
)
_CONFIRM_DISCARD_TITLE = Message(en="Discard this draft?", ja="下書きを破棄しますか?")
_CONFIRM_DISCARD_TEXT = Message(
    en="Nothing will be written to the CRM. The original message stays in Slack.",
    ja="CRM には何も書き込まれません。元のメッセージは Slack に残ります。",
)
_YES = Message(en="Yes", ja="はい")
_CANCEL = Message(en="Cancel", ja="キャンセル")
_EMPTY = Message(
    en="_(nothing extracted yet — use Edit)_",
    ja="_(抽出できた項目がありません — 「編集」で入力してください)_",
)
_SAVED_AS = Message(en="*{customer}* — activity #{activity_id}", ja="*{customer}* — 活動 #{activity_id}")


def field_line(label: str, value: str, field: FieldValue[Any] | None, language: Language) -> str:
    """``*Label*: value  `85%``` then the source snippet it was read from, quoted."""
    line = f"*{label}*: {escape(value)}"  # memo text: shown, never Slack markup (no pings, no links)
    if field is not None and field.value is not None:
        line += f"  `{round(field.confidence * 100)}%`"
        # A quote adds nothing when it is the value itself (a summary that is the whole memo).
        if field.source and field.source.text.strip() and field.source.text.strip() != value.strip():
            line += f"\n> _“{escape(_clip(field.source.text.strip(), 200))}”_"
    return line


def _value_text(name: str, field: FieldValue[Any], view: DraftView, language: Language) -> str:
    value = field.value
    if name == "activity_type":
        return ACTIVITY_TYPES[value].format(language) if value in ACTIVITY_TYPES else str(value)
    if name == "deal.amount":
        return format_amount(value, view.draft.deal.currency.value or "JPY", language)
    if name == "deal.stage":
        stage = parse_stage(str(value))
        return STAGES[stage].label(language) if stage else str(value)
    return str(value)


def _customer_status(view: DraftView, language: Language) -> str:
    match = view.customer
    if match.status == "matched" and match.by_sound:
        return _HEARD.format(language, note=view.heard_note(language))
    if match.status == "ambiguous" and match.by_sound:
        return _AMBIGUOUS_READING.format(
            language, heard=match.heard, names=", ".join(c.name for c in match.candidates)
        )
    if match.status == "matched":
        return _MATCHED.format(language)
    if match.status == "new":
        return _NEW.format(language)
    if match.status == "ambiguous":
        return _AMBIGUOUS.format(language, names=", ".join(c.name for c in match.candidates))
    return _NO_CUSTOMER.format(language)


def build_draft_blocks(view: DraftView, ref: CardRef, language: Language) -> list[Block]:
    """The draft card: each field with its confidence and source, matches, warnings, Save/Edit/Discard."""
    d = view.draft
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=_TITLE.get(view.kind, _TITLE["text"]).format(language)))
    ]
    lines: list[str] = []
    customer_name = view.customer.name or d.customer.value or "—"
    lines.append(
        field_line(
            LABELS["customer"].format(language),
            f"{customer_name} — {_customer_status(view, language)}",
            d.customer,
            language,
        )
    )
    for name in ("activity_type", "occurred_on", "summary", "deal.amount", "deal.stage", "deal.loss_reason"):
        field = d.named_fields()[name]
        if field.value is not None:
            lines.append(
                field_line(
                    LABELS[name].format(language), _value_text(name, field, view, language), field, language
                )
            )
    for contact in d.contacts:
        title = f" ({contact.title.value})" if contact.title.value else ""
        lines.append(
            field_line(
                LABELS["contacts"].format(language), f"{contact.name.value}{title}", contact.name, language
            )
        )
    for action in d.next_actions:
        due = f" — {action.due.value.isoformat()}" if action.due.value else ""
        lines.append(
            field_line(
                LABELS["next_actions"].format(language),
                f"{action.description.value}{due}",
                action.description,
                language,
            )
        )
    for competitor in d.competitors:
        lines.append(
            field_line(LABELS["competitors"].format(language), str(competitor.value), competitor, language)
        )
    if len(lines) == 1 and d.customer.value is None:
        lines.append(_EMPTY.format(language))
    blocks += [SectionBlock(text=MarkdownTextObject(text=_clip(line, SECTION_LIMIT))) for line in lines]
    if view.deal is not None:
        stage = parse_stage(view.deal.stage)
        deal_text = _DEAL_UPDATE.format(
            language, name=escape(view.deal.name), stage=STAGES[stage].label(language) if stage else view.deal.stage
        )
    elif d.deal.amount.value is not None or d.deal.stage.value is not None:
        deal_text = _DEAL_NEW.format(language)
    else:
        deal_text = ""
    if deal_text:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=deal_text)]))
    if view.overdue_invoices:
        overdue = [_OVERDUE.format(language)] + [
            _OVERDUE_LINE.format(
                language,
                number=escape(i.number),
                amount=format_amount(i.outstanding, i.currency, language),
                due=i.due_date.isoformat(),
            )
            for i in view.overdue_invoices[:10]
        ]
        blocks.append(SectionBlock(text=MarkdownTextObject(text=_clip("\n".join(overdue), SECTION_LIMIT))))
    warnings = _other_warnings(view, language)
    if warnings:
        blocks.append(
            ContextBlock(
                elements=[MarkdownTextObject(
                    text=_clip(":warning: " + "\n:warning: ".join(escape(w) for w in warnings), 2000))]
            )
        )
    source_label = _SOURCE.get(view.kind, _SOURCE["text"]).format(language)
    blocks.append(
        ContextBlock(
            elements=[
                MarkdownTextObject(text=_clip(f"{source_label}: {escape(view.source_text)}", SOURCE_PREVIEW_CHARS))
            ]
        )
    )
    blocks.append(_buttons(view, ref, language))
    return blocks[:MAX_BLOCKS]


# Warnings the card already shows in its own place (the customer line, the overdue block).
_SHOWN_ELSEWHERE = {"new_customer", "ambiguous_customer", "no_customer", "overdue_invoices",
                    "customer_by_reading", "customer_by_short_name", "customer_by_spelling",
                    "ambiguous_reading"}


def _other_warnings(view: DraftView, language: Language) -> list[str]:
    texts = []
    for warning in view.warnings:
        if warning.key in _SHOWN_ELSEWHERE:
            continue
        message = WARNINGS.get(warning.key)
        if message is not None:
            texts.append(message.format(language, **warning.params))
    return texts


def _buttons(view: DraftView, ref: CardRef, language: Language) -> ActionsBlock:
    value = ref.dump()
    save_confirm = None
    if view.customer.status == "new":
        save_confirm = ConfirmObject(
            title=_CONFIRM_NEW_TITLE.format(language),
            text=_CONFIRM_NEW_TEXT.format(language, name=view.customer.name or view.draft.customer.value),
            confirm=_YES.format(language),
            deny=_CANCEL.format(language),
        )
    return ActionsBlock(
        block_id="draft_actions",
        elements=[
            ButtonElement(
                text=_SAVE.format(language),
                action_id=action_ids.SAVE_DRAFT,
                value=value,
                style="primary",
                confirm=save_confirm,
            ),
            ButtonElement(text=_EDIT.format(language), action_id=action_ids.EDIT_DRAFT, value=value),
            ButtonElement(
                text=_DISCARD.format(language),
                action_id=action_ids.DISCARD_DRAFT,
                value=value,
                style="danger",
                confirm=ConfirmObject(
                    title=_CONFIRM_DISCARD_TITLE.format(language),
                    text=_CONFIRM_DISCARD_TEXT.format(language),
                    confirm=_DISCARD.format(language),
                    deny=_CANCEL.format(language),
                ),
            ),
        ],
    )


def build_saved_blocks(view: DraftView, saved: SavedActivity, user: str, language: Language) -> list[Block]:
    """The card after Save: what was written, by whom; no buttons left to click twice."""
    from bot.slack import messages

    summary = view.draft.summary.value or ""
    lines = [_SAVED_AS.format(language, customer=escape(saved.customer_name), activity_id=saved.activity_id)]
    if summary:
        lines.append(escape(_clip(summary, 500)))
    if saved.deal_name:
        lines.append(f"{_DEAL.format(language)}: {escape(saved.deal_name)}")
    for action in view.draft.next_actions:
        due = f" — {action.due.value.isoformat()}" if action.due.value else ""
        lines.append(f"• {escape(action.description.value or '')}{due}")
    return [
        SectionBlock(text=MarkdownTextObject(text=_clip("\n".join(lines), SECTION_LIMIT))),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=messages.SAVED.format(language, user=user, activity_id=saved.activity_id)
                )
            ]
        ),
    ]


def build_notice_blocks(text: str, source: str | None = None) -> list[Block]:
    """A one-line notice (discarded, failed), with the original memo kept visible for reference."""
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=_clip(text, SECTION_LIMIT)))]
    if source:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=_clip(escape(source), SOURCE_PREVIEW_CHARS))]))
    return blocks


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
