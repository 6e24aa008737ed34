"""Japanese OCR text put right where PP-OCR (trained on Chinese first) reads it as Chinese or as kanji.

`correct_ocr_lines(lines)` is applied by the RapidOCR adapter to the lines of one photo:
- simplified Chinese glyphs → the Japanese forms (议 → 議, 产 → 産), only in a photo whose text has kana
  (Japanese), and only for glyphs outside JIS X 0208, which no Japanese text uses;
- kanji that look like katakana inside a katakana word (才力モ卜 → オカモト, 検査力メラ → 検査カメラ, 口ボット →
  ロボット), and katakana ニ between kanji numerals (ニ千 → 二千), and 一 read for the long-vowel mark ー;
- dash-like marks that start two or more lines are bullets (一東海… → - 東海…);
- a full-width comma inside a number (145，000 → 145,000), and the space lost after English punctuation.
"""

from __future__ import annotations

import re

from capture.amounts import unify_digit_grouping
from core.i18n import has_kana

# Simplified Chinese → Japanese (shinjitai) forms of characters common in business memos. Every key is a
# character no Japanese text is written with (outside JIS X 0208, tested), except the listed variants.
_SIMPLIFIED = dict(pair for pair in (
    "业業 东東 严厳 为為 乐楽 书書 买買 产産 亿億 传伝 伤傷 侧側 关関 兴興 军軍 农農 冻凍 击撃 则則 刚剛 创創 别別 "
    "动動 劳労 势勢 华華 单単 卖売 卫衛 历歴 压圧 厅庁 县県 发発 变変 员員 问問 围囲 图図 团団 场場 块塊 报報 处処 "
    "备備 复復 头頭 妇婦 实実 审審 对対 导導 层層 岁歳 岛島 师師 带帯 应応 库庫 废廃 开開 张張 弹弾 归帰 录録 总総 "
    "恶悪 惯慣 户戸 择択 护護 拟擬 换換 损損 摄摂 时時 显顕 权権 杂雑 标標 样様 检検 济済 测測 满満 滨浜 热熱 环環 "
    "现現 电電 畅暢 疗療 监監 盘盤 码碼 础礎 种種 积積 稳穏 竞競 类類 级級 纪紀 约約 纳納 纸紙 线線 练練 组組 细細 "
    "织織 终終 经経 结結 给給 统統 继継 续続 维維 综総 绩績 缩縮 罗羅 职職 联連 脑脳 节節 荣栄 药薬 获獲 营営 补補 "
    "见見 观観 规規 视視 览覧 觉覚 计計 订訂 认認 讨討 让譲 训訓 议議 记記 讲講 许許 论論 设設 访訪 证証 评評 识識 "
    "诉訴 词詞 试試 话話 询詢 该該 详詳 语語 误誤 说説 请請 读読 课課 调調 谈談 谢謝 质質 贵貴 费費 资資 车車 转転 "
    "轮輪 软軟 输輸 边辺 过過 还還 这這 进進 远遠 连連 迟遅 选選 递逓 邮郵 钢鋼 铁鉄 银銀 锁鎖 错錯 键鍵 长長 门門 "
    "闭閉 间間 闻聞 阶階 际際 陆陸 险険 难難 页頁 项項 须須 预預 领領 频頻 题題 额額 风風 饭飯 馆館 驱駆 验験 齐斉 "
    "龄齢 涉渉 务務 术術 贷貸 购購 货貨 账帳 禀稟").split())
# JIS variants that PP-OCR prefers where Japanese writes the standard form (禀議 → 稟議).
JIS_VARIANTS = frozenset("禀")

# Kanji (and one Chinese glyph) that look like a katakana: 才 オ, 力 カ, 卜 ト, 工 エ, 口 ロ, 二 ニ, 夕 タ, 八 ハ, 一 ー.
_KATAKANA_LOOKALIKE = {"才": "オ", "力": "カ", "卜": "ト", "工": "エ", "口": "ロ", "二": "ニ", "夕": "タ", "八": "ハ",
                       "一": "ー"}
_NUMERALS = "〇一二三四五六七八九十百千万億兆"
# Counters: 一 before one of them is the numeral (カメラ一台, ライン一本).
_COUNTERS = "台個件回名人社日週月年枚点式基本部度次番割"
_DASH_BULLET = re.compile(r"^\s*[-‐−–—一ー](?=\s*[^\s\W])")
# English punctuation the photo lost its space after ("palletizing,budget", "Brooks.They", "Inc.today",
# "contact：Anna"), and
# a spaced dash missing one of its spaces ("Co.- spoke", "step -revised"); hyphenated words keep theirs.
_LATIN_SPACING = (
    (re.compile(r"(?<=[A-Za-z])\s?[,，](?=[A-Za-z])"), ", "),
    (re.compile(r"(?<=[A-Za-z]{2})\.(?=[A-Z][a-z])|(?:(?<=\bInc)|(?<=\bCorp)|(?<=\bLtd)|(?<=\bCo))\.(?=[a-z])"), ". "),
    (re.compile(r"(?<=[A-Za-z])[：:](?=\s?[A-Za-z])\s?"), ": "),
    (re.compile(r"(?<=[a-z])(?=(?:Mr|Ms|Mrs|Dr)\.)"), " "),  # "note toMs. Ortega"
    (re.compile(r"(?<=[A-Za-z.])- (?=[A-Za-z])|(?<=[A-Za-z.]) -(?=[A-Za-z])"), " - "),
)


