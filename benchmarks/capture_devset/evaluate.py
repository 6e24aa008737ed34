"""Field-level accuracy of a capture extractor on the hand-labelled dev set (memos.yaml).

    .venv/bin/python -m benchmarks.capture_devset.evaluate            # offline extractor (rules + GiNZA)
    .venv/bin/python -m benchmarks.capture_devset.evaluate --no-ner   # rules only
    .venv/bin/python -m benchmarks.capture_devset.evaluate --set heldout   # memos written after tuning
    .venv/bin/python -m benchmarks.capture_devset.evaluate --llm openai:gpt-4o-mini
    ... --errors  prints every wrong field
    ... --input photo|voice   the memos as photos of handwriting-style notes / Japanese voice memos

A field is right when the extracted value equals the gold value, and an empty field is right when the
gold value is null ("the memo does not say"): abstaining correctly counts, guessing does not.
Lists (contacts, competitors, next-action due dates) must match as a whole.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from bot.demo.dataset import DATA_DIR
from capture.extraction.ner import GinzaNer
from capture.extraction.rules import RuleExtractor
from capture.matching import match_by_sound
from capture.ports import ExtractionContext, Extractor, KnownCustomer
from capture.schema import ActivityDraft
from capture.validation import DraftValidator
from core.glossary import Glossary, load_glossary
from core.i18n import detect_language
from crm_store.names import normalize_customer_name, normalize_person_name

DEVSET = Path(__file__).with_name("memos.yaml")
# name → file. dev/heldout: the first round (tuned on / written after it); dev2: issue 10's fresh dev set;
# heldout2: written after issue 10's changes and scored once.
# heldout3: written after the second round (which heldout2's misses informed), scored once; heldout4: written
# after the third and last round (informed by heldout3), a realistic mix of styles, scored once; heldout5:
# written 2026-12-03 by a writer who saw neither the extractor nor the photo/voice round, scored once after it;
# heldout6: a second such writer, scored once after the typed round that heldout5's misses informed.
SETS = {"dev": DEVSET, "heldout": DEVSET.with_name("heldout.yaml"), "dev2": DEVSET.with_name("dev2.yaml"),
        "heldout2": DEVSET.with_name("heldout2.yaml"), "heldout3": DEVSET.with_name("heldout3.yaml"),
        "heldout4": DEVSET.with_name("heldout4.yaml"), "heldout5": DEVSET.with_name("heldout5.yaml"),
        "heldout6": DEVSET.with_name("heldout6.yaml")}
FIELDS = ("customer", "activity_type", "occurred_on", "amount", "currency", "stage", "contacts", "competitors",
          "next_action_dues")


def demo_customers() -> list[KnownCustomer]:
    with (DATA_DIR / "customers.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [KnownCustomer(i + 1, row["顧客名"], row["取引先コード"] or None, row.get("フリガナ") or None)
            for i, row in enumerate(rows)]


def canonical_customer(name: str | None, customers: list[KnownCustomer], glossary: Glossary) -> str | None:
    """The CRM name a written name stands for (what matching would pick), else the name itself."""
    if not name:
        return None
    key = normalize_customer_name(name)
    for customer in customers:
        if normalize_customer_name(customer.name) == key:
            return customer.name
    for entry in glossary.customers:
        if key in {normalize_customer_name(s) for s in entry.spellings}:
            return canonical_customer(entry.name, customers, glossary) or entry.name
    # What matching would pick by reading or close spelling (a homophone, an OCR slip); never a guess.
    sound = match_by_sound(name, customers)
    return sound.customer.name if sound.customer else name


def predicted(draft: ActivityDraft, customers: list[KnownCustomer], glossary: Glossary) -> dict[str, Any]:
    return {
        "customer": canonical_customer(draft.customer.value, customers, glossary),
        "activity_type": draft.activity_type.value,
        "occurred_on": draft.occurred_on.value,
        "amount": draft.deal.amount.value,
        "currency": draft.deal.currency.value,
        "stage": draft.deal.stage.value,
        "contacts": sorted(normalize_person_name(c.name.value or "") for c in draft.contacts),
        "competitors": sorted(c.value or "" for c in draft.competitors),
        "next_action_dues": sorted(str(a.due.value) if a.due.value else "-" for a in draft.next_actions),
    }


def expected(gold: dict[str, Any], customers: list[KnownCustomer], glossary: Glossary) -> dict[str, Any]:
    amount = gold.get("amount")
    return {
        "customer": canonical_customer(gold.get("customer"), customers, glossary),
        "activity_type": gold.get("activity_type"),
        "occurred_on": gold.get("occurred_on"),
        "amount": Decimal(str(amount)) if amount is not None else None,
        "currency": gold.get("currency"),
        "stage": gold.get("stage"),
        "contacts": sorted(normalize_person_name(n) for n in gold.get("contacts") or []),
        "competitors": sorted(gold.get("competitors") or []),
        "next_action_dues": sorted(str(d) if d else "-" for d in gold.get("next_action_dues") or []),
    }


def evaluate(extractor: Extractor, memos: list[dict[str, Any]], glossary: Glossary,
             customers: list[KnownCustomer]) -> dict[str, Any]:
    validator = DraftValidator(glossary, [c.name for c in customers])
    right: dict[str, int] = defaultdict(int)
    by_style: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    errors = []
    for memo in memos:
        memo_date = memo["date"] if isinstance(memo["date"], date) else date.fromisoformat(memo["date"])
        context = ExtractionContext(today=memo_date, glossary=glossary, customers=customers,
                                    own_company=("東邦精機", "Toho Seiki"))
        draft = validator.validate(extractor.extract(memo["text"], context), memo["text"])
        got, want = predicted(draft, customers, glossary), expected(memo["gold"], customers, glossary)
        for field in FIELDS:
            ok = got[field] == want[field]
            right[field] += ok
            by_style[memo["style"]][0] += ok
            by_style[memo["style"]][1] += 1
            if not ok:
                errors.append({"id": memo["id"], "field": field, "got": str(got[field]), "want": str(want[field])})
    total = len(memos) * len(FIELDS)
    return {
        "memos": len(memos),
        "per_field": {field: round(right[field] / len(memos), 3) for field in FIELDS},
        "per_style": {style: round(ok / n, 3) for style, (ok, n) in sorted(by_style.items())},
        "field_accuracy": round(sum(right.values()) / total, 3),
        "errors": errors,
    }


def build_extractor(args: argparse.Namespace) -> Extractor:
    if args.llm:
        from langchain.chat_models import init_chat_model

        from capture.adapters.llm_extractor import LlmExtractor

        return LlmExtractor(init_chat_model(args.llm), model_name=args.llm)
    return RuleExtractor(ner=None if args.no_ner else GinzaNer())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--llm", help="LangChain model id; default: the offline extractor")
    parser.add_argument("--no-ner", action="store_true", help="rules without GiNZA")
    parser.add_argument("--errors", action="store_true", help="list every wrong field")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--set", choices=tuple(SETS), default="dev",
                        help="; ".join(f"{name}: {path.name}" for name, path in SETS.items()))
    parser.add_argument("--input", choices=("typed", "photo", "voice"), default="typed",
                        help="photo / voice: each memo rendered as a handwriting-style photo / spoken by Kokoro "
                             "(Japanese memos only), read back by RapidOCR / Whisper base (benchmarks/capture_media)")
    parser.add_argument("--japanese-only", action="store_true",
                        help="only the memos in Japanese (those --input voice speaks), to compare with voice")
    args = parser.parse_args(argv)
    path = SETS[args.set]
    memos = yaml.safe_load(path.read_text(encoding="utf-8"))
    if args.japanese_only:
        memos = [memo for memo in memos if detect_language(memo["text"]) == "ja"]
    if args.input != "typed":
        from benchmarks.capture_media.roundtrip import as_input

        memos = as_input(memos, args.input)
    glossary = load_glossary(DATA_DIR / "glossary.yaml")
    result = evaluate(build_extractor(args), memos, glossary, demo_customers())
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(f"memos: {result['memos']}  field accuracy: {result['field_accuracy']:.3f}")
    print("| field | accuracy |\n|---|---|")
    for field, accuracy in result["per_field"].items():
        print(f"| {field} | {accuracy:.3f} |")
    print("| style | accuracy |\n|---|---|")
    for style, accuracy in result["per_style"].items():
        print(f"| {style} | {accuracy:.3f} |")
    if args.errors:
        for error in result["errors"]:
            print(f"{error['id']:<14} {error['field']:<17} got={error['got']!r} want={error['want']!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
