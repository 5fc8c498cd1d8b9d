from datetime import date

import pytest

from ceasefire.eval.citations import Citation, parse_source_article, parse_source_headlines, row_citations


@pytest.mark.parametrize(
    "field, expected",
    [
        ('"SOHR,2019-03-03,Shelling on Khan Shaykhun"', [("SOHR", date(2019, 3, 3), "Shelling on Khan Shaykhun")]),
        (
            '"SOHR,2016-08-19,At least 20 casualties at the countryside of Homs, and more than 30 killed"',
            [("SOHR", date(2016, 8, 19), "At least 20 casualties at the countryside of Homs, and more than 30 killed")],
        ),
        (
            '"BBC Monitoring Middle East,2016-02-07,Four Iranians killed in Syria fighting "Islamic State, takfiris""',
            [("BBC Monitoring Middle East", date(2016, 2, 7), 'Four Iranians killed in Syria fighting "Islamic State, takfiris"')],
        ),
        (
            '"SOHR,2016-01-23,Raids on Idlib; more casualties";"Human Rights Watch,2016-02-08,Russia/Syria: Daily Cluster Munition Attacks"',
            [
                ("SOHR", date(2016, 1, 23), "Raids on Idlib; more casualties"),
                ("Human Rights Watch", date(2016, 2, 8), "Russia/Syria: Daily Cluster Munition Attacks"),
            ],
        ),
        (
            '"SOHR,2016-01-16,Warplanes bomb Kafriya and Al-Fu&#8217;ah\u200b"',
            [("SOHR", date(2016, 1, 16), "Warplanes bomb Kafriya and Al-Fu\u2019ah")],
        ),
        ("SOHR ,2017-05-08,Unquoted item;Airwars,2017-05-09,R3591", [("SOHR", date(2017, 5, 8), "Unquoted item"), ("Airwars", date(2017, 5, 9), "R3591")]),
        ('"Airwars,1753-01-01,Airwars assessment"', [("Airwars", None, "Airwars assessment")]),
    ],
)
def test_citations_parse_items(field, expected):
    parsed = parse_source_article(field)
    assert parsed.skipped == 0
    assert [(c.publisher, c.published, c.headline) for c in parsed.citations] == expected


@pytest.mark.parametrize(
    "field, good, skipped",
    [
        ('"SOHR,2019-03-03,Clashes in Hama";garbage without a date', 1, 1),
        ('"SOHR,2019-13-45,Impossible date";"SOHR,2019-03-03,Clashes in Hama"', 1, 1),
        ('"SOHR,2019-03-03,"', 0, 1),
        ("just some words", 0, 1),
        ("", 0, 0),
    ],
)
def test_citations_malformed_items_are_counted_not_fatal(field, good, skipped):
    parsed = parse_source_article(field)
    assert len(parsed.citations) == good
    assert parsed.skipped == skipped


def test_citations_fall_back_to_source_headline():
    row = {"source_article": "", "source_headline": "Two killed in Kafr Nabl shelling", "source_office": "VDC", "source_date": "2017-05-02"}
    assert row_citations(row).citations == (Citation("VDC", date(2017, 5, 2), "Two killed in Kafr Nabl shelling"),)


def test_citations_headline_lists_that_do_not_line_up_are_skipped():
    parsed = parse_source_headlines("One;Two;Three", "SOHR;VDC", "2017-05-02;2017-05-03")
    assert parsed.citations == () and parsed.skipped == 3


def test_citations_parse_every_item_of_the_shared_ged_file(shared_dir):
    from ceasefire.eval.ged import read_ged

    ged = read_ged(shared_dir / "data" / "ucdp" / "ged_syria_2016_2019.csv.gz")
    assert len(ged.events) == 16566
    assert ged.skipped_citations == 0
    assert ged.rows_without_citations == 0
