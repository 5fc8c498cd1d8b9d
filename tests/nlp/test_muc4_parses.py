"""MUC-4 sentence parses and the cache of the training parses."""

from ceasefire.nlp.muc4 import MucDocument
from ceasefire.nlp.muc4_parses import cached_parses, parse_documents

DOCUMENTS = [
    MucDocument("a", "the weather was fine.  guerrillas attacked the embassy."),
    MucDocument("b", ""),
    MucDocument("c", "a bomb exploded in lima."),
]


def test_muc4_parses_every_sentence_per_document(nlp):
    parsed = list(parse_documents(nlp, DOCUMENTS))
    assert [[d.text for d in docs] for docs in parsed] == [
        ["the weather was fine.", "guerrillas attacked the embassy."], [], ["a bomb exploded in lima."]]


def test_muc4_parses_cache_is_written_then_read(nlp, tmp_path):
    source = tmp_path / "train.json"
    source.write_text("{}")
    first = cached_parses(nlp, DOCUMENTS, source, tmp_path / "cache")
    stamp = tmp_path / "cache" / "train_parses.json"
    written = stamp.stat().st_mtime_ns
    again = cached_parses(nlp, DOCUMENTS, source, tmp_path / "cache")
    assert stamp.stat().st_mtime_ns == written  # read back, not parsed again
    assert [[d.text for d in docs] for docs in again] == [[d.text for d in docs] for docs in first]
    assert [t.dep_ for t in again[0][1]] == [t.dep_ for t in first[0][1]]
    assert [c.text for c in again[0][1].noun_chunks] == [c.text for c in first[0][1].noun_chunks]
    source.write_text("{ }")  # the training file changed: parse again
    cached_parses(nlp, DOCUMENTS, source, tmp_path / "cache")
    assert stamp.stat().st_mtime_ns != written
