import pytest

from ceasefire.geo.names import bare_key, name_key, skeleton_key

VARIANTS = [
    ("Masasneh", "Masasinah"), ("Masasnah", "Masasinah"), ("al-Masasna", "Masasinah"),
    ("Baghuz", "al-Baghuz"), ("Baghouz", "Baghuz"),
    ("Khan Shaykhun", "Khan Sheikhoun"), ("Idlib", "Idleb"), ("Hama", "Hamah"), ("Ḩamāh", "Hama"),
    ("Deir ez-Zor", "Dayr az Zawr"), ("Qusayr", "Kusayr"),
]


@pytest.mark.parametrize("a,b", VARIANTS)
def test_names_skeleton_joins_transliterations(a: str, b: str) -> None:
    assert skeleton_key(a) == skeleton_key(b)


@pytest.mark.parametrize("a,b", [("Hama", "Homs"), ("Idlib", "Aleppo"), ("Baghuz", "Bab")])
def test_names_skeleton_keeps_different_places_apart(a: str, b: str) -> None:
    assert skeleton_key(a) != skeleton_key(b)


@pytest.mark.parametrize("name,expected", [
    ("al-Baghuz", "baghuz"), ("Ar-Raqqa", "raqqa"), ("ash-Shaddadi", "shaddadi"), ("Jisr al-Shughur", "jisr shughur"),
    ("ad-Dana", "dana"), ("el-Arish", "arish"), ("الرقة", "رقه"),
])
def test_names_bare_key_drops_articles(name: str, expected: str) -> None:
    assert bare_key(name) == expected


@pytest.mark.parametrize("name,expected", [("U.S.", "us"), ("Khān Shaykhūn", "khan shaykhun"), ("Dar'a", "dara"), ("São Paulo", "sao paulo")])
def test_names_name_key_normalises(name: str, expected: str) -> None:
    assert name_key(name) == expected


@pytest.mark.parametrize("glued,spaced", [
    ("Deir Ezzor", "Deir ez-Zor"), ("Dayr Azzawr", "Dayr az-Zawr"), ("Bab Assalama", "Bab as-Salama"), ("Tulul Assafa", "Tulul as-Safa"),
])
def test_names_bare_key_splits_glued_article_inside_a_name(glued: str, spaced: str) -> None:
    assert bare_key(glued) == bare_key(spaced)


@pytest.mark.parametrize("name,expected", [("Essen", "essen"), ("Addis Ababa", "addis ababa"), ("Ennis", "ennis")])
def test_names_bare_key_keeps_first_words_like_articles(name: str, expected: str) -> None:
    assert bare_key(name) == expected


@pytest.mark.parametrize("a,b", [
    ("Al-Rihan", "Ar Rayhan"), ("Benech", "Binnish"), ("Sokhna", "As Sukhnah"),
    ("Suweidan Jazira", "Suwaydan Jazirah"), ("Kefraya", "Kafrayya"), ("Reihan", "Rayhan"),
])
def test_names_vowel_folded_joins_romanisations(a: str, b: str) -> None:
    from ceasefire.geo.names import vowel_folded

    assert vowel_folded(bare_key(a)) == vowel_folded(bare_key(b))


@pytest.mark.parametrize("a,b", [("Hama", "Homs"), ("Rihan", "Rihaniya"), ("Marat", "Marata"), ("Dariya", "Dar'a"), ("Benech", "Baniyas")])
def test_names_vowel_folded_keeps_different_names_apart(a: str, b: str) -> None:
    from ceasefire.geo.names import vowel_folded

    assert vowel_folded(bare_key(a)) != vowel_folded(bare_key(b))
