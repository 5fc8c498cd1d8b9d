
import pytest

from ceasefire.ingest import ingest_paths, read_path
from ceasefire.ingest.syndication import SyndicationIndex, shingles
from ceasefire.store import open_store


def _variant(example: str, editor_note: bool) -> str:
    """The example's body under another outlet's header and footer (written at test time, never committed)."""
    lines = example.split("\n")
    first_body = next(i for i, line in enumerate(lines) if line.startswith("In the morning of March 3"))
    last_body = next(i for i, line in enumerate(lines) if line.startswith("held pocket."))
    header = [
        "Escalation in northern Hama as militants strike army positions",
        "",
        "Written by: South Front",
        "The Levant Review - 6 March 2019",
        "Topics: Syria, Idlib, Hama",
        "",
    ]
    if editor_note:
        header += ["Editor's note: this report was first published by the South Front team and is reproduced here in full for our readers.", ""]
    footer = [
        "",
        "---",
        "Enjoyed this piece? Support independent reporting: subscribe to our newsletter and donate via our website.",
        "© 2019 The Levant Review. All rights reserved.",
        "[Home](/) | [Archive](/archive) | [Contact](/contact)",
    ]
    return "\n".join(header + lines[first_body : last_body + 1] + footer)


@pytest.mark.parametrize("editor_note", [True, False])
def test_syndication_variant_of_example_joins_its_group(tmp_path, settings, example_article, editor_note):
    example = example_article.read_text(encoding="utf-8")
    copy = tmp_path / "levant-review.txt"
    copy.write_text(_variant(example, editor_note), encoding="utf-8")
    with open_store(settings) as store:
        first = ingest_paths([example_article], store, settings)
        second = ingest_paths([copy], store, settings)
        documents = store.documents()
    original = documents[0]
    assert first.ingested == 1 and original.syndication_group == original.id
    if editor_note:  # a different text: a second document, in the first one's group, crediting the original
        assert second.ingested == 1 and len(documents) == 2
        republished = documents[1]
        assert republished.id != original.id
        assert republished.syndication_group == original.id
        assert republished.publisher == "The Levant Review"
        assert republished.original_source == "South Front"
    else:  # the same body: the same content id, already stored
        assert (second.ingested, second.already_stored, len(documents)) == (0, 1, 1)
        [copy_doc] = read_path(copy, settings)
        assert copy_doc.id == original.id


def test_syndication_groups_across_runs_and_keeps_unrelated_apart(tmp_path, settings, make_articles):
    paths = make_articles(tmp_path / "reports", 4)
    original = paths[0].read_text(encoding="utf-8")
    with open_store(settings) as store:
        ingest_paths(paths, store, settings)
    copy = tmp_path / "copy.txt"
    copy.write_text("Reprinted from the Example Wire\n\n" + original + "\nShare this article with your friends and follow us on Twitter.\n", encoding="utf-8")
    edited = tmp_path / "edited.txt"
    edited.write_text(original.replace("monitoring series.", "monitoring series, updated with new figures on Friday."), encoding="utf-8")
    with open_store(settings) as store:  # a new run: the index is rebuilt from the stored signatures
        report = ingest_paths([copy, edited], store, settings)
        documents = {d.source_path: d for d in store.documents()}
    assert report.ingested + report.already_stored == 2
    group = documents[str(paths[0])].id
    assert documents[str(edited)].syndication_group == group
    assert len({documents[str(p)].syndication_group for p in paths}) == 4


def test_syndication_signature_round_trips_through_bytes(settings):
    index = SyndicationIndex(settings)
    text = "Government forces shelled the village of Latamna on Monday, killing three people, activists said."
    signature = index.signature(text)
    blob = index.to_bytes(signature)
    assert len(blob) == settings.minhash_permutations * 4
    index.add("a", "a", signature)
    assert index.find_group(index.signature(text)) == "a"
    assert index.find_group(index.signature("An entirely different report about floods in the north of the country.")) is None


@pytest.mark.parametrize(
    "text, size, expected",
    [
        ("One two three", 5, [b"one two three"]),
        ("One, two; three four", 3, [b"one two three", b"two three four"]),
        ("", 5, []),
    ],
)
def test_syndication_shingles(text, size, expected):
    assert shingles(text, size) == expected
