import pytest

from ceasefire.geo.context import read_context


def _context(text: str, name: str, next_name: str | None = None):
    start = text.index(name)
    nxt = None
    if next_name:
        s = text.index(next_name, start + len(name))
        nxt = (s, s + len(next_name))
    return read_context(text, start, start + len(name), nxt)


@pytest.mark.parametrize("text,name,relation,admin,populated", [
    ("Fighters attacked positions near the town of Masasneh.", "Masasneh", "near", False, True),
    ("Clashes were reported north of Hama on Sunday.", "Hama", "north of", False, False),
    ("Strikes hit villages in northern Hama.", "Hama", "northern", True, False),
    ("Jets struck targets in the provinces of Idlib and Hama.", "Idlib", "province of", True, False),
    ("Jets struck targets in the provinces of Idlib and Hama.", "Hama", "province of", True, False),
    ("Shelling was reported in Idlib province.", "Idlib", "province of", True, False),
    ("Residents fled the village of Kafr Nabl.", "Kafr Nabl", None, False, True),
    ("A car bomb exploded in Azaz.", "Azaz", None, False, False),
    ("32 fighters killed during clashes in Aleppo countryside", "Aleppo", "near", False, False),
    ("Air strikes target Manbej and other areas of Aleppo northern countryside", "Aleppo", "near", False, False),
])
def test_context_relative_phrases(text: str, name: str, relation, admin: bool, populated: bool) -> None:
    ctx = _context(text, name)
    assert (ctx.relation, ctx.admin, ctx.populated) == (relation, admin, populated)


def test_context_comma_names_the_container() -> None:
    ctx = _context("Hogs were culled in Pandi, Bulacan on Sunday.", "Pandi", "Bulacan")
    assert ctx.within == "Bulacan"


@pytest.mark.parametrize("text, name, dateline", [
    ("WASHINGTON — The Senate voted on Tuesday.", "WASHINGTON", True),
    ("WASHINGTON The Senate voted on Tuesday.", "WASHINGTON", True),  # the corpus dropped the dash
    ("Washington (Reuters) The Senate voted.", "Washington", True),
    ("EDMONTON, Ky. (WBKO) -- A crash closed the road.", "EDMONTON", True),
    ("Ohio sparked a debate about the law.", "Ohio", False),  # an opening word, not a dateline
    ("Lawmakers in Washington voted on Tuesday.", "Washington", False),
    ("A New York-based group filed the suit.", "New York", True),  # where a company is based: a city
])
def test_context_dateline_names_a_city(text: str, name: str, dateline: bool) -> None:
    assert _context(text, name).dateline is dateline


@pytest.mark.parametrize("text, name, next_name, within", [
    ("Shelling on al Sabahiya area, Raqqa governorate", "Sabahiya", "Raqqa", "Raqqa"),
    ("Shelling on Tafas, Daraa", "Tafas", "Daraa", "Daraa"),
    ("Shelling on Tafas and Daraa", "Tafas", "Daraa", None),
    ("Shelling on Tafas area and Daraa", "Tafas", "Daraa", None),
    ("Strikes on Al Dar'iya neighbourhood, western Raqqa city", "Dar'iya", "Raqqa city", "Raqqa city"),
])
def test_context_within_after_a_kind_word(text: str, name: str, next_name: str, within) -> None:
    assert _context(text, name, next_name).within == within


@pytest.mark.parametrize("text, name, relation", [
    # where someone or something came from
    ("The killing of a displaced person from Homs province under torture in Jarabulus", "Homs", "from"),
    ("Shelling claims the lives of 4 displaced people from Hama countryside in Balyun Camp", "Hama", "from"),
    ("one displaced family from the countryside of Homs was killed in Uqayribat", "Homs", "from"),
    ("warplanes bombard the convoy launched from Tal Tamr towards Ras Al-Ayn", "Tal Tamr", "from"),
    ("a convoy heading from the northern countryside of Idlib “towards Aleppo”", "Idlib", "from"),
    ("a citizen from Daraa killed under torture", "Daraa", "from"),
    ("rockets fired from Idlib hit Hama city", "Idlib", "from"),
    # where it happened: leaving, being expelled, a distance, a toll
    ("ISIS withdraws from Bzaah and Qabasin", "Bzaah", None),
    ("The SDF expel ISIS from Ziban town", "Ziban", None),
    ("clashes in an area tens of kilometers away from Palmyra", "Palmyra", None),
    ("The death toll from Douma rises", "Douma", None),
])
def test_context_place_of_origin(text: str, name: str, relation) -> None:
    assert _context(text, name).relation == relation


@pytest.mark.parametrize("text, name, relation", [
    ("Shohadaa al-Yarmouk battalion clashes with rebels in Dar'a", "al-Yarmouk", "group"),
    ("fighters of the Martyrs of Idlib Brigade attack", "Idlib", "group"),
    ("Idlib brigade fighters advance", "Idlib", None),  # no name word before: "the brigade from Idlib"
    ("Clashes in Hama and the brigade retreats", "Hama", None),
])
def test_context_word_of_a_units_name(text: str, name: str, relation) -> None:
    assert _context(text, name).relation == relation


def test_context_direction_before_a_town_is_a_part_of_the_town() -> None:
    ctx = _context("Rebels shell eastern Aleppo city", "Aleppo")
    assert (ctx.relation, ctx.admin, ctx.populated) == ("eastern", False, True)
