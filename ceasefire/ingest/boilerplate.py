"""Boilerplate removal and header/footer metadata for article text.

Web pages saved as text (and the text trafilatura or a feed gives us) keep a
header (title, byline, dateline, section labels) and a footer (share and
donation appeals, copyright, disclaimers, contact lines, link lists) around the
article. Each line is put in one class by generic rules, the body is the span
of prose lines, and metadata is read from the header and footer lines:

==========  ==================================================================
class       rule
==========  ==================================================================
blank       empty line
separator   only punctuation or symbols (``*``, ``---``)
navigation  links (markdown or URLs) with at most three other words; menus
appeal      cues of a request to share, subscribe or donate (2; 3 over 25 words)
legal       copyright, disclaimer, terms, contact/press lines
source      "The original source of this article is X" and similar
metadata    header only: byline, ``Label: values``, name + date, the title
prose       twelve or more words of running text: the body starts at the first
sentence    three or more words ending with a full stop: body up to the last one
short       anything else: kept between prose lines, dropped outside them
==========  ==================================================================
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from .dates import find_date, parse_date

LINK = re.compile(r"!?\[([^\]]*)\]\(([^)]*)\)")
AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+)>", re.I)
URL = re.compile(r"\b(?:https?://|www\.)\S+", re.I)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
WORD = re.compile(r"[^\W\d_][\w'’-]*")
SEPARATOR = re.compile(r"^[\W_]+$")
SENTENCE_END = re.compile(r"[.!?:;\"'”’)\]…]$")
FULL_STOP = re.compile(r"[.!?][\"'”’)]?$")
PROSE_WORDS = 12
MENU_SEPARATOR = re.compile(r"\s+[>|»›·•/]\s+")
_MENU_SEPARATORS = ">|»›·•/"


def _cue_set(*patterns: str) -> re.Pattern[str]:
    """One alternation with a named group per cue, so a single scan counts the distinct cues on a line."""
    return re.compile("|".join(f"(?P<cue{i}>{p})" for i, p in enumerate(patterns)), re.I)


def _cues(cue_set: re.Pattern[str], text: str) -> int:
    return len({m.lastgroup for m in cue_set.finditer(text)})


APPEAL_CUES = _cue_set(
        r"\bplease\b", r"\bclick\b", r"\bshare\b", r"\bbuttons?\b", r"\bforward (?:this|the|our) (?:article|story|post|page)",
        r"\bcross-?post", r"\bsubscri(?:be|ption)\b", r"\bnewsletter", r"\bdonat(?:e|ion|ing)", r"\bpaypal\b", r"\bpatreon\b",
        r"\bbitcoin\b", r"\bsupport (?:us|our|the project|this (?:site|project|work)|independent)", r"\bour (?:work|content|journalism|reporting|project|site|readers)\b",
        r"\bsign up\b", r"\bfollow us\b", r"\bbecome an? (?:member|patron|subscriber|supporter)", r"\bnote to readers\b",
        r"\bif you (?:like|enjoy|value|appreciate|found|are able|'re able|’re able)", r"\bemail lists?\b", r"\bblog\b",
        r"\binternet forums?\b", r"\bwouldn'?t be possible\b", r"\bcomment on\b", r"\bjoin (?:us|our)\b", r"\bread more\b",
        r"\bfacebook\b|\btwitter\b|\btelegram channel\b", r"\bmember(?:ship)?\b",
)
LEGAL_START = re.compile(
    r"\W*(?:copyright|\(c\)\s*\d{4}|disclaimer\b|(?:for )?(?:media|press) (?:inquiries|enquiries|contacts?)\b|contact(?: us)?\s*:|"
    r"terms of (?:use|service)\b|privacy policy\b|cookie policy\b)",
    re.I,
)
LEGAL_WEAK = _cue_set(
        r"\bcopyright(?:ed)?\b", r"\bsole responsibility\b", r"\bnot (?:be )?responsible for\b", r"\bfair use\b",
        r"\b(?:re)?produc(?:e|ed|tion)\b.{0,40}\bpermission\b|\bpermission\b.{0,40}\b(?:reproduc|republish|reprint)",
        r"\bthe views expressed\b", r"\bdo(?:es)? not necessarily reflect\b", r"\bauthori[sz]ed by\b", r"\bterms of (?:use|service)\b",
        r"\binaccurate or incorrect\b", r"\binquiries\b|\benquiries\b",
)
# The first word of every cue above (a line without two of them cannot reach two cues).
APPEAL_KEYWORDS = frozenset(
    "please click share button buttons forward cross crosspost subscribe subscription newsletter newsletters donate "
    "donation donations donating paypal patreon bitcoin support our sign follow become note if email blog internet "
    "wouldn wouldnt comment join read facebook twitter telegram member membership".split()
)
LEGAL_KEYWORDS = frozenset(
    "copyright copyrighted sole not fair reproduce reproduced reproduction produce produced permission views do does "
    "authorized authorised terms inaccurate inquiries enquiries".split()
)
SOURCE_STATEMENT = re.compile(
    r"^\W*(?:the )?(?:original source of this (?:article|story|report|post) is|"
    r"(?:this (?:article|story|report|post|piece) )?(?:was )?(?:originally|first) (?:published|appeared) (?:by|on|in|at))\s+(?P<name>.+?)\W*$",
    re.I,
)
BYLINE = re.compile(r"^\W*(?:by|written by|authors?\s*:|reported by)\s+(?P<name>.+?)\s*$", re.I)
LABEL = re.compile(r"^\W*(?P<label>[^\W\d_][\w &/-]{0,30}?)\s*:\s*(?P<value>.+)$")
DATE_LABELS = {"published", "date", "updated", "posted", "first published"}
AUTHOR_LABELS = {"author", "authors", "by", "written by", "articles by", "byline"}
SOURCE_LABELS = {"source", "original source", "originally published"}
PUBLISHER_LABELS = {"publisher", "site", "published by"}
URL_LABELS = {"url", "link", "permalink", "canonical"}
TAG_LABELS = {"tags", "topics", "topic", "region", "theme", "category", "categories", "section", "keywords", "filed under"}
KNOWN_LABELS = DATE_LABELS | AUTHOR_LABELS | SOURCE_LABELS | PUBLISHER_LABELS | URL_LABELS | TAG_LABELS


@dataclass(frozen=True)
class Line:
    number: int
    raw: str
    plain: str  # links replaced by their text, autolinks and URLs dropped
    links: tuple[str, ...]  # link texts
    words: int
    kind: str


@dataclass
class ArticleText:
    """The cleaned body and what the header and footer said about it."""

    text: str
    title: Optional[str] = None
    byline: Optional[str] = None
    publisher: Optional[str] = None
    published: Optional[date] = None
    original_source: Optional[str] = None
    original_published: Optional[date] = None
    url: Optional[str] = None
    tags: list[str] = field(default_factory=list)


def _plain(raw: str) -> tuple[str, tuple[str, ...]]:
    # Each pattern runs only on lines holding its literal part ("](", "<", two spaces or a tab): the same result.
    links: tuple[str, ...] = ()
    plain = raw
    if "](" in raw:
        links = tuple(m.group(1).strip() for m in LINK.finditer(raw) if m.group(1).strip())
        plain = LINK.sub(lambda m: m.group(1), raw)
    if "<" in plain:
        plain = AUTOLINK.sub(" ", plain)
    if "  " in plain or "\t" in plain:
        plain = re.sub(r"[ \t]+", " ", plain)
    return plain.strip(), links


def _residual_words(line_plain: str, links: tuple[str, ...]) -> int:
    rest = line_plain
    for text in links:
        rest = rest.replace(text, " ", 1)
    rest = URL.sub(" ", EMAIL.sub(" ", rest))
    return len(WORD.findall(rest))


def classify(raw: str, number: int = 0) -> Line:
    """Put one line in the class whose rule it meets first (the header-only classes are decided later)."""
    plain, links = _plain(raw)
    # URL needs "://" or "www." (any case): most lines have neither
    without_urls, urls = URL.subn(" ", plain) if "://" in plain or "www." in plain.lower() else (plain, 0)
    tokens = WORD.findall(without_urls)
    words = len(tokens)
    # Cheap screens first: a cue needs its keyword, and boilerplate lines are not long paragraphs
    # (the keyword set is only read for lines of 150 words or fewer: most body text is in longer ones).
    keywords = {t.lower().strip("'’") for t in tokens} if words <= 150 else set()
    if not plain:
        kind = "blank"
    elif SEPARATOR.match(plain):
        kind = "separator"
    elif SOURCE_STATEMENT.match(plain) and words <= 20:
        kind = "source"
    elif _legal_notice(plain) or (words <= 150 and len(keywords & LEGAL_KEYWORDS) >= 2 and _cues(LEGAL_WEAK, plain) >= 2):
        kind = "legal"
    elif (appeal := _appeal_score(raw, keywords) if words <= 80 else 0) >= 3 or (appeal >= 2 and words <= 25):
        kind = "appeal"
    elif ((links or urls) and _residual_words(plain, links) <= 3) or _is_menu(plain):
        kind = "navigation"
    elif words >= PROSE_WORDS:
        kind = "prose"
    elif words >= 3 and FULL_STOP.search(plain) and plain[:1].isupper():
        kind = "sentence"
    else:
        kind = "short"
    return Line(number, raw, plain, links, words, kind)


def _legal_notice(plain: str) -> bool:
    """A line that opens like a copyright, disclaimer, terms or press-contact notice, or carries © / all rights reserved."""
    return bool(LEGAL_START.match(plain)) or "©" in plain or "all rights reserved" in plain.lower()


def _is_menu(plain: str) -> bool:
    """Breadcrumbs and menus: ``Home > World > Middle East``, ``News | Video | Opinion``."""
    if not any(separator in plain for separator in _MENU_SEPARATORS):  # no separator, no menu: skip the split
        return False
    parts = [p.strip() for p in MENU_SEPARATOR.split(plain)]
    return len(parts) >= 3 and all(0 < len(WORD.findall(p)) <= 4 for p in parts)


def _appeal_score(raw: str, keywords: set[str]) -> int:
    score = bool("@" in raw and EMAIL.search(raw)) + bool(URL.search(raw) or AUTOLINK.search(raw))
    if score + len(keywords & APPEAL_KEYWORDS) >= 2:
        score += _cues(APPEAL_CUES, raw)
    return score


def _clean_name(value: str) -> Optional[str]:
    value = re.sub(r"\s+", " ", LINK.sub(lambda m: m.group(1), value)).strip(" \t,;:.-–—|")
    return value or None


def _split_values(line: Line, value: str) -> list[str]:
    if line.links:
        return [v for v in (_clean_name(t) for t in line.links) if v]
    return [v for v in (_clean_name(t) for t in re.split(r"[,;|]", value)) if v]


def _dated_name(plain: str) -> Optional[tuple[Optional[str], date]]:
    """``Global Research, March 05, 2019`` -> (name, date); the line must be little more than the date."""
    found = find_date(plain)
    if not found:
        return None
    when, start, end = found
    rest = (plain[:start] + " " + plain[end:]).strip(" ,;|-–—·")
    if len(WORD.findall(rest)) > 6:
        return None
    return _clean_name(rest), when


class _Header:
    """Reads metadata from the lines above the body."""

    def __init__(self, article: ArticleText) -> None:
        self.article = article
        self.dated: list[tuple[Optional[str], date]] = []

    def read(self, line: Line) -> None:
        a = self.article
        if line.kind in ("blank", "separator", "appeal", "legal"):
            return
        if line.kind == "source":
            self.read_source(line)
            return
        plain = line.plain
        byline = BYLINE.match(plain)
        if byline and line.words <= 12 and not a.byline:
            a.byline = _clean_name(byline.group("name"))
            return
        labelled = LABEL.match(line.raw) or LABEL.match(plain)
        known_label = labelled and labelled.group("label").strip().lower() in KNOWN_LABELS
        if a.title is None and line.kind != "navigation" and not known_label and not _dated_name(plain) and 2 <= line.words <= 30:
            a.title = _clean_name(plain)  # "Video: Title" is a title, not a label, when no title came before
            return
        if labelled and len(WORD.findall(labelled.group("label"))) <= 3 and len(WORD.findall(labelled.group("value"))) <= 12:
            self.read_label(line, labelled.group("label").strip().lower(), labelled.group("value"))
            return
        dated = _dated_name(plain)
        if dated:
            self.dated.append(dated)
            return
        if a.title is None and line.kind in ("short", "sentence", "prose") and line.words <= 30:
            a.title = _clean_name(plain)

    def read_source(self, line: Line) -> None:
        match = SOURCE_STATEMENT.match(line.plain)
        if match and not self.article.original_source:
            self.article.original_source = _clean_name(match.group("name"))

    def read_label(self, line: Line, label: str, value: str) -> None:
        a = self.article
        if label in DATE_LABELS:
            a.published = a.published or parse_date(_clean_name(value))
        elif label in AUTHOR_LABELS:
            a.byline = a.byline or ", ".join(_split_values(line, value)) or None
        elif label in SOURCE_LABELS:
            a.original_source = a.original_source or _clean_name(value)
        elif label in PUBLISHER_LABELS:
            a.publisher = a.publisher or _clean_name(value)
        elif label in URL_LABELS:
            a.url = a.url or (URL.search(value).group(0) if URL.search(value) else None)
        elif line.kind in ("short", "sentence", "navigation"):
            a.tags.extend(v for v in _split_values(line, value) if v not in a.tags)

    def resolve_dates(self) -> None:
        """The first named dateline is the publisher's; a later one naming the original source dates the original."""
        a = self.article
        for name, when in self.dated:
            same_as_source = name and a.original_source and name.lower() == a.original_source.lower()
            if same_as_source and a.publisher:
                a.original_published = a.original_published or when
            elif a.publisher is None and a.published is None:
                a.publisher, a.published = name, when
            elif a.published is None:
                a.published = when
            elif name and name != a.publisher and a.original_published is None:
                a.original_source = a.original_source or name
                a.original_published = when


