from datetime import date

from ceasefire.eval.citations import Citation
from ceasefire.eval.documents import ingest_citations


def test_documents_go_through_the_ingest_stage(store, settings, tmp_path):
    citations = [
        Citation("SOHR", date(2016, 9, 1), "Shelling on Idlib kills 3"),
        Citation("SOHR", date(2016, 9, 2), "Shelling on Idlib kills 3"),  # same text: one document
        Citation("Reuters News", date(2016, 9, 2), "Air strikes hit \u201crebel-held\u201d Aleppo"),
    ]
    ingested = ingest_citations(citations, store, settings, tmp_path)
    assert ingested.problems == []
    assert len(ingested.documents) == store.count_documents() == 2
    ids = ingested.document_ids
    assert ids[citations[0].key] == ids[citations[1].key] != ids[citations[2].key]
    first = store.document(ids[citations[0].key])
    assert (first.publisher, first.published, first.text) == ("SOHR", date(2016, 9, 1), "Shelling on Idlib kills 3")
    assert store.document(ids[citations[2].key]).publisher == "Reuters News"
