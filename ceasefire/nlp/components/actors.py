"""``ceasefire_actors``: marks the actors a document names (dictionary first, then NER) on ``doc._.actors``."""

from __future__ import annotations

from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from ..actors import ActorDictionary

if not Doc.has_extension("actors"):
    Doc.set_extension("actors", default=None)


class ActorRecognizer:
    """Sets ``doc._.actors`` to the document's ``ActorMention`` list (canonical actor + the source's words)."""

    def __init__(self, dictionary: ActorDictionary, use_ner: bool) -> None:
        self.dictionary = dictionary
        self.use_ner = use_ner

    def __call__(self, doc: Doc) -> Doc:
        doc._.actors = self.dictionary.find(doc, use_ner=self.use_ner)
        return doc


@Language.factory(
    "ceasefire_actors",
    default_config={"dictionary_path": None, "use_ner": True},
    assigns=["doc._.actors"],
    requires=["doc.ents"],
)
def make_actor_recognizer(nlp: Language, name: str, dictionary_path: Optional[str], use_ner: bool) -> ActorRecognizer:
    """``dictionary_path`` None uses the bundled dictionary (``ceasefire/nlp/data/actors.yaml``)."""
    dictionary = ActorDictionary.from_file(dictionary_path) if dictionary_path else ActorDictionary.load()
    return ActorRecognizer(dictionary, use_ner)
