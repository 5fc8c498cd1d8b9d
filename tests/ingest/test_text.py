import random
from datetime import date

import pytest

from ceasefire.errors import IngestError
from ceasefire.ingest.text import clean_characters, content_id, decode_bytes, looks_binary

SAMPLE = (
    "Le cessez-le-feu a été violé à Idlib, où l’armée syrienne a bombardé plusieurs villages. "
    "« Nous avons reçu des blessés toute la nuit », a déclaré un médecin de l’hôpital de Maarat al-Numan. "
    "Selon l’Observatoire syrien des droits de l’homme, au moins douze civils ont été tués depuis mercredi."
)


@pytest.mark.parametrize(
    "encoding, text",
    [
        ("utf-8", SAMPLE),
        ("utf-8-sig", SAMPLE),
        ("utf-16", SAMPLE),
        ("cp1252", SAMPLE),
        ("latin-1", SAMPLE.replace("’", "'")),
    ],
)
def test_text_decode_detects_encoding(encoding, text):
    assert decode_bytes(text.encode(encoding), "x.txt") == text


def test_text_decode_prefers_declared_charset():
    assert decode_bytes("café".encode("cp1252"), "x.html", declared="windows-1252") == "café"


def test_text_decode_refuses_undecodable_bytes():
    rng = random.Random(3)
    data = bytes(rng.randint(0x80, 0xFF) for _ in range(400))
    with pytest.raises(IngestError, match=r"^x.bin: undecodable bytes"):
        decode_bytes(data, "x.bin")


@pytest.mark.parametrize(
    "data, binary",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", True),
        (b"%PDF-1.7\n", True),
        (b"plain text\x00with a NUL", True),
        ("text".encode("utf-16"), False),
        (b"An ordinary line of text.\n", False),
    ],
)
def test_text_looks_binary(data, binary):
    assert looks_binary(data) is binary


@pytest.mark.parametrize(
    "variant",
    [
        "Shelling  hit\nthe town of Saraqib on Monday.",
        "  Shelling hit the town of Saraqib on Monday.\n",
        "Shelling hit the town of Saraqib on Monday.",
    ],
)
def test_text_content_id_ignores_whitespace(variant):
    assert content_id(variant) == content_id("Shelling hit the town of Saraqib on Monday.")


def test_text_content_id_unifies_unicode_forms_and_quotes():
    composed, decomposed = "Ma\u00e2rat’s market", "Maa\u0302rat's market"
    assert content_id(composed) == content_id(decomposed)
    assert content_id("Shelling hit Saraqib.") != content_id("Shelling hit Ariha.")
    assert len(content_id("x")) == 64


def test_text_clean_characters():
    assert clean_characters("a\r\nb\u00a0c\u200bd\x07") == "a\nb cd"


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2019-03-05", date(2019, 3, 5)),
        ("Tue, 05 Mar 2019 10:00:00 GMT", date(2019, 3, 5)),
        ("March 05, 2019", date(2019, 3, 5)),
        ("2016 Oct 10", date(2016, 10, 10)),
        ("11/28/2016", date(2016, 11, 28)),
        ("sometime soon", None),
        ("March 2019", None),
    ],
)
def test_text_publication_date_layouts(value, expected):
    from ceasefire.ingest.dates import parse_date

    assert parse_date(value) == expected


def _normalise_reference(text: str) -> str:
    """The normalisation as first written (translate table, regex): the content ids of stored documents come from it."""
    import re
    import unicodedata

    from ceasefire.ingest.text import _TYPOGRAPHY

    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY)).strip()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  plain ASCII\ttext\n\nwith  spaces ",
        SAMPLE,
        "‘quoted’ „low“ «guillemets» – en — em ‐ hyphen soft\u00adhyphen",
        "no\u00a0break\u2009thin\u3000ideographic\u2028line\u0085next\x1cfile",
        "ﬁ ligature, full-width ＡＢＣ, ² superscript, Ⅻ numeral",
        "٣ قتلى في إدلب، ” حسب المرصد “",
    ],
)
def test_text_normalise_for_hash_unchanged(text):
    from ceasefire.ingest.text import normalise_for_hash

    assert normalise_for_hash(text) == _normalise_reference(text)
