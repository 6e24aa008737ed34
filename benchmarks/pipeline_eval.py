"""Accuracy of pipeline and invoice answers on the dev set (benchmarks/pipeline_devset/).

Loads the demo data (unshifted) into a fresh database, asks every question through the same
services `salesbot ask` uses, and compares the headline number with the one oracle.py computes
from the CSV files.

    .venv/bin/python benchmarks/pipeline_eval.py                       # SQLite
    .venv/bin/python benchmarks/pipeline_eval.py --postgres postgresql+psycopg://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

import yaml
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks" / "pipeline_devset")]

from oracle import expected  # noqa: E402

from bot.demo.dataset import load_demo_data  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.wiring import build_services  # noqa: E402
from core.questions import Asker  # noqa: E402

DEVSETS = {
    name: ROOT / "benchmarks" / "pipeline_devset" / f"{name}.yaml" for name in ("devset", "heldout", "paraphrase", "heldout2", "heldout3", "heldout4")
}


def run(database_url: str | None, verbose: bool, devset_name: str = "devset") -> dict[str, int]:
    """Counts of exact answers, refusals (no number where one was expected) and wrong numbers."""
    devset = yaml.safe_load(DEVSETS[devset_name].read_text(encoding="utf-8"))
    today = devset["today"] if isinstance(devset["today"], date) else date.fromisoformat(devset["today"])
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            _env_file=None,
            data_dir=Path(tmp) / "data",
            database_url=database_url,
            llm=None,
            chroma_url=None,
            fiscal_year_start_month=4,
        )
        services = build_services(settings)
        load = load_demo_data(services.crm, Path(tmp) / "import", today=None)
        assert load.errors == 0, "demo data did not import cleanly"
        counts = {"exact": 0, "refused": 0, "wrong": 0}
        for case in devset["cases"]:
            asker = services.asker_for(case["as"]) if case.get("as") else Asker(role="admin")
            answer = services.answer_question(case["q"], asker=asker, today=today)
            want = expected(case, today)
            got = answer.data.total if answer.data else None
            if "refuse" in case:
                ok = answer.kind == case["kind"] and case["refuse"] in answer.answer and answer.data is None
            else:
                ok = answer.kind == case["kind"] and got is not None and Decimal(str(got)) == Decimal(want)  # type: ignore[arg-type]
            # Not exact: a refusal (no number) is safe; a number that differs is silently wrong.
            outcome = "exact" if ok else "refused" if got is None else "wrong"
            counts[outcome] += 1
            if verbose or not ok:
                mark = {"exact": "ok  ", "refused": "REFU", "wrong": "WRNG"}[outcome]
                print(
                    f"{mark} {case['q']!r}: kind={answer.kind} got={got} want={want}"
                    + ("" if ok else f"\n     {answer.answer.splitlines()[0]}\n     {answer.interpretation}")
                )
        services.close()
    return counts


def _postgres_schema(base_url: str) -> tuple[str, str]:
    schema = f"eval_{uuid.uuid4().hex[:8]}"
    with create_engine(base_url, isolation_level="AUTOCOMMIT").connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base_url else "?"
    return schema, f"{base_url}{separator}options=-csearch_path%3D{schema}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--postgres", metavar="URL", help="run on PostgreSQL (a temporary schema) instead of SQLite"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="print every case, not only failures")
    parser.add_argument(
        "--set",
        dest="devset",
        choices=sorted(DEVSETS),
        default="devset",
        help="devset (the 57 questions), heldout (phrasings written after the rules) or paraphrase "
        "(issue 14's set, written after the coverage change)",
    )
    args = parser.parse_args()
    url = None
    schema = None
    if args.postgres:
        schema, url = _postgres_schema(args.postgres)
    try:
        counts = run(url, args.verbose, args.devset)
    finally:
        if schema:
            with create_engine(args.postgres, isolation_level="AUTOCOMMIT").connect() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    database = "PostgreSQL" if args.postgres else "SQLite"
    total = sum(counts.values())
    print(
        f"{args.devset} on {database}: {counts['exact']}/{total} exact ({counts['exact'] / total:.3f}), "
        f"{counts['refused']} refused, {counts['wrong']} wrong"
    )


if __name__ == "__main__":
    main()
