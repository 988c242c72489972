"""Word lists for synthetic events: topical vocabulary, actors with aliases, themes and lanes."""

from __future__ import annotations

import numpy as np

#: (name, kind, aliases): the aliases are what makes "Lukashenka" find "Lukashenko".
ACTORS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Belarus", "state", ("Беларусь", "Белоруссия", "Byelorussia", "Republic of Belarus", "Minsk")),
    ("Russia", "state", ("Россия", "Russian Federation", "Moscow", "Kremlin")),
    ("Ukraine", "state", ("Україна", "Украина", "Kyiv", "Kiev")),
    ("Poland", "state", ("Polska", "Польша", "Warsaw")),
    ("Lithuania", "state", ("Lietuva", "Литва", "Vilnius")),
    ("Latvia", "state", ("Latvija", "Латвия", "Riga")),
    ("China", "state", ("Китай", "People's Republic of China", "Beijing")),
    ("Turkey", "state", ("Türkiye", "Турция", "Ankara")),
    ("Georgia", "state", ("Грузия", "Sakartvelo", "Tbilisi")),
    ("Kazakhstan", "state", ("Казахстан", "Astana")),
    ("Armenia", "state", ("Армения", "Yerevan")),
    ("Azerbaijan", "state", ("Азербайджан", "Baku")),
    ("Moldova", "state", ("Молдова", "Chisinau")),
    ("Austria", "state", ("Österreich", "Vienna")),
    ("Finland", "state", ("Suomi", "Helsinki")),
    ("Sweden", "state", ("Sverige", "Stockholm")),
    ("Switzerland", "state", ("Schweiz", "Suisse", "Bern")),
    ("Turkmenistan", "state", ("Туркменистан", "Ashgabat")),
    ("United States", "state", ("USA", "Washington", "США")),
    ("Germany", "state", ("Deutschland", "Berlin", "Германия")),
    ("France", "state", ("Paris", "Франция")),
    ("Iran", "state", ("Tehran", "Иран")),
    ("Venezuela", "state", ("Caracas",)),
    ("European Union", "organisation", ("EU", "Евросоюз", "Brussels")),
    ("NATO", "organisation", ("North Atlantic Treaty Organization", "НАТО", "OTAN")),
    ("CSTO", "organisation", ("Collective Security Treaty Organisation", "ОДКБ")),
    ("CIS", "organisation", ("Commonwealth of Independent States", "СНГ")),
    ("OSCE", "organisation", ("Organization for Security and Co-operation in Europe", "ОБСЕ")),
    ("United Nations", "organisation", ("UN", "ООН")),
    ("Eurasian Economic Union", "organisation", ("EAEU", "ЕАЭС")),
    ("Shanghai Cooperation Organisation", "organisation", ("SCO", "ШОС")),
    ("Non-Aligned Movement", "organisation", ("NAM",)),
    ("Union State", "organisation", ("Союзное государство",)),
    ("Alexander Lukashenko", "person", ("Lukashenka", "Аляксандр Лукашэнка", "Александр Лукашенко")),
    ("Vladimir Putin", "person", ("Putin", "Владимир Путин")),
    ("Stanislav Shushkevich", "person", ("Shushkevich", "Станіслаў Шушкевіч")),
    ("Vladimir Makei", "person", ("Uladzimir Makei", "Уладзімір Макей")),
    ("Zianon Pazniak", "person", ("Pozniak", "Зянон Пазьняк")),
    ("Sviatlana Tsikhanouskaya", "person", ("Tikhanovskaya", "Святлана Ціханоўская")),
    ("Belarusian Popular Front", "group", ("BPF", "Беларускі Народны Фронт")),
    ("Ministry of Foreign Affairs", "organisation", ("MFA", "МИД")),
    ("Ministry of Defence", "organisation", ("MoD", "Минобороны")),
    ("Security Council", "organisation", ("Совбез",)),
    ("Gazprom", "organisation", ("Газпром",)),
    ("Belarusian opposition", "group", ("opposition", "апазіцыя")),
    ("Belarusian Institute for Strategic Studies", "organisation", ("BISS",)),
)

THEMES: tuple[tuple[str, str], ...] = (
    ("neutrality-norm", "Neutrality as a norm"),
    ("non-alignment", "Non-alignment"),
    ("non-recognition", "Non-recognition"),
    ("energy-diversification", "Energy diversification"),
    ("csto", "CSTO"),
    ("russian-military-presence", "Russian military presence"),
    ("air-defence", "Air defence and air force"),
    ("defence-industry", "Defence-industry cooperation"),
    ("china", "China"),
    ("ukraine", "Ukraine"),
    ("multidirectionality", "Multidirectionality"),
    ("russian-integration", "Integration with Russia"),
    ("western-relations", "Relations with the West"),
    ("colour-revolutions", "Colour revolutions"),
    ("military-doctrine", "Military doctrine"),
    ("public-opinion", "Public opinion"),
    ("nuclear", "Nuclear weapons"),
    ("sanctions", "Sanctions"),
    ("trade", "Trade and customs"),
    ("migration", "Migration and borders"),
)

