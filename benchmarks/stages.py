"""CPU per stage of the extraction, in one process, over a random sample of the real articles.

Each spaCy pipe runs over the whole batch in turn (the batches ``Extractor.process`` makes), timed with
``time.process_time()``; then the per-document stages (mentions, claims, geoparse, assembly). ``--dump``
writes the reprs of every extracted record, one document per line, so two trees (frozen copies run with
``PYTHONPATH``) can be compared record by record; ``--profile`` writes a cProfile of the whole run.

    .venv/bin/python benchmarks/stages.py --sample 256 --seed 0 [--dump records.txt] [--profile out.prof]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import real_articles, write_jsonl  # noqa: E402

from ceasefire.settings import Settings  # noqa: E402


def sample_documents(settings: Settings, size: int, seed: int) -> list:
    """``size`` random articles of the shared evaluation sets, ingested as the flow ingests them."""
    from ceasefire.ingest import ingest_paths
    from ceasefire.store import open_store

    records = real_articles(settings.shared_dir)
    if size < 0:  # the first -size articles, in corpus order (as benchmarks/pipeline.py --limit takes them)
        records = records[:-size]
    elif size:
        records = random.Random(seed).sample(records, min(size, len(records)))
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_jsonl(records, Path(tmp) / "corpus.jsonl")
        with open_store(settings.replace(db=str(Path(tmp) / "sample.duckdb"))) as store:
            ingest_paths([corpus], store, settings, commit_every=100)
            return list(store.unextracted_documents("stages-benchmark"))


def _char_batches(lengths: list[int], max_chars: int) -> list[list[int]]:
    """Indices of consecutive texts, at most ``max_chars`` characters per batch (as the extractor splits them)."""
    batches: list[list[int]] = []
    total = 0
    for i, length in enumerate(lengths):
        if batches and batches[-1] and total + length > max_chars:
            batches.append([])
            total = 0
        if not batches:
            batches.append([])
        batches[-1].append(i)
        total += length
    return batches


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=int, default=256, help="random articles (0 = all, -N = the first N)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dump", type=Path, default=None, help="write the extracted records' reprs here")
    parser.add_argument("--profile", type=Path, default=None, help="write a cProfile of the extraction here")
    parser.add_argument("--whole", action="store_true", help="time Extractor.process per batch instead of each stage")
    args = parser.parse_args()

    from threadpoolctl import threadpool_limits

    from ceasefire import pipeline
    from ceasefire.events.assemble import assemble_events
    from ceasefire.geo import event_location, geoparse
    from ceasefire.nlp.claims import extract_claims
    from ceasefire.nlp.mentions import detect_mentions

    settings = Settings()
    documents = [d for d in sample_documents(settings, args.sample, args.seed) if pipeline.is_english(d)]
    extractor = pipeline.extractor_for(settings)
    nlp = extractor.nlp
    seconds: dict[str, float] = defaultdict(float)
    dump = args.dump.open("w", encoding="utf-8") if args.dump else None
    profiler = cProfile.Profile(time.process_time) if args.profile else None
    started = time.process_time()
    if profiler:
        profiler.enable()
    with threadpool_limits(limits=1, user_api="blas"):
        for batch in pipeline._batches(documents, settings.batch_size):
            if args.whole:
                mark = time.process_time()
                results = extractor.process(batch)
                seconds["extract"] += time.process_time() - mark
                if dump:
                    for r in results:
                        dump.write(repr((r.document.id, r.mentions, r.claims, r.toponyms, r.events)) + "\n")
                continue
            # As Extractor.process: tokenized before the zone where that tree does so.
            mark = time.process_time()
            tokenized = extractor._tokenize(batch) if hasattr(extractor, "_tokenize") else None
            seconds["tokenizer"] += time.process_time() - mark
            with nlp.memory_zone():
                texts = [d.text for d in batch]
                docs = []
                for chunk in _char_batches([len(t) for t in texts], pipeline.SPACY_BATCH_CHARS):
                    mark = time.process_time()
                    parsed = [tokenized[i] if tokenized is not None else nlp.make_doc(texts[i]) for i in chunk]
                    seconds["tokenizer"] += time.process_time() - mark
                    for name, proc in nlp.pipeline:
                        mark = time.process_time()
                        parsed = list(proc.pipe(parsed, batch_size=len(parsed))) if hasattr(proc, "pipe") else [proc(d) for d in parsed]
                        seconds[name] += time.process_time() - mark
                    docs += parsed
                for document, doc in zip(batch, docs):
                    mark = time.process_time()
                    mentions = detect_mentions(doc, document)
                    seconds["mentions"] += time.process_time() - mark
                    mark = time.process_time()
                    claims = extract_claims(doc, document, mentions, extractor.actors)
                    seconds["claims"] += time.process_time() - mark
                    mark = time.process_time()
                    toponyms = geoparse(doc, document.id, extractor.gazetteer, focus_countries=settings.focus_countries)
                    seconds["geoparse"] += time.process_time() - mark
                    mark = time.process_time()
                    events = assemble_events(document, mentions, claims, toponyms, locate=event_location)
                    seconds["assemble"] += time.process_time() - mark
                    if dump:
                        dump.write(repr((document.id, mentions, claims, toponyms, events)) + "\n")
                    if hasattr(pipeline, "release_doc"):  # as Extractor._process, where that tree does so
                        pipeline.release_doc(doc)
            pipeline.release_free_heap()
    if profiler:
        profiler.disable()
        profiler.dump_stats(str(args.profile))
    total = time.process_time() - started
    if dump:
        dump.close()
    count = len(documents)
    result = {
        "benchmark": "stages",
        "articles": count,
        "characters": sum(len(d.text) for d in documents),
        "cpu_ms_per_article": round(1000 * total / count, 1),
        "stage_ms_per_article": {name: round(1000 * s / count, 2) for name, s in sorted(seconds.items(), key=lambda kv: -kv[1])},
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
