"""Cue words: deal stage, activity type and next actions, in Japanese and English."""

from __future__ import annotations

import re

from capture.extraction.spans import Sentence
from capture.schema import SourceSpan
from crm_store.stages import Stage

# Most decisive first: a memo that says 失注 is lost whatever else it says.
STAGE_CUES: list[tuple[Stage, re.Pattern[str]]] = [
    # "前回失注した…の後継案件": an earlier deal's loss, not this one's.
    (Stage.LOST, re.compile(r"(?<!前回)(?<!以前)(?<!過去に)失注|見送り(?!も)|他社に決|lost the deal|\blost\b(?! time)|went with",
                            re.I)),
    (Stage.WON, re.compile(r"受注(?:し|が?確定|が?決定|が?決ま|いただ|頂|済|となりました|です|でした|。|$)|正式(?:に)?発注(?!は|予定|待ち|見込|の予定)|注文書(?:を)?(?:受領|いただ|頂)|"
                           r"(?:ご)?注文(?:を)?(?:いただ|頂|受け|確定)|(?:受注|契約|更新|発注)(?:で|が)?決まり|"
                           r"発注(?:いただ|頂|が来)|成約|signed the PO|PO (?:received|signed)|received the PO|"
                           r"closed[- ]won|\bwon\b|signed the (?:contract|order)|"
                           r"signed off on (?:the |our )?(?:[\w-]+ ){0,3}"
                           r"(?:contract|renewal|order|deal|purchase|PO)\b", re.I)),
    (Stage.AWAITING_DECISION, re.compile(r"内示|ないじ|決裁待ち|稟議(?:中|に回|待ち|(?:が|を)?通(?:過|った|り))|社内承認待ち|verbal(?:ly)? (?:yes|commit|"
                                         r"agreement|ok)|awaiting (?:the )?(?:decision|approval)|decision pending|"
                                         r"waiting (?:on|for) (?:the |their )?(?:PO|purchase order|order|sign-?off)|"
                                         r"approved internally",
                                         re.I)),
    (Stage.NEGOTIATION, re.compile(r"交渉|値引き(?:の|を)?(?:要請|要望|依頼|相談)|値下げ(?:の|を)?(?:要請|要望|依頼|相談)|価格調整|negotiat|"
                                   # 「もう少し値引きできないかと」: the customer asks for a better price.
                                   r"(?:値引き|値下げ)(?:を)?(?:でき(?:ない|ませ)|して(?:ほしい|欲しい|もらえ)|お願い)|"
                                   r"asked for (?:a )?discount|pushing (?:back )?on price|\boff the (?:list )?price\b|wants? (?:a )?discount",
                                   re.I)),
    # 「見積を再提出」 first: a quote to send again says a quote exists, even in a next-action sentence.
    (Stage.QUOTE, re.compile(r"見積(?:書|り|もり)?[^。\n]{0,16}?(?:を|は)?再(?:提示|提出|送付)|"
                             r"見積(?:書|り|もり)?[^。\n]{0,16}?(?:を|は)?(?:提示|提出|送付|出し|お送り|渡し|ご?説明|ていしゅつ|ていじ)\s?(?:済|ずみ|中|した|しました|ました)?|"
                             r"見積提示|(?:価格|金額)[^。\n]{0,16}?(?:提示|提出)(?:済|中|した|しました)|(?:万|億)(?:えん|円)?(?:を|で)?提示(?:中|済|した|しました)|(?:sent|submitted|presented|gave them) (?:the |a |our )?(?:formal )?quot(?:e|ation)|"
                             r"quote (?:sent|submitted)|quote\b[^.]{0,30}\bwas (?:sent|submitted)|quoted|"
                             r"e-?mailed\b[^.]{0,40}\bquote", re.I)),
    # 「提案」 alone as an item of a space-separated note: the proposal was made.
    (Stage.PROPOSAL, re.compile(r"^提案(?:書)?(?:提出)?$|"
                                r"提案(?:書)?(?:を)?(?:提示|提出|説明|し|済|中)|提案書?を[^。\n]{0,12}?(?:説明|提示|提出)|"
                                r"(?:sent|presented|e-?mailed|shared)\b[^.]{0,40}\bproposal|"
                                r"proposal (?:sent|presented)", re.I)),
    (Stage.INITIAL_CONTACT, re.compile(r"初回訪問|初訪問|初めて訪問|first (?:visit|meeting|contact)|intro(?:ductory)? "
                                       r"(?:call|meeting)|cold[- ]call", re.I)),
]

ACTIVITY_CUES: list[tuple[str, re.Pattern[str]]] = [
    # "No call today": a negated cue is no activity.
    ("call", re.compile(r"電話|でんわ|架電|TEL|(?<!no )\bcall(?:ed)?\b|phone|rang", re.I)),
    ("email", re.compile(r"メール|e-?mail(?:ed)?|\bfwd\b|\bforwarded\b", re.I)),
    ("meeting", re.compile(r"打合せ|打ち合わせ|うちあわせ|会議|ミーティング|Web会議|オンライン|商談会|\bmeeting\b|\bmet\b|\bzoom\b|"
                           r"(?<![a-z])MTG(?![a-z])|\bonline\b|\bteams\b|\bsat down with\b",
                           re.I)),
    ("visit", re.compile(r"訪問(?!なし|無し|せず|できず)|伺[いっ]|(?:に|へ)\s?(?:いき|行き|行って)|来社|工場見学|現地|面談|\bvisit(?:ed)?\b|on[- ]site|went to|stopped by", re.I)),
]

