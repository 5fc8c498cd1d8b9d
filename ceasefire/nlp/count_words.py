"""The words a count is read with: what it counts (killed, wounded, captured ...) and which nouns count people."""

from __future__ import annotations

COUNT_KINDS: dict[str, str] = {
    **dict.fromkeys(("kill", "killed", "die", "dead", "death", "eliminate", "execute", "slay", "massacre", "liquidate",
                     "neutralize", "neutralise", "perish", "behead", "murder", "assassinate", "fatality", "body",
                     "corpse", "martyr", "martyred", "toll", "life", "lives"), "fatalities"),
    **dict.fromkeys(("wound", "wounded", "injure", "injured", "hurt", "injury", "maim"), "injured"),
    **dict.fromkeys(("capture", "arrest", "detain", "abduct", "kidnap", "seize", "surrender", "imprison", "hostage",
                     "prisoner", "captive", "detainee"), "captured"),
    **dict.fromkeys(("displace", "displaced", "flee", "withdraw", "uproot", "refugee", "escape", "leave"), "displaced"),
    **dict.fromkeys(("besiege", "besieged", "trap", "trapped", "encircle", "encircled", "surround", "siege"), "besieged"),
    **dict.fromkeys(("evacuate", "evacuated", "evacuation", "evacuee", "relocate", "bus"), "evacuated"),
    **dict.fromkeys(("missing", "disappear"), "missing"),
}
PERSON_NOUNS = frozenset({
    "soldier", "member", "fighter", "people", "person", "civilian", "militant", "troop", "terrorist", "man", "woman",
    "child", "serviceman", "personnel", "rebel", "insurgent", "jihadist", "policeman", "officer", "resident",
    "family", "villager", "gunman", "guerrilla", "mercenary", "militiaman", "combatant", "worker", "student",
    "refugee", "wounded", "dead", "body", "casualty", "hostage", "prisoner", "recruit", "pilot", "commander",
    "individual", "kid", "boy", "girl", "infant", "journalist", "doctor", "volunteer", "inhabitant", "detainee",
    "martyr", "victim", "others", "them", "they", "ones", "protester", "demonstrator", "police",
    "citizen", "death", "fatality", "corpse",
    # ranks, trades and kin that headlines count ("4 commandos", "3 guards", "a colonel with wife and son")
    "commando", "guard", "loyalist", "paramilitary", "conscript", "sniper", "jihadi", "agent", "operative", "leader",
    "elder", "judge", "cleric", "patient", "nurse", "paramedic", "medic", "trooper", "marine", "youth", "teenager",
    "elderly", "mother", "father", "son", "daughter", "brother", "wife", "husband", "baby", "toddler", "shepherd",
    "farmer", "defector", "element", "staff", "colonel", "general", "brigadier", "captain", "lieutenant", "sergeant",
    "militia", "shabiha", "infiltrator", "attacker", "bomber", "teacher", "driver",
})

CIVILIAN_NOUNS = frozenset({"civilian", "people", "person", "resident", "child", "woman", "villager", "family",
                            "inhabitant", "kid", "boy", "girl", "infant", "refugee"})