def _join_hyphenated(left: str, right: str, whole_text: str) -> str:
    """``ISIS-`` + ``held`` keeps the hyphen; ``cam-`` + ``paign`` drops it when ``campaign`` occurs elsewhere."""
    left_word = re.search(r"(\w+)-$", left)
    right_word = re.match(r"(\w+)", right)
    if left_word and right_word:
        joined = left_word.group(1) + right_word.group(1)
        if re.search(rf"\b{re.escape(joined)}\b", whole_text, re.I):
            return left[:-1] + right
    return left + right


def _paragraphs(lines: list[Line], whole_text: str) -> list[str]:
    """Kept lines to paragraphs: wrapped lines rejoined, paragraphs split at blank lines or dropped lines."""
    paragraphs: list[str] = []
    open_block = False  # the previous kept line is in the same block as this one
    for line in lines:
        if line.kind == "dropped":
            open_block = False
            continue
        text = " ".join(line.plain.split())  # as re.sub(r"\s+", " ", ...).strip(): str.split splits where \s matches
        if paragraphs:
            prev = paragraphs[-1]
            starts_lower = text[:1].islower()
            if re.search(r"[^\W\d_]-$", prev) and (starts_lower or open_block):
                paragraphs[-1] = _join_hyphenated(prev, text, whole_text)
                open_block = True
                continue
            if not SENTENCE_END.search(prev) and (open_block or starts_lower):
                paragraphs[-1] = prev + " " + text
                open_block = True
                continue
        paragraphs.append(text)
        open_block = True
    return paragraphs


