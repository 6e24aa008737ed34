"""Lexical terms for BM25: Sudachi morphemes (normalized forms) for Japanese, light stemming for English.

Sudachi's normalized form folds spelling variants (貸出/貸し出し, 見積/見積もり) so that a
question and a document written differently still share terms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from core import sudachi
from core.i18n import has_japanese
from core.text import fold

_CONTENT_POS = {"名詞", "動詞", "形容詞", "形状詞", "副詞", "接頭辞", "接尾辞", "代名詞"}
# Function-like words that Sudachi tags as content but that carry no topic.
_JA_STOP = {"為る", "有る", "居る", "成る", "出来る", "良い", "いい", "言う", "思う", "事", "物", "時", "所", "様",
            "方", "何", "どう", "こう", "そう", "これ", "それ", "あれ", "どれ", "ここ", "そこ", "私", "貴方", "もの",
            "こと", "とき", "ため", "為", "よう", "ない", "無い", "下さる", "くださる", "御", "お", "ご", "的",
            "等", "など", "場合", "どの", "何処", "いつ", "誰", "教える", "知る", "分かる", "べき", "の", "ん",
            "ください", "さん", "れる", "られる", "せる", "させる", "くれる", "もらう", "頂く", "いただく", "有り",
            "如何", "当社", "弊社", "うち", "いつ頃", "幾ら", "幾つ"}
_EN_STOP = set("""a an the and or but if then else of to in on at by for with from as is are was were be been
being do does did doing have has had having i me my we our us you your he she it its they them their this that
these those there here what which who whom whose when where why how can could should would will shall may
might must not no nor so than too very just about into over under again further once any all each few more
most other some such only own same both s t don now up down out off per via vs etc please tell know need
get got let""".split())
# The rest of the Snowball English stop list (snowballstem.org), contractions included: words that say
# nothing of a topic. Kept as topic words, "because" or "it's" found a translation in almost any
# Japanese sentence and ranked it (`TermBridge`).
_EN_STOP |= set("""myself ours ourselves yours yourself yourselves him his himself her hers herself itself theirs
themselves am because until while against between through during before after above below ought i'm you're
he's she's it's we're they're i've you've we've they've i'd you'd he'd she'd we'd they'd i'll you'll he'll
she'll we'll they'll isn't aren't wasn't weren't hasn't haven't hadn't doesn't don't didn't won't wouldn't
shan't shouldn't can't cannot couldn't mustn't let's that's who's what's here's there's when's where's why's
how's""".split())
# After "how", a word of degree belongs to the question word ("how many", "how soon"), as 何日 and いくら
# do in Japanese: it names no topic, and no passage that answers holds it. Not "long": the glossary reads
# "how long" as asking for a period (期間, period, duration), which the answering sentence names.
_HOW_DEGREE = set("""many much soon often far fast quickly early late big large small high low old
expensive cheap tall wide deep heavy thick hot cold""".split())
# After "what" or "which", a word of the calendar is the question word too ("in what year": 何年): the answer
# states a year, not the word.
_WHEN_KIND = set("year years date month day time".split())
# Question word → the words after it that belong to it.
_PART_OF_QUESTION_WORD = {"how": _HOW_DEGREE, "what": _WHEN_KIND, "which": _WHEN_KIND}
# Chat English drops the apostrophe ("whats", "dont", "im"): those of the stop list's contractions that are
# no word of their own. Not the 'd and 'll ones: "id", "wed", "well", "ill", "shell" are words.
_EN_STOP |= {word.replace("'", "") for word in _EN_STOP if word.partition("'")[2] in ("s", "t", "re", "ve", "m")}
_CLITICS = {"s", "d", "ll", "re", "ve", "m", "t"}
# "Supposed to" is a modal ("am I supposed to …", as "should"); "supposed" alone may be a topic.
_MODAL_BEFORE_TO = {"supposed"}
_EN_WORD = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")
# Sudachi's nouns that name an action or a quality rather than a thing (サ変: 開通, 献上; 形状詞: 必要).
_NOT_A_THING = ("形状詞可能", "サ変可能", "サ変形状詞可能")


