
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


LONG = (
    "Government forces shelled the outskirts of Saraqib on Monday, killing four civilians, a war monitor said. "
    "Government forces shelled the outskirts of Saraqib on Monday, killing four civilians, a war monitor said. "
    "Dozens of families fled Maarat al-Numan overnight — fearing a “ground offensive” by Hayat Tahrir al-Sham. "
) * 20


@pytest.mark.parametrize(
    "text",
    ["", "Idlib", "One two three four five", "One two three four five six", "Ça a été bombardé à l’aube, à Ḥamā", LONG, "٣ قتلى في إدلب " * 30],
)
@pytest.mark.parametrize("num_perm, size", [(128, 5), (16, 3)])
def test_syndication_signature_equals_datasketch(settings, text, num_perm, size):
    # Signatures are stored and compared with those of earlier runs: the vectorised hashing must be datasketch's, bit for bit.
    from datasketch import MinHash

    from ceasefire.ingest.syndication import SCHEME, SEED
    from ceasefire.ingest.text import normalise_for_hash

    settings = settings.replace(minhash_permutations=num_perm, shingle_size=size)
    reference = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME)
    if items := shingles(text, size):
        reference.update_batch(items)
    index = SyndicationIndex(settings)
    for signature in (index.signature(text), index.signature(text, normalise_for_hash(text))):
        assert signature.hashvalues.dtype == reference.hashvalues.dtype
        assert SyndicationIndex.to_bytes(signature) == reference.hashvalues.tobytes()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("One, two; three four", [b"one two three", b"two three four"]),
        ("Ça — “été” l’aube", ["ça été l".encode(), "été l aube".encode()]),
        ("A\u00a0b\u00adc d", [b"a bc d"]),
    ],
)
def test_syndication_shingles_of_given_normalised_text(text, expected):
    from ceasefire.ingest.text import normalise_for_hash

    assert shingles(text, 3, normalise_for_hash(text)) == shingles(text, 3) == expected


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_syndication_bands_list_candidates_as_minhashlsh_does(seed):
    # find_group keeps the last of equally similar candidates, so the candidates' order must be datasketch's too.
    import numpy as np
    from datasketch import LeanMinHash, MinHashLSH

    from ceasefire.ingest.syndication import SCHEME, SEED, _Bands

    rng = np.random.default_rng(seed)
    base = rng.integers(0, 2**32, size=(4, 128), dtype=np.uint32)
    signatures = {}
    for n in range(120):  # variants of four texts: many share some bands, none shares all
        values = base[n % 4].copy()
        changed = rng.choice(128, size=int(rng.integers(1, 60)), replace=False)
        values[changed] = rng.integers(0, 2**32, size=len(changed), dtype=np.uint32)
        signatures[f"doc{n}"] = LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)
    lsh = MinHashLSH(threshold=0.7, num_perm=128)
    bands = _Bands(lsh.hashranges)
    for n, (key, signature) in enumerate(signatures.items()):
        lsh.insert(key, signature, check_duplication=False)
        bands.insert(key, signature.hashvalues)
        if n % 7 == 3:  # removals leave holes in the sets, which change their order
            gone = f"doc{n - 2}"
            lsh.remove(gone)
            bands.remove(gone)
        probe = signatures[f"doc{int(rng.integers(0, n + 1))}"]
        assert bands.query(probe.hashvalues) == lsh.query(probe)
    assert sum(len(bands.query(s.hashvalues)) > 1 for s in signatures.values()) > 50