def _wrapped_start(lines: list[Line], first: int) -> int:
    """Move the body start up over lines that the first body line continues (a wrapped or hyphenated break)."""
    while 0 < first < len(lines):
        above = first - 1
        if lines[above].kind == "blank" and above > 0:
            above -= 1
            if not re.search(r"[^\W\d_]-$", lines[above].plain):  # only a hyphenated word bridges a blank line
                break
        prev, head = lines[above], lines[first].plain
        continues = re.search(r"[^\W\d_]-$", prev.plain) or (head[:1].islower() and not SENTENCE_END.search(prev.plain))
        if prev.kind not in ("short", "sentence") or not continues:
            break
        first = above
    return first


def clean_article(text: str) -> ArticleText:
    """The body of ``text`` without boilerplate, plus the metadata its header and footer state."""
    lines = [classify(raw, i) for i, raw in enumerate(text.split("\n"))]
    prose = [i for i, line in enumerate(lines) if line.kind == "prose"]
    if prose:
        first = prose[0]
        last = max(i for i, line in enumerate(lines) if line.kind in ("prose", "sentence"))
    else:  # a short text: everything that is not boilerplate is body
        content = [i for i, line in enumerate(lines) if line.kind in ("short", "sentence")]
        first, last = (content[0], content[-1]) if content else (len(lines), -1)
    first = _wrapped_start(lines, first)
    article = ArticleText(text="")
    header = _Header(article)
    if prose:
        for line in lines[:first]:
            header.read(line)
    for line in lines[last + 1 :]:
        if line.kind == "source":
            header.read_source(line)
        elif line.kind in ("short", "sentence", "navigation"):
            labelled = LABEL.match(line.plain)
            if labelled and labelled.group("label").strip().lower() in AUTHOR_LABELS | SOURCE_LABELS:
                header.read_label(line, labelled.group("label").strip().lower(), labelled.group("value"))
    for line in lines[first : last + 1]:
        if line.kind == "source":
            header.read_source(line)
    header.resolve_dates()
    body_kinds = ("prose", "sentence", "short")
    kept = [
        line if first <= i <= last and line.kind in body_kinds else dataclasses.replace(line, kind="dropped")
        for i, line in enumerate(lines)
    ]
    paragraphs = _paragraphs(kept, text)
    if article.title and paragraphs and paragraphs[0] == article.title:
        paragraphs = paragraphs[1:]
    article.text = "\n\n".join(paragraphs)
    return article
