"""HTML pages (trafilatura) and HTML fragments (feed items) to article text."""

from __future__ import annotations

import html as html_entities
import re
from typing import Optional

from ..errors import IngestError, NotADocumentError
from .boilerplate import ArticleText, clean_article
from .dates import parse_date

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_DROP_ELEMENTS = re.compile(r"<(script|style|noscript|iframe|svg)\b.*?</\1\s*>", re.I | re.S)
_BLOCK_TAGS = re.compile(r"<\s*/?\s*(?:p|div|br|li|ul|ol|h[1-6]|blockquote|section|article|tr|table|figure|figcaption|pre|hr)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def declared_charset(data: bytes) -> Optional[str]:
    """The charset a page declares in a ``<meta>`` tag within its first 4 KB."""
    found = _META_CHARSET.search(data[:4096])
    return found.group(1).decode("ascii", "ignore") if found else None


def fragment_to_text(fragment: str) -> str:
    """An HTML fragment (an RSS description) to text with one paragraph per block element."""
    text = _DROP_ELEMENTS.sub(" ", _COMMENT.sub(" ", fragment))
    text = _BLOCK_TAGS.sub("\n\n", text)
    text = html_entities.unescape(_TAG.sub("", text))
    return re.sub(r"\n\s*\n\s*", "\n\n", text).strip()


def looks_like_html(text: str) -> bool:
    return bool(re.search(r"</?(?:p|div|br|a|span|b|i|em|strong|img|ul|li|h\d)\b[^>]*>", text, re.I))


def html_to_article(page: str, path: str, url: Optional[str] = None) -> ArticleText:
    """Main text and metadata of an HTML page, then the same line cleaning as plain text.

    trafilatura gives one paragraph per line; headings and list items have no
    final punctuation, so each line is made its own block before cleaning.
    """
    import trafilatura  # imported here: it costs ~0.4 s and only HTML needs it

    try:
        extracted = trafilatura.bare_extraction(
            page, url=url, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
        )
    except Exception as exc:  # trafilatura/lxml raise many types on broken markup
        raise IngestError(path, f"malformed HTML: {type(exc).__name__}: {exc}") from exc
    if extracted is None or not (extracted.text or "").strip():
        raise NotADocumentError(path, "no article text found in the HTML (malformed or only navigation/boilerplate)")
    article = clean_article("\n\n".join(extracted.text.split("\n")))
    article.title = extracted.title or article.title
    article.byline = extracted.author or article.byline
    article.publisher = extracted.sitename or article.publisher
    article.published = parse_date(extracted.date) or article.published
    article.url = url or extracted.url or article.url
    for tag in list(extracted.categories or []) + list(extracted.tags or []):
        if tag and tag not in article.tags:
            article.tags.append(tag)
    if article.title and article.text.startswith(article.title + "\n\n"):
        article.text = article.text[len(article.title) + 2 :]
    return article
