"""Helpers for the ingest tests: generated articles from sentences written for these tests."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

PLACES = ["Khan Shaykhun", "Maarat al-Numan", "Saraqib", "Jisr al-Shughur", "Kafr Nabuda", "Latamna", "Ariha", "Tal Rifaat", "Manbij", "Azaz", "Deir ez-Zor", "Al-Mayadin", "Daraa", "Homs", "Raqqa"]
ACTORS = ["government forces", "opposition fighters", "Turkish-backed groups", "the Syrian Democratic Forces", "Russian aircraft", "Islamic State militants", "Hayat Tahrir al-Sham"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SOURCES = ["a war monitor", "local rescue workers", "a military source", "activists", "state media", "a hospital official", "residents"]
TEMPLATES = [
    "{actor} shelled the outskirts of {place} on {day}, killing {n} civilians, {source} said.",
    "At least {n} people were wounded when a rocket struck a market in {place}, according to {source}.",
    "{source} reported that {actor} had advanced towards {place} after {n} hours of heavy fighting.",
    "Dozens of families fled {place} overnight, fearing a ground offensive by {actor}.",
    "The clashes near {place} left {n} fighters dead on both sides, {source} told reporters on {day}.",
    "A car bomb exploded at a checkpoint in {place}, and {actor} blamed their rivals for the blast.",
    "Aid convoys carrying food for {n} families reached {place} on {day} after weeks of delay.",
    "{actor} said they had repelled an attack on their positions west of {place}.",
    "Local councils in {place} appealed for help after {n} schools were damaged in the bombardment.",
    "The ceasefire around {place} held for most of {day}, although {source} recorded sporadic gunfire.",
    "Negotiators discussed the withdrawal of heavy weapons from {place}, {source} said on {day}.",
    "Drones attacked a convoy of {actor} on the road to {place}, killing {n} people.",
]


def synthetic_article(serial: int, rng: random.Random) -> str:
    """A short news report made of filled templates; the serial number keeps every text distinct."""
    picks = rng.sample(TEMPLATES, 6)
    sentences = [
        t.format(actor=rng.choice(ACTORS), place=rng.choice(PLACES), day=rng.choice(DAYS), source=rng.choice(SOURCES), n=rng.randint(2, 400))
        for t in picks
    ]
    sentences[0] = sentences[0][0].upper() + sentences[0][1:]
    sentences.append(f"This is report number {serial} in the monitoring series.")
    paragraphs = [" ".join(s[0].upper() + s[1:] for s in sentences[i : i + 2]) for i in range(0, len(sentences), 2)]
    return f"Report {serial} from the front lines\n\n" + "\n\n".join(paragraphs) + "\n"


def write_articles(folder: Path, count: int, seed: int = 7) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for serial in range(count):
        path = folder / f"report-{serial:05d}.txt"
        path.write_text(synthetic_article(serial, rng), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def article_dir(tmp_path: Path) -> Path:
    """A folder of five generated reports."""
    write_articles(tmp_path / "reports", 5)
    return tmp_path / "reports"


@pytest.fixture
def make_articles():
    """``make_articles(folder, count, seed=7)`` writes generated reports and returns their paths."""
    return write_articles
