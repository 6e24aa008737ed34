"""`salesbot kb ingest|list|remove|reindex`: manage the knowledge base from the terminal."""

from __future__ import annotations

from pathlib import Path

import click

from bot.cli.context import CliContext, salesbot_command
from bot.cli.tables import render_table
from core.errors import UserFacingError
from core.i18n import Message
from knowledge import messages as m
from knowledge.service import KnowledgeService

_REMOVED = Message(en="Removed {source}.", ja="{source} を削除しました。")
_NO_DOCUMENTS = Message(en="The knowledge base is empty.", ja="ナレッジベースは空です。")
_DISABLED = Message(en="The knowledge base is not configured.", ja="ナレッジベースが設定されていません。")
_HEADERS = {
    "en": ["title", "kind", "visibility", "date", "chunks", "source"],
    "ja": ["タイトル", "種類", "公開範囲", "日付", "チャンク", "ソース"],
}


def _knowledge(cli: CliContext) -> KnowledgeService:
    if cli.services.knowledge is None:
        raise UserFacingError(_DISABLED)
    return cli.services.knowledge


@click.group("kb")
def kb_group() -> None:
    """The knowledge base: ingest documents, list them, remove them, re-embed them."""


@kb_group.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--visibility", help="Who may read them: everyone, channel:<id> or group:<name> "
                                   "(default: each file's front matter, else everyone).")
@salesbot_command
def ingest_command(cli: CliContext, paths: tuple[Path, ...], visibility: str | None) -> None:
    """Ingest Markdown, text, PDF, DOCX and HTML files or folders (re-running is safe)."""
    report = _knowledge(cli).ingest_paths(list(paths), visibility=visibility, actor="cli")
    lang = cli.language
    cli.emit(report.to_json(lang),
             lambda: "\n".join([o.line(lang) for o in report.outcomes] + [report.summary(lang)]))
    if report.failed and len(report.failed) == len(report.outcomes):
        raise SystemExit(1)


@kb_group.command("list")
@salesbot_command
def list_command(cli: CliContext) -> None:
    """List the documents in the knowledge base."""
    documents = _knowledge(cli).list_documents()
    lang = cli.language

    def human() -> str:
        if not documents:
            return _NO_DOCUMENTS.format(lang)
        rows = [[d.title, d.kind, d.visibility, d.doc_date or "", d.chunk_count, d.source] for d in documents]
        return render_table(_HEADERS[lang], rows)

    cli.emit([d.model_dump(mode="json") for d in documents], human)


@kb_group.command("remove")
@click.argument("source")
@salesbot_command
def remove_command(cli: CliContext, source: str) -> None:
    """Remove one document (a file path as ingested, or a Slack permalink)."""
    if not _knowledge(cli).remove(source, actor="cli"):
        raise UserFacingError(m.NOT_IN_KB, source=source)
    cli.emit({"removed": source}, _REMOVED.format(cli.language, source=source))


@kb_group.command("reindex")
@salesbot_command
def reindex_command(cli: CliContext) -> None:
    """Re-embed every document with the configured embedding model (after changing it)."""
    knowledge = _knowledge(cli)
    chunks = knowledge.reindex()
    model = cli.settings.knowledge_embedding_model
    cli.emit({"reindexed_chunks": chunks, "embedding_model": model},
             m.REINDEXED.format(cli.language, chunks=chunks, model=model))
