"""Every capture message shown to a user, in Japanese and English."""

from __future__ import annotations

from core.i18n import Message

# Bad input
EMPTY_MEMO = Message(en="The memo is empty.", ja="メモが空です。")
MEMO_TOO_LONG = Message(en="The memo has {length} characters; the limit is {limit}. Split it into shorter memos.",
                        ja="メモが{length}文字あります。上限は{limit}文字です。短いメモに分けてください。")
FILE_TOO_LARGE = Message(en="The file is {size_mb} MB; the limit is {limit_mb} MB.",
                         ja="ファイルが{size_mb} MBあります。上限は{limit_mb} MBです。")
EMPTY_FILE = Message(en="The file is empty.", ja="ファイルが空です。")
UNSUPPORTED_FILE = Message(
    en="This file type is not supported ({what}). Send a voice memo (m4a, mp4, aac, webm, ogg, mp3, wav), "
       "a photo (JPEG, PNG, HEIC) or text.",
    ja="このファイル形式には対応していません({what})。音声メモ(m4a, mp4, aac, webm, ogg, mp3, wav)、"
       "写真(JPEG, PNG, HEIC)またはテキストを送ってください。")
CORRUPT_AUDIO = Message(en="The audio file could not be decoded; it may be corrupt or cut off. Please record it again.",
                        ja="音声ファイルを読み取れませんでした。破損しているか途中で切れている可能性があります。録音し直してください。")
AUDIO_TOO_LONG = Message(en="The recording is {minutes} minutes long; the limit is {limit} minutes.",
                         ja="録音が{minutes}分あります。上限は{limit}分です。")
NO_SPEECH = Message(en="No speech was found in the recording (silence or only music/noise).",
                    ja="録音から音声(話し声)を検出できませんでした。無音か、音楽・雑音のみのようです。")
CORRUPT_IMAGE = Message(en="The image could not be read; it may be corrupt or cut off.",
                        ja="画像を読み取れませんでした。破損しているか途中で切れている可能性があります。")
IMAGE_TOO_LARGE = Message(en="The image has {megapixels} megapixels; the limit is {limit}.",
                          ja="画像が{megapixels}メガピクセルあります。上限は{limit}メガピクセルです。")
NO_TEXT_IN_IMAGE = Message(en="No readable text was found in the photo. Try a sharper, well-lit photo.",
                           ja="写真から文字を読み取れませんでした。明るい場所でピントを合わせて撮り直してください。")
NO_CUSTOMER = Message(en="The memo does not name a customer; add the company name and send it again.",
                      ja="メモに顧客名が見つかりません。会社名を書き足して、もう一度送ってください。")
UNKNOWN_INPUT = Message(en="There is no stored input #{input_id}.", ja="入力 #{input_id} が見つかりません。")
INPUT_DISCARDED = Message(en="Input #{input_id} was discarded.", ja="入力 #{input_id} は破棄済みです。")
INPUT_FAILED = Message(en="Input #{input_id} could not be processed earlier.", ja="入力 #{input_id} は処理に失敗しています。")
NEW_CUSTOMER_NOT_CONFIRMED = Message(
    en="“{name}” is not in the CRM. Confirm it is a new customer, or choose an existing one.",
    ja="「{name}」はCRMに登録されていません。新規顧客として登録するか、既存の顧客を選んでください。")
AMBIGUOUS_CUSTOMER = Message(en="Several customers match “{name}”: {candidates}. Choose one.",
                             ja="「{name}」に該当する顧客が複数あります: {candidates}。どれか選んでください。")
NO_DATE = Message(en="The activity date is missing.", ja="活動日がありません。")

# Backends
WHISPER_UNAVAILABLE = Message(
    en="No Whisper model “{model}” is available offline. Set SALESBOT_WHISPER_MODEL to a local model "
       "directory or checkpoint file (or connect to the internet once to download it).",
    ja="Whisperモデル「{model}」をオフラインで読み込めません。SALESBOT_WHISPER_MODEL にローカルのモデル"
       "ディレクトリかチェックポイントファイルを指定してください(または一度インターネットに接続してダウンロード)。")
FFMPEG_MISSING = Message(en="ffmpeg is not installed; install it to transcribe voice memos.",
                         ja="ffmpeg がインストールされていません。音声メモの文字起こしに必要です。")
TESSERACT_MISSING = Message(
    en="tesseract (with the jpn and eng languages) is not installed; install it to read photos.",
    ja="tesseract(jpn と eng の言語データ付き)がインストールされていません。写真の読み取りに必要です。")