def stem(word: str) -> str:
    """A deliberately small English stemmer: plurals and common suffixes, enough for BM25 recall."""
    if not word.isalpha() or len(word) <= 3:
        return word
    for suffix, keep in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("al", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: len(word) - len(suffix)] + keep
            # winning → win, planned → plan (but not sell → sel)
            if suffix in ("ing", "ed") and len(word) >= 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]
            break
    # Drop a final "e" too, so quote/quotes/quoted and approve/approved meet.
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def _english_terms(text: str) -> list[tuple[str, str]]:
    words = ["", *(_without_clitic(w) for w in _EN_WORD.findall(text)), ""]
    return [(stem(w), w) for before, w, after in zip(words, words[1:-1], words[2:])
            if w not in _EN_STOP and (len(w) > 1 or w.isdigit())
            and w not in _PART_OF_QUESTION_WORD.get(before, ()) and not (w in _MODAL_BEFORE_TO and after == "to")]


def _without_clitic(word: str) -> str:
    """A word without its possessive or contracted ending ("fujimoto's" is "fujimoto"; "why'd" is "why",
    a stop word); a contraction of the stop list stays whole."""
    head, _, tail = word.rpartition("'")
    return head if tail in _CLITICS and word not in _EN_STOP else word


def _japanese_terms(text: str) -> list[tuple[str, str]]:
    terms: list[tuple[str, str]] = []
    for morpheme in sudachi.tokenize(text, "B"):
        pos = morpheme.part_of_speech()[0]
        if pos not in _CONTENT_POS:
            continue
        surface = morpheme.surface()
        if surface.isascii():
            # Sudachi "normalizes" English words to katakana (discount → ディスカウント).
            terms.extend(_english_terms(surface))
            continue
        form = morpheme.normalized_form()
        if has_japanese(form):
            if form not in _JA_STOP and morpheme.surface() not in _JA_STOP:
                terms.append((form, form))
        else:
            terms.extend(_english_terms(form.lower()))
    return terms


def japanese_nouns(text: str) -> dict[str, str]:
    """The Japanese nouns of ``text`` that name a thing (normalized form → as written): no numerals, no
    adjectival nouns (必要), no nouns of an action (開通, 献上: a document says 開業した or 納めた as often), no
    interrogatives (何日), no stop words, no English word in Japanese text."""
    nouns: dict[str, str] = {}
    for morpheme in sudachi.tokenize(_fold(text), "B"):
        surface, form = morpheme.surface(), morpheme.normalized_form()
        pos = morpheme.part_of_speech()
        if (pos[:2] in (("名詞", "普通名詞"), ("名詞", "固有名詞")) and pos[2] not in _NOT_A_THING
                and has_japanese(surface) and len(form) > 1 and not surface.startswith("何") and form not in _JA_STOP
                and surface not in _JA_STOP):
            nouns.setdefault(form, surface)
    return nouns


def _fold(text: str) -> str:
    """`fold`, with a typographic apostrophe as the plain one ("it’s" is "it's")."""
    return fold(text).replace("\u2019", "'")


def _term_pairs(text: str) -> list[tuple[str, str]]:
    folded = _fold(text)
    if has_japanese(folded):
        return _japanese_terms(folded)
    return _english_terms(folded)


def terms(text: str) -> list[str]:
    """The BM25 terms of a text in any mix of Japanese and English (NFKC, case-folded)."""
    return [term for term, _ in _term_pairs(text)]


def term_words(text: str) -> dict[str, str]:
    """Each term of ``text`` and a word it stands for: the first English word a stem came from
    ("approval" for ``approv``), a Japanese term's normalized form as it is."""
    words: dict[str, str] = {}
    for term, word in _term_pairs(text):
        words.setdefault(term, word)
    return words


def words_of_terms(terms: Iterable[str], text: str) -> dict[str, str]:
    """`term_words` for a chunk whose ``terms`` are known, without Sudachi: a Japanese term is its own
    word, an English stem takes the first word of ``text`` it comes from."""
    english: dict[str, str] = {}
    for word in _EN_WORD.findall(_fold(text)):
        english.setdefault(stem(word), word)
    return {term: english.get(term, term) for term in terms}
