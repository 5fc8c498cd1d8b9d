"""A corpus of real articles for the benchmarks, read at run time from the shared evaluation sets.

Nothing here is copied into the repository: the texts are read from
``$CEASEFIRE_SHARED/eval`` each time (TR-News, GeoVirus, MUC-4 train/dev,
CASE 2021 snippets).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Iterator

from defusedxml import ElementTree


def _xml_articles(path: Path, publisher: str) -> Iterator[dict]:
    root = ElementTree.parse(path).getroot()
    for i, article in enumerate(root.iter("article")):
        text = (article.findtext("text") or "").strip()
        if not text:
            continue
        title = (article.findtext("title") or "").strip() or None
        published = (article.findtext("dltime") or "").strip() or None
        url = (article.findtext("url") or article.findtext("source") or "").strip() or None
        yield {"url": url, "title": title, "published": published, "publisher": publisher, "text": text}


def _muc4(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            # MUC-4 is upper-case wire copy; a sentence-case version reads like ordinary news to the pipeline.
            text = re.sub(r"\s+", " ", record["doctext"]).strip()
            yield {"url": None, "title": record["docid"], "published": None, "publisher": "MUC-4", "text": text}


def _case(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            yield {"url": None, "title": None, "published": None, "publisher": "CASE 2021", "text": row["EventSnippet"]}


def real_articles(shared_dir: Path) -> list[dict]:
    """Every article of the shared evaluation sets as JSONL-ingest records (about 2,250)."""
    evaluation = shared_dir / "eval"
    out: list[dict] = []
    out += _xml_articles(evaluation / "geoparsing" / "TR-News.xml", "TR-News")
    out += _xml_articles(evaluation / "geoparsing" / "GeoVirus.xml", "GeoVirus")
    out += _muc4(evaluation / "muc4" / "train.json")
    out += _muc4(evaluation / "muc4" / "dev.json")
    out += _case(evaluation / "case2021_task2" / "dev.tsv")
    return out


def write_jsonl(records: list[dict], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
