"""``ceasefire_event_detector``: finds the sentences (or clauses) that report an event, and their trigger words.

A candidate needs a trigger from the codebook cue lexicon (``ceasefire.trigger_lexicon.v1``)
that is asserted as having happened: triggers under a modal ("should be
withdrawn"), a negation, a condition ("if ... take no measures"), a
speculation or plan ("speculated that the advance is imminent"), or in a
past-perfect subordinate clause (background: "which had been established")
do not count, nor does a trigger after "no"; what comes "after" an act
happened, and a negated verb of ending ("the fighting does not stop")
asserts. A sentence gives one candidate per clause that carries triggers; a
headline that coordinates two reports in one clause ("Continued clashes around
Menbej and shells target Aleppo city") gives one per report when each part has a
trigger and a name of its own. Besides the codebook cues, toll and death wording
(``TOLL_PATTERN``) and a few detector-only words (``DETECTOR_ONLY_WORDS``)
trigger a mention; the whole lexicon is ``trigger_lexicon()``, which a
sentence pre-filter must use to stay a superset of what fires here.
Candidates go to ``doc.spans["event_mentions"]``, each with its
trigger on ``span._.trigger`` and its sentence index on ``span._.sentence_index``;
the typer then labels them.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import registry

from ..cues import CUE_PATTERNS, TOLL_CUE, TOLL_PATTERN, TRIGGER_CUES
from ..doc_text import doc_text
from ..pattern_screen import CaseInsensitivePattern, PatternScreen

SPANS_KEY = "event_mentions"

for _name, _default in (("trigger", None), ("sentence_index", -1), ("trigger_cues", ()), ("event_code", None), ("event_confidence", 0.0)):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=_default)

MODALS = {"should", "would", "could", "might", "may", "must", "will", "shall", "can", "'ll", "ought"}
# Verbs whose complement is not (yet) an event: plans, threats, opinions.
IRREALIS_VERBS = {
    "speculate", "expect", "threaten", "plan", "prepare", "tolerate", "fear", "vow", "intend", "aim", "seek",
    "demand", "urge", "want", "hope", "try", "attempt", "allow", "prevent", "avoid", "refuse", "warn", "predict", "consider",
    "appear", "seem", "comment", "condemn", "denounce", "discuss",
}
# Nouns that refer back to an event already told ("commented on the attack") when definite; in a
# document's first mention ("The attack of X kills 30" as a headline) there is nothing to refer back to.
ANAPHORIC_CUES = {"attack", "fighting", "killing", "agreement"}
# Cue words that name the people rather than the act ("gunmen loyal to them"): evidence for the
# typer, never the trigger of a mention of their own.
ACTOR_WORDS = {"gunmen", "gunman"}
DEFINITE = {"the", "this", "that", "these", "those", "its", "their", "his", "her"}
# Withdrawing or fleeing people are displacement, not a move of an armed group.
CIVILIAN_SUBJECTS = {"people", "civilian", "resident", "family", "refugee", "villager", "inhabitant", "person"}
# Verbs of saying stop the upward walk: "it should be noted that X struck Y" still asserts the strike.
REPORTING_VERBS = {"say", "note", "report", "tell", "reveal", "claim", "add", "state", "announce", "confirm", "write", "show", "indicate"}
SUBORDINATE_DEPS = {"relcl", "acl", "ccomp", "advcl", "xcomp"}


# Trigger words the detector adds to a cue group, kept out of the classifier's cue features as the toll words are:
# military operations against an armed group are fighting ("The military operations continue ... against ISIS in
# Tlul al-Safa area"; the cue group's own "operation" matches the singular only).
DETECTOR_ONLY_WORDS = {"fighting": r"\b(?:(?:military|combat|ground) operations|operations against)\b"}


@registry.misc("ceasefire.trigger_lexicon.v1")
def trigger_lexicon() -> dict[str, str]:
    """The cue groups that can trigger an event mention (name -> regular expression)."""
    lexicon = {name: CUE_PATTERNS[name] for name in TRIGGER_CUES}
    for name, words in DETECTOR_ONLY_WORDS.items():
        lexicon[name] = f"{lexicon[name]}|{words}"
    return {**lexicon, TOLL_CUE: TOLL_PATTERN}


# Prepositions whose object happened before the clause it is attached to, whatever mood that clause is in.
PRIOR_MARKERS = {"after", "following"}
# Verbs of ending: negated, they assert that the event goes on ("the fighting does not stop").
ENDING_VERBS = {"stop", "cease", "end", "halt", "calm", "subside", "abate", "ease", "pause"}


def _asserted(token: Token, sentence_lower: str | None = None) -> bool:
    """False when the trigger sits under a modal, a negation, a condition, a plan, or background past perfect.

    ``sentence_lower``: the lower-cased text of the token's sentence, when the caller has it.
    """
    if "imminent" in (token.sent.text.lower() if sentence_lower is None else sentence_lower):
        return False
    if any(c.dep_ == "det" and c.lower_ == "no" for c in token.children):
        return False  # "no clashes took place", "no casualties"
    node, below = token, token
    for _ in range(12):  # sentences are shallow; the bound guards against cycles in odd parses
        if node.i != token.i and node.lemma_ in REPORTING_VERBS:
            break
        if node.dep_ in ("pcomp", "pobj") and node.head.lower_ in PRIOR_MARKERS:
            break  # "... seek to achieve a new advancement after shelling it": what came before happened
        children = list(node.children)
        ends_not = node.i != token.i and node.lemma_ in ENDING_VERBS and below.dep_ in ("nsubj", "nsubjpass")
        if any(c.dep_ == "neg" for c in children) and not ends_not:
            return False
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in MODALS for c in children):
            return False
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in children):
            return False
        # a plan's complement is not asserted; its subject is ("Ongoing fighting ... and the army seek to ...")
        if node.i != token.i and node.lemma_ in IRREALIS_VERBS and below.dep_ not in ("nsubj", "nsubjpass", "csubj"):
            return False
        if node.dep_ in SUBORDINATE_DEPS and any(c.dep_ in ("aux", "auxpass") and c.lower_ == "had" for c in children):
            return False
        if node.head.i == node.i:
            break
        node, below = node.head, node
    return True


def _anaphoric(token: Token, cue: str) -> bool:
    """A definite noun ("the attack", "their advance") names an event told before, not a new one."""
    return cue in ANAPHORIC_CUES and token.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ in ("det", "poss") and c.lower_ in DEFINITE for c in token.children
    )


def _displacement(token: Token, cue: str) -> bool:
    return cue in ("group_change", "transfer") and any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in CIVILIAN_SUBJECTS for c in token.children
    )


def _clause_root(token: Token) -> Token:
    """The verb heading the finite clause the token belongs to (the sentence root at most).

    Participle clauses ("..., killing 12") belong to their main clause; a clause
    with its own subject ("while a bomber blew himself up") is a clause of its own.
    """
    node = token
    while node.head.i != node.i:
        if node.pos_ in ("VERB", "AUX") and (
            node.dep_ in ("conj", "parataxis")
            or (node.dep_ in ("advcl", "ccomp") and any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children))
        ):
            return node
        node = node.head
    return node


# Words that join two reports in a headline: "Clashes around Menbej and shells target Aleppo city".
COORDINATORS = {"and", ",", ";", "while", "amid", "as", "whereas"}
_NAME_LABELS = {"GPE", "LOC", "FAC", "ORG", "NORP", "PERSON"}


def _names_somewhere(span: Span) -> bool:
    """The stretch names a place or group (a proper noun past its first word, or a named entity)."""
    return any((t.pos_ == "PROPN" and t.i > span.start) or t.ent_type_ in _NAME_LABELS for t in span)


def _toll_of_subject(sent: Span, cut: int, right: Span, cue: str) -> bool:
    """The toll after the coordinator is the result of a subject before it: "Air strikes on X and Y result in casualties",
    "2 explosions in X and Y kill 5 women".

    The coordinator joins two places of one report there, not two reports.
    """
    if cue not in (TOLL_CUE, "killing"):
        return False
    # a verb with a subject of its own after the coordinator ("... and a fighter was killed in clashes at Aleppo")
    # is a report of its own, whatever else the parse makes its subject
    return any(
        t.pos_ in ("VERB", "AUX")
        and any(c.dep_ in ("nsubj", "nsubjpass") and sent.start <= c.i < cut for c in t.children)
        and not any(c.dep_ in ("nsubj", "nsubjpass") and cut < c.i < t.i for c in t.children)
        for t in sent.doc[cut + 1 : right.end]
    )


def _participle_after(sent: Span, cut: int, right: Span, cue: str) -> bool:
    """The comma opens a participle clause ("..., raising the death toll to 16"): it tells more of the
    report before it, not a report of its own (unless the participle is an act itself: "..., shelling X")."""
    following = sent.doc[cut + 1] if cut + 1 < sent.end else None
    if sent.doc[cut].text != "," or following is None or following.tag_ != "VBG" or following.pos_ != "VERB":
        return False
    return cue == TOLL_CUE or not right.start <= following.i < right.end


def _coordinated_reports(sent: Span, triggers: list[tuple[Span, str]]) -> list[tuple[int, int, list[tuple[Span, str]]]]:
    """Headline-style coordination of reports the parse keeps in one clause, split at the coordinator.

    "Continued clashes around Menbej and shells target Aleppo city" is two reports, each with its own
    trigger and its own name; the parser often makes the first a subject of the second. A part with no
    name of its own ("clashes at the outskirts of the city") stays with the report before it.
    """
    if len(triggers) < 2:
        return []
    cuts = []
    for (left, _), (right, cue) in zip(triggers, triggers[1:]):
        between = [t for t in sent.doc[left.end : right.start] if t.lower_ in COORDINATORS]
        if between and not _toll_of_subject(sent, between[-1].i, right, cue) and not _participle_after(sent, between[-1].i, right, cue):
            cuts.append(between[-1].i)
    if not cuts:
        return []
    bounds = [sent.start, *cuts, sent.end]
    parts: list[tuple[int, int, list[tuple[Span, str]]]] = []
    for a, b in zip(bounds, bounds[1:]):
        start = a if a == sent.start else a + 1
        members = [pair for pair in triggers if start <= pair[0].start and pair[0].end <= b]
        first_unnamed = len(parts) == 1 and not _names_somewhere(sent.doc[parts[0][0] : parts[0][1]])
        if parts and (not members or first_unnamed or not _names_somewhere(sent.doc[start:b])):
            # a part without a name belongs to the report before it; the first one, to the report it opens
            # ("Tens of casualties in massacres by warplanes | and helicopter on Aleppo city | and more casualties in al-Bab")
            previous = parts[-1]
            parts[-1] = (previous[0], b, previous[2] + members)
        elif members:
            parts.append((start, b, members))
    if len(parts) < 2 or not _names_somewhere(sent.doc[parts[0][0] : parts[0][1]]):
        return []
    return parts


class EventDetector:
    """Marks event-mention candidates: one per sentence, or one per clause when coordinated clauses carry separate triggers."""

    def __init__(self, lexicon: dict[str, str], split_clauses: bool, max_sentence_chars: int) -> None:
        # scanned in the lower-cased sentence where that finds the same spans (ASCII text; see pattern_screen)
        self.patterns = {name: CaseInsensitivePattern(pattern) for name, pattern in lexicon.items()}
        # most sentences hold words of few cue groups: the others are not scanned (same matches, see pattern_screen)
        self.screen = PatternScreen(list(lexicon.values()))
        self.split_clauses = split_clauses
        self.max_sentence_chars = max_sentence_chars

    def triggers(self, sent: Span, told_before: bool = True, text: str | None = None) -> list[tuple[Span, str]]:
        """(trigger span, cue name) for every asserted trigger in the sentence, in text order.

        ``told_before``: an event was told earlier in the document, so a definite noun can refer back to it.
        ``text``: the sentence's text, when the caller has it (spaCy joins the tokens again on every ``sent.text``).
        """
        found: dict[int, tuple[Span, str]] = {}
        text = doc_text(sent.doc)[sent.start_char : sent.end_char] if text is None else text
        lower = text.lower()
        if "imminent" in lower:
            return []  # _asserted rejects every trigger of such a sentence
        possible = self.screen.mask(text, lower)
        for i, (name, pattern) in enumerate(self.patterns.items()):
            if not possible >> i & 1:
                continue
            for match in pattern.finditer(text, lower):
                span = sent.doc.char_span(sent.start_char + match.start(), sent.start_char + match.end(), alignment_mode="expand")
                if span is None or span.start in found or span.root.lower_ in ACTOR_WORDS:
                    continue
                if told_before and _anaphoric(span.root, name):
                    continue
                if _asserted(span.root, lower) and not _displacement(span.root, name):
                    found[span.start] = (span, name)
        return [found[k] for k in sorted(found)]

    def __call__(self, doc: Doc) -> Doc:
        candidates: list[Span] = []
        whole = doc_text(doc)  # each sentence's text sliced from it (``sent.text`` joins the tokens again)
        for index, sent in enumerate(doc.sents):
            text = whole[sent.start_char : sent.end_char]
            if len(text) > self.max_sentence_chars:
                continue  # boilerplate blobs, tables: not a sentence
            triggers = self.triggers(sent, told_before=bool(candidates), text=text)
            if not triggers:
                continue
            groups: dict[int, list[tuple[Span, str]]] = {}
            for trigger, name in triggers:
                root = _clause_root(trigger.root) if self.split_clauses else sent.root
                groups.setdefault(root.i, []).append((trigger, name))
            if len(groups) == 1:
                parts = _coordinated_reports(sent, triggers) if self.split_clauses else []
                if parts:
                    candidates.extend(self._candidate(sent.doc[a:b], index, members) for a, b, members in parts)
                else:
                    candidates.append(self._candidate(sent, index, triggers))
                continue
            candidates.extend(self._split(sent, index, groups))
        doc.spans[SPANS_KEY] = candidates
        return doc

    def _split(self, sent: Span, index: int, groups: dict[int, list[tuple[Span, str]]]) -> list[Span]:
        """One candidate per clause: a subordinate or coordinated clause is its subtree, the main clause what precedes it."""
        doc = sent.doc
        clauses = []
        for root_i, members in groups.items():
            root = doc[root_i]
            if root.i == sent.root.i:
                continue
            clauses.append((root.left_edge.i, root.right_edge.i + 1, members))
        clauses.sort(key=lambda c: c[0])
        out = []
        main = groups.get(sent.root.i)
        if main:
            first = clauses[0][0] if clauses else sent.end
            end = first if all(t.end <= first for t, _ in main) else sent.end
            if end == sent.end:
                # the main clause spans the sentence: every trigger in it is a trigger of this candidate
                main = sorted((pair for members in groups.values() for pair in members), key=lambda pair: pair[0].start)
                # ... unless the sentence coordinates reports the parse tangled ("Casualties in Saqba and shells
                # target areas in Hodr town", with "shells" read as a verb): one candidate per report
                parts = _coordinated_reports(sent, main)
                if parts:
                    return [self._candidate(doc[a:b], index, members) for a, b, members in parts]
            out.append(self._candidate(doc[sent.start : end], index, main))
        # A clause that starts inside a trigger of the main clause ("X town's massacre claims | the lives of 13
        # ..., raising the death toll") is the main clause's object, not a report of its own: the whole-sentence
        # candidate, which keeps the name before the trigger, carries its triggers.
        straddled = {start for start, _, _ in clauses if any(t.start < start < t.end for t, _ in groups.get(sent.root.i, []))}
        for start, end, members in clauses:
            if main and (end - start >= len(sent) - 1 or start in straddled):
                continue  # a "clause" spanning the sentence is a parse artefact: the main candidate covers it
            out.append(self._candidate(doc[start:end], index, members))
        return out

    @staticmethod
    def _candidate(span: Span, index: int, triggers: list[tuple[Span, str]]) -> Span:
        span = span.doc[span.start : span.end]  # a fresh Span object, so extensions don't leak between candidates
        span._.sentence_index = index
        span._.trigger = triggers[0][0]
        span._.trigger_cues = tuple((t.start, t.end, name) for t, name in triggers)
        return span


@Language.factory(
    "ceasefire_event_detector",
    default_config={"lexicon": {"@misc": "ceasefire.trigger_lexicon.v1"}, "split_clauses": True, "max_sentence_chars": 1500},
    assigns=["doc.spans", "span._.trigger", "span._.sentence_index"],
    requires=["token.dep", "token.lemma"],
)
def make_event_detector(nlp: Language, name: str, lexicon: dict[str, str], split_clauses: bool, max_sentence_chars: int) -> EventDetector:
    return EventDetector(lexicon, split_clauses, max_sentence_chars)
