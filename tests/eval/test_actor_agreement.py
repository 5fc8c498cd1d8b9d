from datetime import date

import pytest

from ceasefire.eval.actor_agreement import sides_agreeing
from ceasefire.models import Event


@pytest.mark.parametrize(
    "side_a, side_b, actor1, actor2, agreeing",
    [
        ("Government of Syria", "Syrian insurgents", "Military Forces of Syria", "Opposition Rebels (Syria)", 2),
        ("Government of Syria", "Syrian insurgents", "Syrian army", "Hayat Tahrir al-Sham", 2),  # a named rebel group is an insurgent
        ("Government of Syria", "HTS, Southern Front", "Opposition Rebels (Syria)", "Military Forces of Syria", 2),
        ("IS", "SDF", "Isis", None, 1),  # spelled as in the text, sides in any order
        ("Government of Syria", "Syrian insurgents", "Islamic State", "Daraya", 0),  # IS is not an insurgent group for UCDP
        ("IS", "Civilians", "Islamic State", "Civilians", 2),
        # GED codes a secondary party under the primary party it fights beside
        ("Government of Syria", "Syrian insurgents", "Military Forces of Russia", "Jaysh al-Islam", 2),
        ("IS", "SDF", "Islamic State", "YPG", 2),
        ("IS", "SDF", "Global Coalition Against Daesh", None, 1),
        ("Hawar Kilis Operations Room", "IS", "Military Forces of Turkey", "Islamic State", 2),
        ("SNA", "SDF", "Military Forces of Turkey", "YPG", 2),
        # but not under the other side
        ("Government of Syria", "Syrian insurgents", "Military Forces of Turkey", None, 1),
        ("Government of Syria", "IS", "Military Forces of Russia", "Global Coalition Against Daesh", 1),
    ],
)
def test_actor_agreement_counts_sides(side_a, side_b, actor1, actor2, agreeing):
    event = Event("e", date(2019, 1, 1), "Battles", "Armed clash", actor1=actor1, actor2=actor2)
    assert sides_agreeing(side_a, side_b, event) == agreeing
