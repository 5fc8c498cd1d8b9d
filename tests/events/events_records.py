"""Hand-built records for the events tests: documents, mentions, claims and toponyms with real offsets.

The texts are our own sentences, written to emulate what the upstream stages
produce for the Hama attack of 3 March 2019 (UCDP GED event 281723): one South
Front report crossposted by Global Research, and three SOHR reports whose toll
grows from 20 to 27.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Optional

from ceasefire.models import Claim, Document, Mention, Place, Toponym

MASASNEH = Place("gn:masasneh", "Masasneh", 35.2917, 36.6600, "P", "PPL", "SY", "Hama", "Muhradah")
MASASINAH = Place("ucdp:masasinah", "Masasinah", 35.28991, 36.663602, "P", "PPL", "SY", "Hama", "Muhradah")
HAMA = Place("gn:hama", "Hama", 35.13, 36.75, "A", "ADM1", "SY", "Hama")
BAGHUZ = Place("gn:baghuz", "Al Baghuz Fawqani", 34.4526, 40.9343, "P", "PPL", "SY", "Deir ez-Zor", "Abu Kamal")


def document(text: str, publisher: str, published: date, **fields) -> Document:
    doc_id = fields.pop("id", None) or hashlib.sha256(text.encode()).hexdigest()
    return Document(id=doc_id, text=text, publisher=publisher, published=published, **fields)


class Builder:
    """Mentions, claims and toponyms of one document, located by the words they quote."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.mentions: list[Mention] = []
        self.claims: list[Claim] = []
        self.toponyms: list[Toponym] = []
        self._sentences = self._split(doc.text)

    @staticmethod
    def _split(text: str) -> list[tuple[int, int]]:
        spans, start = [], 0
        for i, ch in enumerate(text):
            if ch == "." and (i + 1 == len(text) or text[i + 1] == " "):
                spans.append((start, i + 1))
                start = i + 2
        if start < len(text):
            spans.append((start, len(text)))
        return spans

    def _find(self, words: str, after: int = 0) -> tuple[int, int]:
        start = self.doc.text.index(words, after)
        return start, start + len(words)

    def mention(self, trigger: str, event_type: str = "Battles", sub_event_type: str = "Armed clash", after: int = 0) -> Mention:
        start, end = self._find(trigger, after)
        index = next(i for i, (s, e) in enumerate(self._sentences) if s <= start < e)
        s, e = self._sentences[index]
        mention = Mention(self.doc.id, index, s, e, trigger, start, end, event_type, sub_event_type, 0.9)
        self.mentions.append(mention)
        return mention

    def claim(self, mention: Mention, kind: str, words: str, low: Optional[float] = None, high: Optional[float] = None, text: Optional[str] = None, **fields) -> Claim:
        start, end = self._find(words, mention.start)
        claim = Claim(self.doc.id, mention.id, kind, start, end, value_low=low, value_high=high, value_text=text, publisher=self.doc.publisher, **fields)
        self.claims.append(claim)
        return claim

    def toponym(self, words: str, place: Optional[Place], precision: int = 1, relation: Optional[str] = None, after: int = 0) -> Toponym:
        start, end = self._find(words, after)
        toponym = Toponym(self.doc.id, start, end, words, place, precision, relation)
        self.toponyms.append(toponym)
        return toponym


def southfront_report() -> Builder:
    text = (
        "In the morning of March 3, fighters of Ansar al-Tawhid attacked positions of the Syrian Arab Army "
        "near the town of Masasneh in northern Hama. A military source told SouthFront that more than 16 soldiers "
        "were killed in the attack. 6 Ansar al-Tawhid members were eliminated. On March 1, the Syrian Democratic "
        "Forces resumed their advance on ISIS positions near al-Baghuz."
    )
    doc = document(text, "Global Research", date(2019, 3, 5), original_source="South Front", original_published=date(2019, 3, 4))
    b = Builder(doc)
    attack = b.mention("attacked")
    b.claim(attack, "date", "March 3", text="2019-03-03", precision=1)
    b.claim(attack, "actor1", "Ansar al-Tawhid", text="Ansar al-Tawhid")
    b.claim(attack, "actor2", "Syrian Arab Army", text="Military Forces of Syria")
    b.toponym("Masasneh", MASASNEH, 2, "near")
    b.toponym("Hama", HAMA, 3)
    killed = b.mention("killed")
    b.claim(killed, "fatalities", "more than 16 soldiers", 17, None, about="Military Forces of Syria", source="a military source", wording="soldiers")
    eliminated = b.mention("eliminated")
    b.claim(eliminated, "fatalities", "6 Ansar al-Tawhid members", 6, 6, about="Ansar al-Tawhid", wording="eliminated")
    advance = b.mention("advance")
    b.claim(advance, "date", "March 1", text="2019-03-01", precision=1)
    b.claim(advance, "actor1", "Syrian Democratic Forces", text="Syrian Democratic Forces")
    b.claim(advance, "actor2", "ISIS", text="Islamic State")
    b.toponym("al-Baghuz", BAGHUZ, 2, "near")
    return b


def sohr_report(toll: int, about: Optional[str] = "Military Forces of Syria", hedge: Optional[str] = None) -> Builder:
    whom = "members of the regime forces and loyal gunmen" if about else "persons of the regime forces and of its fighters"
    text = f"A suicide attack by Ansar al-Tawhid near Masasneh north of Hama today left {toll} {whom} dead."
    doc = document(text, "SOHR", date(2019, 3, 3))
    b = Builder(doc)
    attack = b.mention("attack")
    b.claim(attack, "date", "today", text="2019-03-03", precision=1)
    b.claim(attack, "actor1", "Ansar al-Tawhid", text="Ansar al-Tawhid")
    b.claim(attack, "actor2", "regime forces", text="Military Forces of Syria", wording="regime forces")
    b.claim(attack, "fatalities", f"{toll} {whom}", toll, toll, about=about, hedge=hedge)
    b.toponym("Masasneh", MASASINAH, 2, "near")
    b.toponym("Hama", HAMA, 3)
    return b


def hama_reports() -> list[Builder]:
    """The example article plus the three SOHR reports behind UCDP event 281723."""
    return [southfront_report(), sohr_report(20), sohr_report(30, about=None, hedge="about"), sohr_report(27)]
