from datetime import date

from ceasefire.models import Document
from ceasefire.pipeline import PIPELINE_VERSION, extract_stored
from ceasefire.store import open_store

FRENCH = ("Les forces gouvernementales ont bombardé dimanche la ville de Khan Cheikhoun, tuant quatre civils, "
          "selon l'Observatoire syrien des droits de l'homme.")
ENGLISH = "Government forces shelled Khan Shaykhun on Sunday, killing four civilians, the Syrian Observatory for Human Rights said."


def test_pipeline_other_languages_are_stored_but_not_parsed_as_english(settings):
    french = Document(id="f" * 64, text=FRENCH, published=date(2019, 3, 4), language="fr")
    english = Document(id="e" * 64, text=ENGLISH, published=date(2019, 3, 4), language="en")
    with open_store(settings) as store:
        store.write_document(french)
        store.write_document(english)
        done, _ = extract_stored(store, settings)
        assert done == 2 and store.unextracted_documents(PIPELINE_VERSION) == []
        assert store.mentions(french.id) == [] and store.claims(french.id) == []
        assert store.mentions(english.id) != []
        assert {d for e in store.events(origin="text") for d in e.documents} == {english.id}


def test_pipeline_results_keep_the_order_of_a_mixed_batch(settings):
    from ceasefire.pipeline import extractor_for

    batch = [Document(id=f"{n}" * 64, text=text, published=date(2019, 3, 4), language=language)
             for n, (text, language) in enumerate([(FRENCH, "fr"), (ENGLISH, "en"), (FRENCH + " Hier.", "fr"), (ENGLISH + " Again.", "en")])]
    results = extractor_for(settings).process(batch)
    assert [r.document.id for r in results] == [d.id for d in batch]
    assert [bool(r.mentions) for r in results] == [False, True, False, True]