def _is_katakana(ch: str) -> bool:
    return "\u30a1" <= ch <= "\u30f4" or ch == "ー"  # not ヵ ヶ (一ヶ月)


def _is_kanji(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or ch == "々"


def is_japanese(lines: list[str]) -> bool:
    """Japanese, not Chinese: the text has kana (a Chinese photo has none)."""
    return any(has_kana(line) for line in lines)


def to_japanese_glyphs(text: str) -> str:
    """Simplified Chinese glyphs replaced by their Japanese forms (call only on Japanese text)."""
    return "".join(_SIMPLIFIED.get(ch, ch) for ch in text)


def fix_katakana_lookalikes(text: str) -> str:
    """Look-alike kanji inside katakana words read as the katakana they stand for (see `_becomes_katakana`);
    repeated, so that 才力モ卜 resolves from the inside out. ニ between kanji numerals is the numeral 二
    (ニ千四百 → 二千四百), and 一 after kana before punctuation is the long-vowel mark (え一、 → えー、)."""
    chars = list(text)
    changed = True
    while changed:
        changed = False
        for i, ch in enumerate(chars):
            before = chars[i - 1] if i > 0 else ""
            after = chars[i + 1] if i + 1 < len(chars) else ""
            if ch in _KATAKANA_LOOKALIKE and _becomes_katakana(before, ch, after):
                chars[i] = _KATAKANA_LOOKALIKE[ch]
                changed = True
    text = "".join(chars)
    text = re.sub(r"(?<=[\u3041-\u3096\u30a1-\u30fa])一(?=[、。,.!?！？\s]|$)", "ー", text)
    return re.sub(rf"(?<=[{_NUMERALS}])ニ|ニ(?=[{_NUMERALS}])", "二", text)


def _becomes_katakana(before: str, ch: str, after: str) -> bool:
    """Whether the look-alike ``ch`` between ``before`` and ``after`` is a katakana: between two katakana it
    is; next to one, it is unless its other neighbour is a kanji it forms a word with (ロボット工業 keeps 工業,
    協力メーカー keeps 協力; 検査力メラ and 溶接口ボット form none). 二 八 next to a kanji and 一 before a
    counter are numerals (カメラ一台, ライン二本)."""
    if _is_katakana(before) and _is_katakana(after):
        return True
    for kana_side, other, word, starts_word in ((after, before, before + ch, True), (before, after, ch + after, False)):
        if not _is_katakana(kana_side) or (ch == "一" and starts_word):
            continue  # the long-vowel mark never starts a word: 第一カメラ
        if other in _KATAKANA_LOOKALIKE or not _is_kanji(other):
            return ch != "一" or not other or not other.isalnum()
        if ch == "一":  # カメラ一台 counts; レ一ザ一加工機 is long vowels
            return other not in _COUNTERS
        return ch not in "二八" and not _is_word(word)
    return False


def _is_word(text: str) -> bool:
    """True when Sudachi's dictionary has ``text`` as one word (協力, 工業; not 査力, 接口)."""
    from core import sudachi

    tokens = sudachi.tokenize(text, "C")
    return len(tokens) == 1 and not tokens[0].is_oov()


def mark_bullets(lines: list[str]) -> list[str]:
    """Dash-like marks (一, ー, −) that start two or more lines are bullets: written as "- "."""
    dashed = [bool(_DASH_BULLET.match(line)) for line in lines]
    if sum(dashed) < 2:
        return lines
    return [_DASH_BULLET.sub("- ", line, count=1).replace("-  ", "- ") if is_dash else line
            for line, is_dash in zip(lines, dashed, strict=True)]


def correct_ocr_lines(lines: list[str]) -> list[str]:
    """The lines of one photo with PP-OCR's Chinese readings of Japanese put right (see the module)."""
    lines = [unify_digit_grouping(line) for line in lines]
    for pattern, replacement in _LATIN_SPACING:
        lines = [pattern.sub(replacement, line) for line in lines]
    if not is_japanese(lines):
        return lines
    lines = [fix_katakana_lookalikes(to_japanese_glyphs(line)).replace("·", "・") for line in lines]
    return mark_bullets(lines)
