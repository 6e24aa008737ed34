"""`salesbot demo`: a fresh data directory with the demo data, and the console chat."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click

from bot.cli.context import CliContext, salesbot_command
from bot.demo.console import Console, stdin_lines
from bot.demo.dataset import DATA_DIR, knowledge_documents, load_demo_data
from core.clock import today
from core.errors import UserFacingError
from core.i18n import Message

DEFAULT_DEMO_DIR = Path(".salesbot-demo")
DEMO_GLOSSARY = DATA_DIR / "glossary.yaml"
# A demo directory is wiped on every run; this marker proves we made it.
MARKER = ".salesbot-demo"

_NOT_A_DEMO_DIR = Message(
    en="{path} is not empty and was not made by `salesbot demo`; choose an empty or new directory.",
    ja="{path} は空ではなく、`salesbot demo` が作ったものでもありません。空か新しいディレクトリを指定してください。",
)
_LOADED = Message(en="Demo data loaded into {path}: {counts}.", ja="デモデータを {path} に読み込みました: {counts}。")
_KNOWLEDGE_LOADED = Message(en="Knowledge base: {summary}", ja="ナレッジベース: {summary}")
_PROBLEMS = Message(en="{count} demo rows were not imported; see above.",
                    ja="デモデータの {count} 行を取り込めませんでした(上記参照)。")


def prepare_demo_dir(path: Path) -> None:
    if path.exists() and any(path.iterdir()):
        if not (path / MARKER).exists():
            raise UserFacingError(_NOT_A_DEMO_DIR, path=path)
        shutil.rmtree(path)
    path.mkdir(parents=True, exist_ok=True)
    (path / MARKER).write_text("made by salesbot demo; wiped on every run\n", encoding="utf-8")


@click.command("demo")
@click.option("--tour/--interactive", default=None,
              help="Play the scripted tour, or chat; default: chat on a terminal, tour otherwise.")
@salesbot_command
def demo_command(cli: CliContext, tour: bool | None) -> None:
    """Load the demo data into a fresh directory and chat with the assistant in the console."""
    demo_dir = cli.explicit_data_dir or DEFAULT_DEMO_DIR
    prepare_demo_dir(demo_dir)
    # The demo never touches a configured production database or Chroma server.
    cli.settings = cli.settings.model_copy(update={"data_dir": demo_dir, "database_url": None, "chroma_url": None,
                                                   "glossary_path": cli.settings.glossary_path or DEMO_GLOSSARY,
                                                   "capture_own_company": cli.settings.capture_own_company
                                                   or ["東邦精機", "Toho Seiki"]})
    services = cli.services
    load = load_demo_data(services.crm, demo_dir / "import", today())
    lang = cli.language
    counts = ", ".join(f"{r.kind} {r.created}" for r in load.reports)
    click.echo(_LOADED.format(lang, path=demo_dir, counts=counts))
    for report in load.reports:
        if report.errors:
            click.echo(report.summary(lang))
    if load.errors:
        click.echo(_PROBLEMS.format(lang, count=load.errors), err=True)
    if services.knowledge is not None:
        knowledge = services.knowledge.ingest_paths(knowledge_documents(), actor="demo")
        click.echo(_KNOWLEDGE_LOADED.format(lang, summary=knowledge.summary(lang)))
    console = Console(services, services.asker_for("U0DEMO001"), lang, click.echo)
    interactive = sys.stdin.isatty() if tour is None else not tour
    if interactive:
        console.run_interactive(stdin_lines(sys.stdin), prompt=lambda: click.echo("> ", nl=False))
    else:
        console.run_tour()
