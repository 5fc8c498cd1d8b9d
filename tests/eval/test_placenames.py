import pytest

from ceasefire.eval.placenames import place_named_in, place_names


@pytest.mark.parametrize(
    "where, names",
    [
        ("Teir Maaleh village", ("Teir Maaleh",)),
        ("Deir ez Zor Governorate", ("Deir ez Zor",)),
        ("Umm Ashba/Barqah village", ("Umm Ashba", "Barqah")),
        ("Tiyas (T4) Airbase", ("Tiyas", "T4")),
        ("Al Mayadin district", ("Al Mayadin",)),
        ("Syria", ("Syria",)),
    ],
)
def test_placenames_drop_the_kind_word(where, names):
    assert place_names(where) == names


@pytest.mark.parametrize(
    "where, headline, named",
    [
        ("Teir Maaleh village", "14 shells hit Dahya al-Assad an clashes continue around Ter Ma\u2019la", True),
        ("Deir ez Zor Governorate", "About 440 killed and executed during the past 5 days in Deir Ezzor", True),
        ("Al Mayadin district", "Clashes between IS and the regime forces in al-Mayadin Desert", True),
        ("Kishtaar village", "The SDF advance in the countryside of Azaz and control Kasht\u2019aar", True),
        ("Suwaydiyah Kabirah village", "Clashes near Sweidiyeh Kabira", True),
        ("Palmyra/Tadmur town", "Warplanes strike Tadmur", True),
        ("Tah village", "The first 24 hours of the new ceasefire witness the death of one civilian", False),
        ("Dayr Sunbul town", "R3591", False),
        ("Aleppo town", "Clashes in the western countryside of Daraa", False),
    ],
)
def test_placenames_match_across_transliterations(where, headline, named):
    assert place_named_in(where, [headline]) is named
