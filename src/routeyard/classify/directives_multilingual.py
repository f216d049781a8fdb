"""Directives to the router in other languages: the word-list test of ``directives.py`` for text
that is not ASCII.

``directives.py`` splits a clause into words and looks them up in English (and a few German,
Spanish, French and Italian) word sets. That misses "не тратьте ресурсы на большую модель",
"请用最强的模型" and "가장 강력한 모델로 보내 주세요": inflected stems, and scripts without
spaces between words. Here a clause is a directive when it names a model or a router **and**
makes a claim of size, strength, price or difficulty, each found as a stem or a word anywhere in
it, in 20 languages (Arabic, Chinese, Dutch, French, German, Greek, Hebrew, Hindi, Indonesian,
Italian, Japanese, Korean, Polish, Portuguese, Russian, Spanish, Thai, Turkish, Ukrainian,
Vietnamese); so is a short clause that addresses a router and ends in a colon ("Для
маршрутизатора:"). Words of these languages written in ASCII (Indonesian, Dutch, Turkish…) are
in the English word sets of ``directives.py``.

The lists are each language's words for these things, not phrases taken from the bench's attack
sets (which showed that appeals in other languages were getting through). A stem may also match
an unrelated word ("просто", "simply", has the stem of "простой", "simple"), so a clause needs
both a target and a claim; the cost of a wrong match is a less informed prediction, as for the
English lists.
Only text that is not ASCII gets here, and a text without any target costs one regex search.
"""

from __future__ import annotations

import re
from bisect import bisect_left

# A model, a router or the system that picks one.
_TARGET_STEMS = (
    # Cyrillic: Russian and Ukrainian
    "модел", "нейросет", "нейромереж", "маршрутизатор", "роутер", "диспетчер", "классификатор",
    "класифікатор", "шлюз",
    # Latin-script languages, inflected forms the English word sets miss
    "modelu", "modelem", "modelowi", "modele", "modeli", "modelin", "modelle", "modellen",
    "modelli", "modèle", "modelo", "modello", "modell", "enrutador", "roteador", "routeur",
    "instradatore", "yönlendirici", "mô hình", "bộ định tuyến",
    # Greek, Hebrew, Arabic, Hindi, Thai
    "μοντέλ", "δρομολογ", "מודל", "נתב", "نموذج", "نماذج", "الموجه", "मॉडल", "मोडल", "राउटर",
    "โมเดล", "แบบจำลอง",
    # Chinese, Japanese, Korean
    "模型", "路由", "モデル", "ルーター", "ルータ", "モデル選択", "모델", "라우터",
)  # fmt: skip

# Claims: strongest, biggest, best, dearest; cheapest, smallest; hard, easy, simple.
_CLAIM_STEMS = (
    # Russian, Ukrainian
    "сильн", "мощн", "больш", "крупн", "лучш", "дорог", "дешев", "дешёв", "маленьк", "слаб",
    "прост", "сложн", "трудн", "элементарн", "лёгк", "легк", "потужн", "найкращ", "найбільш",
    "складн", "найдешевш", "найпотужн", "найсильн", "наимощн", "наилучш",
    # Polish, Turkish, Dutch
    "najsilniejsz", "najlepsz", "najwięks", "najtańsz", "najmniejsz", "potężn", "trudn", "prost",
    "łatw", "güçlü", "büyük", "ucuz", "küçük", "zor", "basit", "kolay", "sterkst", "krachtig",
    "grootst", "goedkoop", "kleinst", "eenvoudig", "simpel", "moeilijk",
    # Spanish, Portuguese, Italian, French, German (inflected or missing from the English sets)
    "potente", "poderos", "fuerte", "forte", "grande", "maior", "melhor", "barat", "pequeñ",
    "pequen", "sencill", "fácil", "facil", "simples", "económic", "economic", "puissant",
    "petit", "stärkst", "leistungsfähig", "größt", "günstig", "billig", "klein", "einfach",
    "schwer",
    # Indonesian, Vietnamese
    "terkuat", "terbesar", "terbaik", "termurah", "terkecil", "sulit", "mudah", "sederhana",
    "mạnh", "lớn nhất", "tốt nhất", "rẻ", "nhỏ", "khó", "đơn giản", "dễ",
    # Greek, Hebrew, Arabic, Hindi, Thai
    "ισχυρ", "μεγαλ", "καλύτερ", "φθην", "μικρ", "δύσκολ", "απλ", "εύκολ",
    "חזק", "גדול", "הטוב", "זול", "קטן", "קשה", "פשוט",
    "أقوى", "أكبر", "أفضل", "أرخص", "أصغر", "قوي", "صعب", "بسيط", "سهل",
    "शक्तिशाली", "बड़", "सबसे अच्छ", "सस्त", "छोट", "आसान", "कठिन", "मुश्किल", "सरल",
    "ดีที่สุด", "ทรงพลัง", "ใหญ่", "ราคาถูก", "เล็ก", "ง่าย", "ยาก",
    # Chinese, Japanese, Korean
    "最强", "最強", "强大", "強力", "最大", "大模型", "最好", "最贵", "便宜", "小模型", "最小",
    "简单", "簡単", "困难", "难", "難", "高级", "高級", "顶级", "高性能", "安い", "安価",
    "小さ", "小型", "軽量", "上位", "最高", "강력", "가장 큰", "최고", "최상위", "저렴", "싼",
    "작은", "소형", "간단", "쉬운", "어려운", "고급",
)  # fmt: skip

