from datetime import date

import pytest

from ceasefire.ingest.boilerplate import classify, clean_article


@pytest.fixture(scope="module")
def example(example_article):
    raw = example_article.read_text(encoding="utf-8")
    return raw, clean_article(raw)


@pytest.mark.parametrize(
    "field, expected",
    [
        ("title", "Video: Al Qaeda Strikes Back. Major Escalation in Syria's Northern Hama"),
        ("byline", "South Front"),
        ("publisher", "Global Research"),
        ("published", date(2019, 3, 5)),
        ("original_source", "South Front"),
        ("original_published", date(2019, 3, 4)),
        ("tags", ["Middle East & North Africa", "US NATO War Agenda", "SYRIA"]),
    ],
)
def test_boilerplate_example_metadata(example, field, expected):
    assert getattr(example[1], field) == expected


@pytest.mark.parametrize(
    "dropped",
    [
        "share buttons",
        "Forward this article",
        "PayPal",
        "patreon",
        "Copyright",
        "original source of this article",
        "Comment on Global Research",
        "Become a Member",
        "Articles by",
        "Disclaimer",
        "copyrighted material",
        "media inquiries",
        "Region:",
        "In-depth Report",
        "By South Front",
        "[",
        "Strikes Back",
    ],
)
def test_boilerplate_example_drops(example, dropped):
    assert dropped.lower() not in example[1].text.lower()


def test_boilerplate_example_keeps_every_paragraph(example):
    raw, article = example
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 7
    assert paragraphs[0].startswith("In the morning of March 3, fighters of the al-Qaeda-affiliated group Ansar al-Tawhid")
    assert "will soon eliminate the ISIS-held pocket. After this Washington will have to find" in paragraphs[-1]
    assert paragraphs[-1].endswith("US-occupied part of the country.")
    for paragraph in paragraphs[:-1]:
        assert paragraph in raw  # untouched paragraphs keep their exact wording


@pytest.mark.parametrize(
    "line, kind",
    [
        ("", "blank"),
        ("* * *", "separator"),
        ("[Home](/) | [World](/world) | [Middle East](/world/me)", "navigation"),
        ("Source: https://example.org/reports/2020", "navigation"),
        ("Follow us on Twitter and Facebook for live updates.", "appeal"),
        ("Support our journalism: donate today via PayPal or become a member.", "appeal"),
        ("Sign up for our daily newsletter.", "appeal"),
        ("© 2021 The Example Times Ltd", "legal"),
        ("All rights reserved. This material may not be reproduced without permission.", "legal"),
        ("The views expressed in this article do not necessarily reflect those of the editors.", "legal"),
        ("Press contacts: newsroom@example.org", "legal"),
        ("This article was originally published by The Example Post.", "source"),
        ("Turkey's support for rebel groups in Idlib has angered Moscow, which has backed the Syrian government since 2015.", "prose"),
        ("Fighting resumed on Monday.", "sentence"),
        ("Background", "short"),
        # the literal screens in front of the patterns (a "](", "<", "://" or "www.", two spaces or a tab, a menu separator)
        ("Visit WWW.EXAMPLE.ORG", "navigation"),
        ("Read it at <https://example.org/a>", "short"),  # the autolink is dropped from the plain text
        ("News\t|\tVideo\t|\tOpinion", "navigation"),
        ("Home  >  World  >  Middle East", "navigation"),
        ("Home > World", "short"),
        ("Shelling hit the town of Saraqib and/or nearby villages on Monday, the  monitor said.", "prose"),
        ("Shelling hit the town of Saraqib on Monday (see [the map](https://example.org/map)), a monitor said.", "prose"),
    ],
)
def test_boilerplate_classify(line, kind):
    assert classify(line).kind == kind


@pytest.mark.parametrize(
    "line, plain, links, words",
    [
        ("Follow us: <https://t.me/x>  and  www.example.org", "Follow us: and www.example.org", (), 3),
        ("See [the map](https://example.org/map) and [ ](x)\t now", "See the map and now", ("the map",), 5),
        ("  two  spaces\tand a tab ", "two spaces and a tab", (), 5),
        ("HTTPS://EXAMPLE.ORG/A b", "HTTPS://EXAMPLE.ORG/A b", (), 1),
    ],
)
def test_boilerplate_classify_plain_text_and_words(line, plain, links, words):
    found = classify(line)
    assert (found.plain, found.links, found.words) == (plain, links, words)


def test_boilerplate_generic_page_header_and_footer():
    page = "\n".join(
        [
            "Home > World > Middle East",
            "",
            "Rockets hit Tal Tamr as talks stall",
            "By Rana Saleh and Tom Weir",
            "Published: 12 June 2020",
            "Tags: Syria, Hasakah, Ceasefire",
            "",
            "Several rockets struck residential areas of Tal Tamr late on Thursday, wounding three children, the local health",
            "authority said in a statement on Friday morning.",
            "",
            "Talks between the two sides over the road linking the town with Qamishli have stalled for a second week, officials said.",
            "",
            "Nobody was killed.",
            "",
            "Share this:",
            "[Twitter](https://twitter.example/share) [Facebook](https://facebook.example/share)",
            "Related",
            "© 2020 Northern Desk. All rights reserved.",
        ]
    )
    article = clean_article(page)
    assert article.title == "Rockets hit Tal Tamr as talks stall"
    assert article.byline == "Rana Saleh and Tom Weir"
    assert article.published == date(2020, 6, 12)
    assert article.tags == ["Syria", "Hasakah", "Ceasefire"]
    assert article.text.split("\n\n") == [
        "Several rockets struck residential areas of Tal Tamr late on Thursday, wounding three children, the local health authority said in a statement on Friday morning.",
        "Talks between the two sides over the road linking the town with Qamishli have stalled for a second week, officials said.",
        "Nobody was killed.",
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a hard-wrapped paragraph is one paragraph again
        ("The convoy left Homs at dawn and reached the\nvillage of Talbiseh before noon, witnesses told reporters there.", "reached the village of Talbiseh"),
        # a hyphenated line break inside a compound keeps its hyphen
        ("Fighters withdrew from the ISIS-\n\nheld pocket near the river after days of air strikes on their positions.", "the ISIS-held pocket"),
        # a soft hyphen at a line break is dropped when the whole word occurs elsewhere
        ("The bombing cam-\npaign began in May and the campaign has since displaced many thousands of people from the area.", "The bombing campaign began"),
    ],
)
def test_boilerplate_rejoins_broken_lines(text, expected):
    assert expected in clean_article(text).text


def test_boilerplate_keeps_a_plain_text_without_header():
    text = "Gunmen attacked a police station in the town.\nTwo officers were injured."
    assert clean_article(text).text == "Gunmen attacked a police station in the town.\n\nTwo officers were injured."


@pytest.mark.parametrize("text", ["https://example.org/daily-reports-sep16/", "   ", ""])
def test_boilerplate_text_without_body_gives_empty_article(text):
    assert clean_article(text).text == ""