_NEXT_ACTION = re.compile(
    r"までに|予定|次回|宿題|TODO|To ?Do|ネクストアクション|次のアクション|対応する|(?:送付|提出|連絡|手配|準備|作成|調整|確認|"
    r"共有|再訪|訪問|フォロー)(?:する|します|しておく|を行う|予定|要|必要)|お送りする|持参する|"
    r"\bnext( step| action)?s?\s*:|\bwill (?:send|prepare|follow|call|visit|share|submit|arrange)|\bneed to\b|"
    r"\bfollow[- ]up\b|\bto do\b|\bby (?:monday|tuesday|wednesday|thursday|friday|end of|next)|\baction items?\b|"
    r"\bdue (?:by |on )?(?:next|this|tomorrow|monday|tuesday|wednesday|thursday|friday|end)|"
    # A note that starts with a verb is a to-do: "Send brochure tomorrow."
    r"^(?:send|sending|prepare|preparing|share|schedule|arrange|submit|book|confirm|revise)\b|"
    r"^(?:call|e-?mail|visit)\s+(?!with\b|from\b|to\b|w/|summary|notes?\b|recap|report|log\b)[a-z]", re.I)
# A Japanese sentence ending in the plain or polite non-past of an action verb states an intention.
_INTENT_ENDING = re.compile(r"(?:する|します|やります|出す|出します|送る|送ります|入れる|入れます|進める|伺う|もらう|いただく|"
                            r"作る|決める|"
                            r"(?:いき|行き|伺い|届け|持参し|お持ちし|お届けし|お送りし)ます)(?:予定)?(?:です)?[。.]?\s*$"
                            # Memo style: a future day, then a bare action noun ("来週金曜に再訪。").
                            r"|(?:明日|明後日|来週|再来週|週明け|来月|次週|今週中|月末|年明け)[^。]*"
                            r"(?:再訪問?|訪問|送付|提出|連絡|打合せ|打ち合わせ|説明|デモ|提案|見積提出|再?提示|回答|見積|"
                            r"フォロー|TEL|電話)[。.]?\s*$")
_ACTION_PREFIX = re.compile(r"^(?:次回|宿題|TODO|To ?Do|ネクストアクション|次のアクション|next(?: steps?| actions?)?|action items?)"
                            r"\s*[:：]?\s*", re.I)
# 「次の設備更新は来年度の予定とのことです」「決裁の予定だそうです」: the customer's plan, reported; not our to-do.
_NEGATED_FUTURE = re.compile(r"済み|済$|しました|した。?$|ました|was sent|sent them|"
                             r"予定(?:と(?:のこと|の話|聞)|だ(?:そう|と)|らしい)|"
                             # 「転送します」「共有します」 at the top of a message: the act of sending it, not a to-do.
                             r"^(?:以下、?)?(?:転送|共有|ご?報告|ご?連絡)(?:します|いたします|です)[。.]?$", re.I)
_RESENT = re.compile(r"再(?:提示|提出|送付)")


def stage_of(text: str, sentences: list[Sentence], action_sentences: set[int],
             competitors: list[SourceSpan] | None = None) -> tuple[Stage, int, int] | None:
    """The most decisive stage cue outside next-action sentences, with its span; a cue right after a
    competitor's name in its sentence is the competitor's ("ケイテックも提案中"), not ours."""
    for stage, pattern in STAGE_CUES:
        for index, sentence in enumerate(sentences):
            match = pattern.search(sentence.text)
            # 「見積を明日までに再提出」: a quote to send again was sent once.
            resent = stage is Stage.QUOTE and match and _RESENT.search(match.group(0))
            if index in action_sentences and stage not in (Stage.WON, Stage.LOST) and not resent:
                continue
            if match and not _said_of_competitor(sentence, sentence.start + match.start(), competitors or []):
                return stage, sentence.start + match.start(), sentence.start + match.end()
    return None


def _said_of_competitor(sentence: Sentence, cue_start: int, competitors: list[SourceSpan]) -> bool:
    return any(sentence.start <= c.start and c.end <= cue_start and cue_start - c.end <= 4 for c in competitors)


# 「ひかり電装さんから電話、…してほしいとのこと」: a call or mail received has happened, even in a sentence that
# goes on to ask us for something.
_RECEIVED = re.compile(r"から(?:の)?(?:お?電話|TEL|メール|連絡|e-?mail)", re.I)


def activity_type_of(sentences: list[Sentence], action_sentences: set[int]) -> tuple[str, int, int] | None:
    """The first activity cue outside next-action sentences ("来週訪問する" is not today's visit); in a
    next-action sentence only a call or mail received counts."""
    for index, sentence in enumerate(sentences):
        received = _RECEIVED.search(sentence.text)
        if index in action_sentences and not received:
            continue
        best: tuple[str, int, int] | None = None
        for kind, pattern in ACTIVITY_CUES:
            start = received.start() if index in action_sentences and received else 0
            match = pattern.search(sentence.text, start)
            if match and (best is None or sentence.start + match.start() < best[1]):
                best = (kind, sentence.start + match.start(), sentence.start + match.end())
        if best:
            return best
    return None


def is_next_action(sentence: Sentence) -> bool:
    text = sentence.text
    return bool(_NEXT_ACTION.search(text) or _INTENT_ENDING.search(text)) and not _NEGATED_FUTURE.search(text)


def action_description(sentence: Sentence) -> tuple[int, int]:
    """The offsets of the action itself, without a "次回:"/"Next:" label."""
    match = _ACTION_PREFIX.match(sentence.text)
    start = sentence.start + (match.end() if match else 0)
    return start, sentence.end