# A router addressed by name, for the short clause that only addresses it.
_ADDRESSEE_STEMS = (
    "маршрутизатор", "роутер", "диспетчер", "классификатор", "класифікатор", "enrutador",
    "roteador", "routeur", "instradatore", "yönlendirici", "bộ định tuyến", "δρομολογ", "נתב",
    "الموجه", "राउटर", "路由", "ルーター", "ルータ", "라우터",
)  # fmt: skip
# Latin with diacritics, Greek, Cyrillic.
_ALPHABETS = re.compile(r"[\u00c0-\u024f\u1e00-\u1eff\u0370-\u03ff\u0400-\u04ff]")
_SHORT = 30  # characters: "Для маршрутизатора:", "致路由器：", "Note pour le routeur :"


class _Stems:
    """Finds any of ``stems`` in a lower-cased text. A stem in an alphabet with word breaks
    (Latin, Cyrillic, Greek) must start a word ("petit" is not in "competitive"); the others
    (Arabic and Hebrew prefixes, Devanagari marks, scripts without spaces) match anywhere.
    ``str.find`` per stem, not one regex of alternatives: that tries every alternative at every
    position, about 300 µs on a page of Cyrillic against a few µs here."""

    __slots__ = ("stems",)

    def __init__(self, stems: tuple[str, ...]) -> None:
        self.stems = tuple(
            (stem, all(ch.isascii() or _ALPHABETS.match(ch) for ch in stem if ch.isalpha()))
            for stem in stems
        )

    def positions(self, lower: str) -> list[int]:
        """Where the stems start in ``lower``, in order."""
        out = []
        for stem, bounded in self.stems:
            at = lower.find(stem)
            while at >= 0:
                if not bounded or at == 0 or not (lower[at - 1].isalnum() or lower[at - 1] == "_"):
                    out.append(at)
                at = lower.find(stem, at + 1)
        out.sort()
        return out

    def search(self, lower: str) -> bool:
        for stem, bounded in self.stems:
            at = lower.find(stem)
            if at < 0:
                continue
            if not bounded:
                return True
            while at >= 0:
                if at == 0 or not (lower[at - 1].isalnum() or lower[at - 1] == "_"):
                    return True
                at = lower.find(stem, at + 1)
        return False


_TARGET = _Stems(_TARGET_STEMS)
_CLAIM = _Stems(_CLAIM_STEMS)
_ADDRESSEE = _Stems(_ADDRESSEE_STEMS)
# Clauses as in ``directives.py``, and also at the full-width and CJK marks.
CLAUSES = re.compile(r"[^.!?;:()\[\]\n。！？；：，、（）]*(?:[.!?;:()\[\]\n。！？；：，、（）]+|$)")


def may_have_directive(text: str) -> bool:
    """Whether a text that is not ASCII names a model or a router at all (the gate)."""
    if text.isascii():
        return False
    return _TARGET.search(text.lower())


def targets(text: str) -> list[int] | None:
    """Where a target starts in ``text``, for ``near``; None when lower-casing changes the
    text's length (a few letters, such as "İ", lower to two characters): every clause is then
    read."""
    lower = text.lower()
    if len(lower) != len(text):
        return None
    return _TARGET.positions(lower)


def near(targets: list[int] | None, start: int, end: int) -> bool:
    """Whether a target starts in ``[start, end)`` (always, without positions)."""
    if targets is None:
        return True
    at = bisect_left(targets, start)
    return at < len(targets) and targets[at] < end


def is_directive(clause: str) -> bool:
    """Whether a clause that is not ASCII names a target with a claim, or only a router."""
    if not any(ch.isalpha() and not ch.isascii() for ch in clause):
        return False  # English with a curly quote; ASCII-written languages are in the word sets
    lower = clause.lower()
    if not _TARGET.search(lower):
        return False
    if _CLAIM.search(lower):
        return True
    address = lower.strip()
    return len(address) <= _SHORT and address.endswith((":", "：")) and _ADDRESSEE.search(address)