OCR_UNAVAILABLE = Message(
    en="The OCR engine “{model}” could not be loaded; reinstall the rapidocr and onnxruntime packages "
       "or set SALESBOT_OCR_ENGINE=tesseract.",
    ja="OCRエンジン「{model}」を読み込めません。rapidocr と onnxruntime を再インストールするか、"
       "SALESBOT_OCR_ENGINE=tesseract を設定してください。")
LLM_FAILED = Message(en="The language model ({model}) could not extract the memo; try again or use the offline "
                        "extractor (unset SALESBOT_LLM).",
                     ja="言語モデル({model})で抽出できませんでした。再試行するか、SALESBOT_LLM を外して"
                        "オフライン抽出を使ってください。")

# A memo's change to another rep's deal, proposed to its owner as a next action (in the owner's language).
PROPOSED_CHANGE = Message(en="{who} proposes for “{deal}”: {changes} (from a visit memo; update the deal if right)",
                          ja="{who}さんから「{deal}」の変更提案: {changes}(訪問メモより。正しければ案件を更新してください)")

# Draft warnings: keys stored in the draft JSON, translated when shown.
WARNINGS: dict[str, Message] = {
    "low_confidence": Message(en="“{field}” was unclear and left empty; please fill it in.",
                              ja="「{field}」は不確かなため空欄にしました。入力してください。"),
    "not_in_source": Message(en="“{field}” ({value}) does not appear in the memo and was dropped.",
                             ja="「{field}」({value})はメモに見当たらないため削除しました。"),
    "no_customer": Message(en="No customer is named in the memo.", ja="メモに顧客名がありません。"),
    "llm_unavailable": Message(en="The language model ({model}) was unavailable: this draft is from the offline "
                                  "extractor; check it closely.",
                               ja="言語モデル({model})が利用できなかったため、オフライン抽出で下書きしました。"
                                  "内容をよく確認してください。"),
    "new_customer": Message(en="“{name}” is not in the CRM: it will be added as a new customer if you confirm.",
                            ja="「{name}」はCRM未登録です。確認すると新規顧客として登録されます。"),
    "ambiguous_customer": Message(en="Several customers match “{name}”: {candidates}.",
                                  ja="「{name}」に該当する顧客が複数あります: {candidates}。"),
    "customer_by_reading": Message(en="Heard “{heard}” → matched to {name} (by reading); check it, or Edit.",
                                   ja="「{heard}」→ {name} に照合しました(読みが同じ)。確認し、違えば「編集」で直してください。"),
    "customer_by_short_name": Message(
        en="“{heard}” → matched to {name} (short name); check it, or Edit.",
        ja="「{heard}」→ {name} に照合しました(略称)。確認し、違えば「編集」で直してください。"),
    "customer_by_spelling": Message(en="Heard “{heard}” → matched to {name} (close spelling); check it, or Edit.",
                                    ja="「{heard}」→ {name} に照合しました(表記が近い)。確認し、違えば「編集」で直してください。"),
    "ambiguous_reading": Message(en="“{heard}” sounds like several customers ({candidates}): none was chosen.",
                                 ja="「{heard}」は複数の顧客({candidates})と読みが近いため、どれも選んでいません。"),
    "contact_by_reading": Message(en="Contact “{heard}” → matched to {name} (by reading).",
                                  ja="担当者「{heard}」→ {name} に照合しました(読みが同じ)。"),
    "overdue_invoices": Message(
        en="{customer} has {count} overdue invoice(s), {amount} outstanding (oldest due {oldest}): "
           "check with accounting before proposing more.",
        ja="{customer}には期限超過の未入金請求書が{count}件({amount}、最も古い期日 {oldest})あります。"
           "追加提案の前に経理に確認してください。"),
    "proposed_to_owner": Message(
        en="“{deal}” belongs to {owner}: its stage and amount will not be changed; saving proposes the change "
           "to {owner} (a next action).",
        ja="「{deal}」は{owner}さんの案件です。ステージ・金額は変更せず、保存すると{owner}さんへの変更提案"
           "(ネクストアクション)になります。"),
    "date_defaulted": Message(en="No visit date in the memo; using the memo's date {date}.",
                              ja="メモに訪問日がないため、メモの日付 {date} を使います。"),
    "ocr_low_confidence": Message(en="Some handwriting was hard to read (line {line}); check the text.",
                                  ja="一部の文字が読み取りにくい状態でした({line}行目)。内容を確認してください。"),
}
