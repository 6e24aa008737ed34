"""What the offline extractor fills on unlabelled real conversations (../shared/bench/memos_ja, BSD corpus).

    .venv/bin/python -m benchmarks.capture_devset.bsd_fill            # a Markdown table, one row per conversation

There is no gold: a reader judges each filled field (docs/capture.md has the judgement). The point is "a field
the memo does not state stays empty": every value printed here is one the extractor claims the text states.
Measure only; never tune on these conversations.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from bot.demo.dataset import DATA_DIR
from benchmarks.capture_devset.evaluate import demo_customers
from capture.extraction.ner import GinzaNer
from capture.extraction.rules import RuleExtractor
from capture.ports import ExtractionContext
from capture.schema import ActivityDraft
from capture.validation import DraftValidator
from core.glossary import load_glossary

BENCH = Path(__file__).resolve().parents[2].parent / "shared" / "bench" / "memos_ja" / "bsd_sales_conversations.jsonl"
MEMO_DATE = date(2026, 12, 1)


def filled(draft: ActivityDraft) -> dict[str, str]:
    """The fields the draft fills (the memo's date default and the summary, which are always there, left out)."""
    fields: dict[str, str] = {}
    if draft.customer.value:
        fields["customer"] = draft.customer.value
    if draft.contacts:
        fields["contacts"] = ", ".join(c.name.value or "" for c in draft.contacts)
    if draft.activity_type.value:
        fields["activity_type"] = draft.activity_type.value
    if draft.occurred_on.source is not None:
        fields["occurred_on"] = f"{draft.occurred_on.value} ({draft.occurred_on.source.text})"
    if draft.deal.amount.value is not None:
        fields["amount"] = f"{draft.deal.amount.value} {draft.deal.currency.value} ({draft.deal.amount.source.text})" \
            if draft.deal.amount.source else str(draft.deal.amount.value)
    if draft.deal.stage.value:
        source = draft.deal.stage.source.text if draft.deal.stage.source else ""
        fields["stage"] = f"{draft.deal.stage.value} ({source})"
    if draft.competitors:
        fields["competitors"] = ", ".join(c.value or "" for c in draft.competitors)
    for i, action in enumerate(draft.next_actions):
        due = f" → {action.due.value}" if action.due.value else ""
        fields[f"next_action.{i}"] = f"{(action.description.value or '')[:40]}{due}"
    return fields


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--path", type=Path, default=BENCH)
    parser.add_argument("--no-ner", action="store_true")
    args = parser.parse_args(argv)
    if not args.path.exists():
        print(f"{args.path} is absent (../shared/bench is not on this machine)", file=sys.stderr)
        return 1
    glossary = load_glossary(DATA_DIR / "glossary.yaml")
    customers = demo_customers()
    extractor = RuleExtractor(ner=None if args.no_ner else GinzaNer())
    validator = DraftValidator(glossary, [c.name for c in customers])
    context = ExtractionContext(today=MEMO_DATE, glossary=glossary, customers=customers, own_company=("東邦精機",))
    total = 0
    print("| id | title | filled fields |\n|---|---|---|")
    for line in args.path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        text = record["text_ja"]
        draft = validator.validate(extractor.extract(text, context), text)
        fields = filled(draft)
        total += len(fields)
        shown = "; ".join(f"{k}={v}" for k, v in fields.items()) or "—"
        print(f"| {record['id']} | {record['title']} | {shown} |")
    print(f"\nfilled fields: {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
