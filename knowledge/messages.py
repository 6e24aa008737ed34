"""User-facing messages of the knowledge base (ingestion problems, answers, not-found)."""

from core.i18n import Message

# Ingestion: one message per way a file can be unusable; the rest of a folder still ingests.
PATH_NOT_FOUND = Message(en="Not found: {path}", ja="見つかりません: {path}")
UNSUPPORTED_FORMAT = Message(
    en="{file}: unsupported file type “{suffix}”. Use Markdown, text, PDF, DOCX or HTML.",
    ja="{file}: 対応していないファイル形式「{suffix}」です。Markdown、テキスト、PDF、DOCX、HTML を使ってください。",
)
FILE_EMPTY = Message(en="{file} has no text to index.", ja="{file} には登録できるテキストがありません。")
FILE_TOO_LARGE = Message(
    en="{file} is {size_mb} MB; the limit is {limit_mb} MB per document. Split it into smaller files.",
    ja="{file} は {size_mb} MB あります。1文書の上限は {limit_mb} MB です。分割してください。",
)
TEXT_TOO_LONG = Message(
    en="{file} has {chars} characters of text; the limit is {limit} per document. Split it into smaller files.",
    ja="{file} のテキストは {chars} 文字あります。1文書の上限は {limit} 文字です。分割してください。",
)
NOT_TEXT = Message(
    en="{file} is not readable text (binary data or an unknown encoding). Save it as UTF-8 text.",
    ja="{file} は読めるテキストではありません(バイナリまたは不明な文字コード)。UTF-8 のテキストで保存してください。",
)
PDF_ENCRYPTED = Message(
    en="{file} is a password-protected PDF. Remove the password and ingest it again.",
    ja="{file} はパスワード付きの PDF です。パスワードを解除してから取り込んでください。",
)
PDF_NO_TEXT = Message(
    en="{file} is a PDF without a text layer (scanned images only). Run OCR on it first (for example ocrmypdf).",
    ja="{file} はテキストを含まない PDF(画像のみ)です。先に OCR をかけてください(例: ocrmypdf)。",
)
FILE_CORRUPT = Message(
    en="{file} could not be read as {format}; the file looks damaged.",
    ja="{file} を {format} として読めませんでした。ファイルが壊れている可能性があります。",
)
BAD_FRONT_MATTER = Message(
    en="{file}: the front matter (the block between the --- lines) is not valid YAML.",
    ja="{file}: 先頭のメタデータ(--- で囲まれた部分)が YAML として正しくありません。",
)
BAD_VISIBILITY = Message(
    en="“{value}” is not a visibility. Use everyone, channel:<channel id> or group:<name>.",
    ja="「{value}」は公開範囲として使えません。everyone、channel:<チャンネルID>、group:<グループ名> のいずれかです。",
)
BAD_KIND = Message(en="“{kind}” is not a knowledge source kind; use slack or lesson.",
                   ja="「{kind}」は知識の種類として使えません。slack か lesson を指定してください。")
STORE_UNAVAILABLE = Message(
    en="The knowledge store at {where} is not reachable. Check SALESBOT_CHROMA_URL or the data directory.",
    ja="ナレッジストア({where})に接続できません。SALESBOT_CHROMA_URL またはデータディレクトリを確認してください。",
)
EMBEDDING_MODEL_MISSING = Message(
    en="The embedding model “{model}” is not available offline. Install it locally or unset "
       "SALESBOT_KNOWLEDGE_EMBEDDING_MODEL to use the bundled use-multilingual-v3.",
    ja="埋め込みモデル「{model}」がオフラインで見つかりません。ローカルに用意するか、"
       "SALESBOT_KNOWLEDGE_EMBEDDING_MODEL を外して同梱の use-multilingual-v3 を使ってください。",
)
REINDEX_NEEDED = Message(
    en="The knowledge base was indexed with the embedding model “{built}”, but “{model}” is configured. "
       "Run `salesbot kb reindex` once to re-embed it (or set SALESBOT_KNOWLEDGE_EMBEDDING_MODEL back).",
    ja="ナレッジベースは埋め込みモデル「{built}」で索引されていますが、設定は「{model}」です。"
       "`salesbot kb reindex` を一度実行して索引を作り直してください(または SALESBOT_KNOWLEDGE_EMBEDDING_MODEL を戻してください)。",
)
REINDEXED = Message(en="Re-embedded {chunks} chunks with {model}.",
                    ja="{chunks} チャンクを {model} で索引し直しました。")
NOT_IN_KB = Message(en="{source} is not in the knowledge base.", ja="{source} はナレッジベースに登録されていません。")

# Ingest report lines.
INGESTED = Message(en="{status}: {title} ({chunks} chunks) — {source}",
                   ja="{status}: {title}({chunks} チャンク) — {source}")
FAILED = Message(en="skipped: {problem}", ja="スキップ: {problem}")
STATUS_LABELS = {
    "added": Message(en="added", ja="追加"),
    "updated": Message(en="updated", ja="更新"),
    "unchanged": Message(en="unchanged", ja="変更なし"),
    "removed": Message(en="removed", ja="削除"),
    "duplicate": Message(en="duplicate of {other}", ja="{other} と同じ内容"),
}
INGEST_SUMMARY = Message(
    en="{added} added, {updated} updated, {unchanged} unchanged, {removed} removed, {failed} skipped.",
    ja="追加 {added} 件、更新 {updated} 件、変更なし {unchanged} 件、削除 {removed} 件、スキップ {failed} 件。",
)

# Answers.
QUESTION_TOO_SHORT = Message(
    en="Your question is too short to search the know-how. Ask in a few words, for example "
       "“how do I handle a discount request?”",
    ja="質問が短すぎて検索できません。「値引きを求められたらどうすればいい?」のように、もう少し詳しく聞いてください。",
)
NOT_FOUND = Message(
    en="I found nothing in the knowledge base that answers this, so I won't guess.",
    ja="ナレッジベースに、この質問に答えられる資料は見つかりませんでした(推測ではお答えしません)。",
)
# Not an answer: the sentence nearest the question, which the support did not confirm.
CLOSEST = Message(en="The closest passage, which may not answer it:", ja="いちばん近い記述(答えになっているとは限りません):")
NEAREST = Message(en="Nearest documents:", ja="近い資料:")
KB_EMPTY = Message(en="The knowledge base is empty. An admin can add documents with `salesbot kb ingest PATH`.",
                   ja="ナレッジベースは空です。管理者が `salesbot kb ingest PATH` で資料を登録できます。")
ANSWER_LEAD = Message(en="According to our documents:", ja="社内資料によると:")
ANSWER_LEAD_QUOTED = Message(
    # Said of the passages, not the answer: an English source may be quoted beside a Japanese one.
    en="According to our documents (Japanese passages are quoted as written):",
    ja="社内資料によると(英語の箇所は原文のまま引用しています):",
)