LANES: tuple[str, ...] = (
    "Foreign policy", "National security", "Concepts and doctrine", "Context", "Reactions and debate",
    "Energy", "Trade", "Defence industry", "Diplomacy", "Borders", "Military exercises", "Sanctions",
    "Public opinion", "Treaties", "Media", "Elections", "Economy", "Migration", "Nuclear", "Space",
)  # fmt: skip

PALETTE: tuple[str, ...] = (
    "#2f6fb3", "#c0503a", "#7a5aa6", "#5b8a3a", "#b8860b", "#1f9e89", "#d1495b", "#3d5a80",
    "#8d6a9f", "#e07a5f", "#4a7c59", "#9c6644", "#0081a7", "#f07167", "#6d597a", "#457b9d",
)  # fmt: skip

VERBS: tuple[str, ...] = (
    "signs", "rejects", "announces", "hosts", "ratifies", "suspends", "proposes", "condemns",
    "welcomes", "joins", "leaves", "opens", "closes", "extends", "debates", "criticises", "backs",
    "postpones", "approves", "negotiates", "declares", "revises", "cancels", "renews", "discusses",
    "reaffirms", "questions", "limits", "expands", "publishes",
)  # fmt: skip

OBJECTS: tuple[str, ...] = (
    "a treaty on air defence", "joint military exercises", "a gas supply contract", "an oil transit deal",
    "the neutrality clause", "a new military doctrine", "a visa-free regime", "border checkpoints",
    "a loan agreement", "sanctions on potash", "a customs union protocol", "a nuclear-free zone initiative",
    "an airbase proposal", "a peacekeeping mission", "the foreign-policy concept", "a trade embargo",
    "a strategic partnership", "talks on the Union State", "an arms purchase", "a space cooperation plan",
    "the national security concept", "a referendum on the constitution", "a summit in Minsk",
    "a mediation offer", "a satellite launch", "troop deployments", "an energy diversification plan",
    "a railway corridor", "fertiliser exports", "a cyber-security strategy", "diplomatic relations",
    "an embassy reopening", "a prisoner release", "election observers", "a refinery upgrade",
)  # fmt: skip

PLACES: tuple[str, ...] = (
    "Minsk", "Brest", "Hrodna", "Vitebsk", "Mogilev", "Gomel", "Moscow", "Kyiv", "Warsaw", "Vilnius",
    "Riga", "Beijing", "Ankara", "Vienna", "Helsinki", "Geneva", "Brussels", "Astana", "Tbilisi", "Baku",
    "Smolensk", "Pinsk", "Baranovichi", "Lida", "Orsha", "Bobruisk", "Navapolatsk", "Mazyr",
)  # fmt: skip

#: Everyday topical words, most frequent first; the summaries draw from them Zipf-like.
COMMON: tuple[str, ...] = (
    "the", "of", "and", "to", "in", "a", "on", "with", "for", "by", "security", "policy", "foreign",
    "government", "minister", "president", "military", "cooperation", "relations", "neutrality",
    "agreement", "talks", "officials", "state", "border", "energy", "defence", "economic", "sanctions",
    "statement", "visit", "delegation", "parliament", "treaty", "alliance", "integration", "trade", "gas",
    "oil", "troops", "exercises", "union", "support", "position", "crisis", "opposition", "sovereignty",
    "independence", "partners", "strategy", "doctrine", "multilateral", "bilateral", "regional", "public",
    "pressure", "dialogue", "negotiations", "summit", "declaration", "concept", "nuclear", "weapons",
    "airbase", "missile", "forces", "observers", "election", "protest", "referendum", "constitution",
    "embassy", "ambassador", "envoy", "loan", "credit", "price", "transit", "pipeline", "refinery",
    "potash", "exports", "imports", "customs", "visa", "migrants", "refugees", "media", "survey",
    "commentators", "analysts", "experts", "report", "conference", "forum", "mediation", "peace",
    "conflict", "war", "ceasefire", "guarantees", "balance", "vector", "proximity", "non-alignment",
)  # fmt: skip

_ONSETS = (
    "b",
    "v",
    "h",
    "d",
    "z",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "sh",
    "zh",
    "ch",
    "kr",
    "st",
    "br",
)
_NUCLEI = ("a", "e", "i", "o", "u", "ia", "ie", "ya", "y")
_CODAS = ("", "n", "k", "l", "r", "sk", "v", "ts", "ch", "m")


def pseudo_words(count: int, rng: np.random.Generator) -> list[str]:
    """Distinct made-up proper names ("Zarechsk", "Bolkavia") for the long tail of rare terms."""
    words: dict[str, None] = {}
    while len(words) < count:
        n = count - len(words)
        syl = rng.integers(2, 4, size=n)
        parts = [
            rng.integers(0, len(_ONSETS), size=(n, 3)),
            rng.integers(0, len(_NUCLEI), size=(n, 3)),
            rng.integers(0, len(_CODAS), size=n),
        ]
        for i in range(n):
            w = "".join(_ONSETS[parts[0][i, j]] + _NUCLEI[parts[1][i, j]] for j in range(syl[i]))
            w = (w + _CODAS[parts[2][i]]).capitalize()
            if w.lower() not in COMMON:
                words[w] = None
    return list(words)[:count]


#: Words with a known, low frequency: the benchmark's selective search term is SELECTIVE_TERM.
SELECTIVE_TERM = "zubrovka"
SELECTIVE_RATE = 1 / 4000
COMMON_TERM = "security"
