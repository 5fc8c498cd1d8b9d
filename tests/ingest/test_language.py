import json

import pytest

from ceasefire.ingest import read_records
from ceasefire.ingest.language import DEFAULT_LANGUAGE, detect_language, language_code

ENGLISH = "Syrian government forces shelled the town of Khan Shaykhun on Sunday, killing four civilians, a monitor said."
FRENCH = "Les forces gouvernementales syriennes ont bombardé dimanche la ville de Khan Cheikhoun, tuant quatre civils, selon un observateur."
SPANISH = "Las fuerzas del gobierno sirio bombardearon el domingo la ciudad de Jan Sheijun y mataron a cuatro civiles, según un observatorio."
ARABIC = "قصفت قوات الحكومة السورية يوم الأحد بلدة خان شيخون مما أسفر عن مقتل أربعة مدنيين بحسب المرصد السوري لحقوق الإنسان."


@pytest.mark.parametrize("text, expected", [(ENGLISH, "en"), (FRENCH, "fr"), (SPANISH, "es"), (ARABIC, "ar")])
def test_language_detected_from_text(text, expected):
    assert detect_language(text) == expected


# An incident record that names each place in Arabic and in English (written for this test).
BILINGUAL = (
    "March 3rd 2019: (S1234) خان شيخون – معرة النعمان – سراقب – كفرنبل – حاس – معرشورين – تلمنس "
    "Khan Shaykhun, Maarat al-Numan and Saraqib, Idlib governorate, Syria. "
    "Two civilians were reportedly killed in an air strike on a market."
)
# An Arabic report quoting an English name: the Latin-script part is too short to be read on its own.
ARABIC_WITH_A_NAME = ARABIC + " (Syrian Observatory for Human Rights)"


# A short record whose Latin-script part is most of it, though under MIN_LETTERS (written for this test).
SHORT_BILINGUAL = "May 2nd 2017: (S1234) السكرية , Sukariya, Deir Ezzor governorate, Syria"


@pytest.mark.parametrize("text, expected", [(BILINGUAL, "en"), (ARABIC_WITH_A_NAME, "ar"), (SHORT_BILINGUAL, "en")])
def test_language_of_bilingual_text_is_english_when_its_latin_part_is(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["Idlib", "Shelling in Hama", "12 killed", ""])
def test_language_short_text_keeps_english_default(text):
    assert detect_language(text) == DEFAULT_LANGUAGE


@pytest.mark.parametrize("tag, code", [("en-GB", "en"), ("FR", "fr"), ("ar_SY", "ar"), ("", None), (None, None), ("english", None)])
def test_language_code_from_declared_tag(tag, code):
    assert language_code(tag) == code


def test_language_declared_by_source_wins_over_detection(tmp_path, settings):
    path = tmp_path / "items.jsonl"
    rows = [{"text": FRENCH, "language": "en-US"}, {"text": FRENCH}, {"text": ENGLISH, "lang": "fr"}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    languages = [r.document.language for r in read_records(path, settings)]
    assert languages == ["en", "fr", "fr"]


def test_language_of_plain_text_file_is_detected(tmp_path, settings):
    path = tmp_path / "article.txt"
    path.write_text(ARABIC + "\n", encoding="utf-8")
    [record] = list(read_records(path, settings))
    assert record.document.language == "ar"


@pytest.mark.parametrize(
    "text",
    ["", "12 killed_in 2019!", ENGLISH, FRENCH, ARABIC, BILINGUAL, "²³ ½ Ⅻ ٣ fi ﬁ Ǆ ǅ", "mixed ÉTÉ été 東京 Δ δ_"],
)
def test_language_letter_count_is_the_regex_count(text):
    from ceasefire.ingest.language import _LETTERS, _count_letters

    assert _count_letters(text) == len(_LETTERS.findall(text))
