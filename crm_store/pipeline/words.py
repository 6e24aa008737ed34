"""The words of a question, for the coverage check: which are content, and which look like a condition.

Japanese is split by Sudachi (`core.sudachi`), English by the same call (Sudachi splits Latin text at
spaces and punctuation). Particles, auxiliaries, symbols, question words and filler carry no condition
and need no accounting; every other word must be used by the query or reported (`coverage.py`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from core import sudachi

# Parts of speech that never carry a condition: particles, auxiliaries, symbols, conjunctions, pronouns…
_FUNCTION_POS = {"助詞", "助動詞", "補助記号", "記号", "空白", "接続詞", "感動詞", "連体詞", "代名詞", "接頭辞", "接尾辞"}
# Question words, politeness and filler (dictionary forms): "教えて", "全部で", "現時点".
_JA_FILLER = set(
    """ある いる する なる 出る 教える 知る 見る 見せる 出す くださる 下さる 欲しい いう 言う 持つ 合わせる 合わす
    全部 全体 全て すべて 今 現在 現時点 時点 何 なん どれ どの どこ どう どんな 状況 一覧 数 件 方 こと もの 場合
    状態 中 内 分 具体 確認 お願い 願う 調べる 分かる わかる 思う ところ まだ もう 全 総 額 全員 皆 結果 実際
    大体 ざっくり 概算 ちょっと ほど くらい ぐらい 位 うち 全社 会社 うち 今日 本日 リスト 表示 集計 出せる 見える
    教え 一緒 それぞれ 各 毎 そう 今後 予定 見込む 見込み 額 いま 残り 残る 残高 状態 ステータス 担当 担当者 営業
    顧客 取引先 お客 お客様 客 請求書 ください 頂く いただく 貰う 知りたい 件数 金額 数字 どのぐらい
    サマリー レポート トータル ランキング データ 内訳 明細 進捗 自分 私 僕 俺""".split()
)
_EN_FILLER = set(
    """a an the of in on at for to from by with and or is are was were be been being do does did done have has
    had we us our ours i me my you your they them their it its this that these those there here what what's whats
    which who whom whose how much many show tell give list get got let let's please can could would will should
    may might all any some still currently current now right so far yet s about per each as than then also just
    only every money customers customer clients client accounts account rep reps salesperson salespeople team
    stage stages phase expected expect in total altogether combined overall today so-far sales deal's are there
    is there number amount value sum much owed owes owe owing pay paid paying be being been currently status
    whole entire left remaining more most same time make made take sum up into out at over under between
    both either not no yet grand san kun sama currently what're that's who's there's i'd we've we're
    breakdown broken split summary report size progress""".split()
)
# Shapes of a condition the parser did not use. Periods: years, quarters, halves, months, weeks, days.
_PERIOD_LIKE = re.compile(
    r"年|月|期|週|日|四半期|半期|クォーター|\b(?:years?|quarters?|months?|weeks?|days?|half|fy|h[12]|q[1-4]|ytd|qtd"
    r"|today|yesterday|tomorrow|recent(?:ly)?|january|february|march|april|may|june|july|august|september"
    r"|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b"
)
_AMOUNT_LIKE = re.compile(r"円|万|億|千|ドル|[$¥€]|\b(?:yen|dollars?|usd|jpy|eur|k|m|mn|million|thousand)\b")
_STAGE_LIKE = re.compile(r"段階|ステージ|フェーズ")
_LATIN = re.compile(r"^[a-z][a-z'\-]*$")
# A word made of Japanese syllables ("sato", "yamamoto", "hokuto"): a romanized name, unless it is English.
_ROMAJI = re.compile(
    r"^(?:(?:[kgnhbpmr]y|sh|ch|j)[aou]|shi|chi|tsu|ji|fu|[kgnbpmr][aiueo]|[sz][aueo]|[td][aeo]|h[aieo]"
    r"|y[auo]|w[ao]|[aiueo]|n(?![aiueoy])|([kstp])(?=\1)|t(?=ch))+$"
)
_KANA = re.compile(r"^[\u3040-\u30ffー]+$")
_KATAKANA = re.compile(r"^[\u30a0-\u30ffー]{2,}$")
_DIGITS = re.compile(r"\d")


@dataclass(frozen=True)
class Word:
    text: str  # as written (NFKC)
    key: str  # folded: lower case
    start: int  # offsets in the folded question
    end: int
    pos: tuple[str, ...]
    lemma: str

    @property
    def is_latin(self) -> bool:
        return bool(_LATIN.match(self.key))


def split_words(display: str) -> list[Word]:
    """Every Sudachi morpheme of ``display`` (NFKC, spaces collapsed) with offsets into it."""
    words = []
    for morpheme in sudachi.tokenize(display):
        surface = morpheme.surface()
        words.append(
            Word(
                text=surface,
                key=surface.casefold(),
                start=morpheme.begin(),
                end=morpheme.end(),
                pos=tuple(morpheme.part_of_speech()[:3]),
                lemma=unicodedata.normalize("NFKC", morpheme.dictionary_form()).casefold(),
            )
        )
    return words


def is_content(word: Word) -> bool:
    """A word that may carry a condition: not a particle, symbol, question word or filler."""
    if not word.key.strip() or (not word.is_latin and word.pos[0] in _FUNCTION_POS):
        return False
    if word.is_latin:
        return word.key not in _EN_FILLER and len(word.key) > 1
    return word.lemma not in _JA_FILLER and word.text not in _JA_FILLER


def condition_kind(word: Word, in_japanese: bool) -> str | None:
    """What condition an unused content word looks like ("name", "period", "number", "amount", "stage")."""
    if _DIGITS.search(word.key) or word.pos[1] == "数詞":
        return "number"
    if _AMOUNT_LIKE.search(word.key):
        return "amount"
    if _PERIOD_LIKE.search(word.key):
        return "period"
    if _STAGE_LIKE.search(word.key):
        return "stage"
    if word.is_latin:
        # Capitalized ("Yamamoto", "Hokuto"), inside Japanese text ("Suzkiの"), or made of syllables ("sato").
        if word.text[:1].isupper() or in_japanese:
            return "name"
        return "name" if len(word.key) >= 4 and _ROMAJI.match(word.key) else None
    if word.pos[1] == "固有名詞":
        return "name"
    # A katakana word no rule read is a name written as it sounds (パシフィックプレシジョン, a customer the CRM
    # spells in English) or a product (ロボットアーム), as a Latin word in Japanese text is: either one narrows
    # what is counted.
    if in_japanese and _KATAKANA.match(word.text):
        return "name"
    return None


def is_kana(word: Word) -> bool:
    return bool(_KANA.match(word.text))
