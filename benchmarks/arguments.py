"""Benchmark: what argument extraction (actors, roles, dates, figures, attribution) adds to event typing.

Issue #4 asks that per-document extraction add at most 30 % to the time of event
typing. Over a seeded sample of the real articles of the shared evaluation sets
(read at run time), this times, in CPU seconds of this process (so a loaded
machine changes the figures less than wall time would):

- each spaCy component of the pipeline, run component by component over the
  whole sample (``Language.pipe`` order and batching);
- ``detect_mentions`` (typed mentions read off the parse);
- ``extract_claims`` (the arguments: actors and roles, dates, figures, sources);
- geoparsing and event assembly, for context.

"Typing" is everything needed to produce typed mentions: the spaCy pipeline
and ``detect_mentions``, less the actor matcher component, which is argument
work. Since the NER serves the arguments (and the places) too, a stricter ratio
also counts the NER as argument work. Prints a table and one JSON line.

    .venv/bin/python benchmarks/arguments.py --sample 400
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import random
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import real_articles  # noqa: E402

from ceasefire.models import Document  # noqa: E402
from ceasefire.settings import Settings  # noqa: E402


def _document(record: dict) -> Document:
    published = None
    if record.get("published"):
        try:
            published = date.fromisoformat(record["published"][:10])
        except ValueError:
            published = None
    text = record["text"]
    return Document(id=hashlib.sha256(text.encode()).hexdigest(), text=text, title=record.get("title"),
                    publisher=record.get("publisher"), published=published)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=400, help="articles drawn from the ~2,250 (0 = all)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    from ceasefire.events.assemble import assemble_events
    from ceasefire.geo import event_location, geoparse
    from ceasefire.nlp.claims import extract_claims
    from ceasefire.nlp.mentions import detect_mentions
    from ceasefire.pipeline import Extractor

    logging.disable(logging.WARNING)  # "event(s) left out: no date" lines of the undated corpora
    settings = Settings()
    records = real_articles(settings.shared_dir)
    if args.sample and args.sample < len(records):
        records = random.Random(args.seed).sample(records, args.sample)
    documents = [_document(r) for r in records]
    extractor = Extractor(settings)
    nlp = extractor.nlp
    # Warm up lazily built tables and caches on a few documents, outside the timing.
    for doc in nlp.pipe(d.text for d in documents[:5]):
        pass

    cpu: dict[str, float] = {}
    mark = time.process_time()
    docs = list(nlp.tokenizer.pipe(d.text for d in documents))
    cpu["spacy:tokenizer"] = time.process_time() - mark
    for name, component in nlp.pipeline:
        mark = time.process_time()
        docs = list(component.pipe(docs, batch_size=settings.batch_size)) if hasattr(component, "pipe") else [component(d) for d in docs]
        cpu[f"spacy:{name}"] = time.process_time() - mark

    def timed(stage: str, work):
        mark = time.process_time()
        out = work()
        cpu[stage] = cpu.get(stage, 0.0) + time.process_time() - mark
        return out

    mention_count = claim_count = 0
    for document, doc in zip(documents, docs):
        mentions = timed("detect_mentions", lambda: detect_mentions(doc, document))
        claims = timed("extract_claims", lambda: extract_claims(doc, document, mentions, extractor.actors))
        toponyms = timed("geoparse", lambda: geoparse(doc, document.id, extractor.gazetteer, focus_countries=settings.focus_countries))
        timed("assemble_events", lambda: assemble_events(document, mentions, claims, toponyms, locate=event_location))
        mention_count += len(mentions)
        claim_count += len(claims)

    spacy_total = sum(v for k, v in cpu.items() if k.startswith("spacy:"))
    actor_matcher = cpu.get("spacy:ceasefire_actors", 0.0)
    typing = spacy_total - actor_matcher + cpu["detect_mentions"]
    arguments = cpu["extract_claims"] + actor_matcher
    ner = cpu.get("spacy:ner", 0.0)
    n = len(documents)
    words = sum(len(d) for d in docs)
    print(f"{n} articles, {words} tokens, {mention_count} mentions, {claim_count} claims (CPU ms per article)")
    for stage, seconds in cpu.items():
        print(f"  {stage:<28} {1000 * seconds / n:8.2f}")
    print(f"typing (spaCy without the actor matcher, detect_mentions): {1000 * typing / n:.1f} ms; "
          f"arguments (actor matcher, extract_claims): {1000 * arguments / n:.1f} ms")
    print(f"arguments add {100 * arguments / typing:.1f} % to typing; counting the NER as argument work, "
          f"{100 * (arguments + ner) / (typing - ner):.1f} %")
    print(json.dumps({
        "benchmark": "arguments", "articles": n, "tokens": words, "seed": args.seed,
        "cpu_ms_per_article": {k: round(1000 * v / n, 3) for k, v in cpu.items()},
        "arguments_over_typing": round(arguments / typing, 4),
        "arguments_and_ner_over_typing_without_ner": round((arguments + ner) / (typing - ner), 4),
    }))


if __name__ == "__main__":
    main()
