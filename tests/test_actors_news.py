"""Actor constructions common in current news: outlets, settings, quotes, bodies, people."""

from __future__ import annotations

import pytest

from eventwire.stages.actors import ActorResolver


@pytest.fixture(scope="module")
def resolver(settings):
    return ActorResolver(settings)


def codes_by_head(nlp, resolver, text, date="2023-06-01"):
    doc = nlp(text)
    out: dict[str, set[str]] = {}
    for s in resolver.resolve_doc(doc, date):
        out.setdefault(doc[s.head].text, set()).add(s.actor.code)
    return out


@pytest.mark.parametrize("text, head, code", [
    # news outlets and agencies are their country's media
    ("The Wall Street Journal denied the report.", "Journal", "USAMED"),
    ("Talks resumed, the South China Morning Post said.", "Post", "HKGMED"),
    ("State news agency KCNA said the launch succeeded.", "KCNA", "PRKMED"),
    ("Reuters counted the votes.", "Reuters", "GBRMED"),
])
def test_actors_news_media_outlets(nlp, resolver, text, head, code):
    assert codes_by_head(nlp, resolver, text)[head] == {code}


@pytest.mark.parametrize("text, head, code", [
    # an outlet's country is not the country of the people it reports on
    ("The New York Times reported that police fired tear gas.", "police", "COP"),
    ("Al Jazeera said soldiers opened fire.", "soldiers", "MIL"),
])
def test_actors_news_outlet_is_no_context_country(nlp, resolver, text, head, code):
    assert codes_by_head(nlp, resolver, text)[head] == {code}


@pytest.mark.parametrize("text, head, code", [
    # a place that is the setting of the clause gives a sector noun its country
    ("Police sent 300 officers around Lagos on Friday.", "Police", "NGACOP"),
    ("Soldiers patrolled across Mali on Friday.", "Soldiers", "MLIMIL"),
    ("Hundreds of protesters in Nairobi blocked a road.", "protesters", "KENOPP"),
])
def test_actors_news_setting_place_gives_country(nlp, resolver, text, head, code):
    assert codes_by_head(nlp, resolver, text)[head] == {code}


@pytest.mark.parametrize("text, date, head, code", [
    # current office holders the Phoenix dictionaries (ending ~2014) do not know, by date
    ("Ulf Kristersson spoke to reporters.", "2023-05-02", "Kristersson", "SWEGOV"),
    ("Ulf Kristersson spoke to reporters.", "2019-05-02", "Kristersson", "SWEOPP"),
    ("Ahmed al-Sharaa met the envoy.", "2025-02-01", "Sharaa", "SYRGOV"),
    ("Mahamudu Bawumia conceded the race.", "2024-12-08", "Bawumia", "GHAGOV"),
    ("Ozgur Ozel addressed a rally.", "2024-03-01", "Ozel", "TUROPP"),
    ("Isaac Herzog received the delegation.", "2022-02-01", "Herzog", "ISRGOV"),
])
def test_actors_news_people_roles_by_date(nlp, resolver, text, date, head, code):
    assert codes_by_head(nlp, resolver, text, date)[head] == {code}


@pytest.mark.parametrize("text, date, head, code", [
    # outside every dated role a person keeps the country of the nearest role
    ("Takeshi Iwaya visited Manila.", "2023-02-01", "Iwaya", "JPNGOV"),
    ("Ulf Kristersson spoke to reporters.", "2012-01-01", "Kristersson", "SWEOPP"),
    # undated text: the latest role
    ("Lloyd Austin spoke to reporters.", None, "Austin", "USAGOV"),
])
def test_actors_news_people_outside_dated_roles(nlp, resolver, text, date, head, code):
    assert codes_by_head(nlp, resolver, text, date)[head] == {code}


def test_actors_news_nearest_role_unit():
    from eventwire.codebooks.actors import ActorEntry, CodeOption

    early = CodeOption("AAAOPP", 20100101, 20150101, ("2010-01-01", "2015-01-01"))
    late = CodeOption("AAAGOV", 20200101, 20220101, ("2020-01-01", "2022-01-01"))
    entry = ActorEntry("X", (early, late), "person")
    assert entry.code_on("2016-01-01").code == "AAAOPP"
    assert entry.code_on("2019-06-01").code == "AAAGOV"
    assert entry.code_on(None).code == "AAAGOV"
    with_default = ActorEntry("Y", (early, CodeOption("AAA")), "person")
    assert with_default.code_on("2019-06-01").code == "AAA"


def coref_codes(nlp, resolver, text, word, date="2023-06-01"):
    doc = nlp(text)
    return {s.actor.code for s in resolver.resolve_doc(doc, date) if doc[s.head].text == word and s.kind == "coref"}


@pytest.mark.parametrize("text, word, codes", [
    # "we"/"our" in a quotation are the speaker named outside it
    ("“We will not back down,” the Peruvian foreign minister said.", "We", {"PERGOV"}),
    ('"Our patience is over," said Chad\'s president.', "Our", {"TCDGOV"}),
    # outside a quotation, or with no known speaker, nothing is guessed
    ("The Kenyan government said we should wait.", "we", set()),
    ("“We are ready,” a man said.", "We", set()),
])
def test_actors_news_first_person_in_quotes(nlp, resolver, text, word, codes):
    assert coref_codes(nlp, resolver, text, word) == codes


@pytest.mark.parametrize("text, word, codes", [
    # a bare definite description of an organisation named before
    ("The EU imposed sanctions on Monday. The bloc said more would follow.", "bloc", {"IGOEUREEC"}),
    ("NATO held talks in Oslo. The alliance agreed to meet again.", "alliance", {"IGOWSTNAT"}),
    # the organisation whose name holds the noun beats a more recent one
    ("The Human Rights Council met as NATO watched. The council demanded access.", "council", {"IGOUNO"}),
    # a modified description is something else ("the city council")
    ("The EU imposed sanctions. The city council met on Monday.", "council", set()),
    # no organisation named: nothing
    ("Peru imposed sanctions. The bloc met on Monday.", "bloc", set()),
])
def test_actors_news_organisation_descriptions(nlp, resolver, text, word, codes):
    assert coref_codes(nlp, resolver, text, word) == codes


def test_actors_news_both_sides_are_the_last_pair(nlp, resolver):
    text = "Armenia and Azerbaijan met in Vienna on Monday. Both sides agreed to a ceasefire."
    assert coref_codes(nlp, resolver, text, "sides") == {"ARM", "AZE"}


@pytest.mark.parametrize("text, head, code", [
    # a demonym beats the place a person is posted to or travels to
    ("Anna Berg, an American journalist based in Moscow, was detained.", "journalist", "USAMED"),
    ("A Russian reporter working in Kyiv was detained.", "reporter", "RUSMED"),
    # where a person is posted is no evidence of their country
    ("Anna Berg, a correspondent based in Moscow, was detained.", "correspondent", "MED"),
    # an employer named with for/with/at gives the country
    ("Anna Berg, a reporter for The Wall Street Journal, was detained.", "reporter", "USAMED"),
    # a regional adjective: no single country, least of all the one in context
    ("Officials in Rome met European heads of state on Monday.", "heads", "GOV"),
    # the main verb's place is still the setting ("deployed ... around")
    ("Police deployed officers around Lagos on Friday.", "Police", "NGACOP"),
])
def test_actors_news_postings_and_regions(nlp, resolver, text, head, code):
    assert codes_by_head(nlp, resolver, text)[head] == {code}


def test_actors_news_phoenix_primary_phrases():
    from eventwire.codebooks.actors import petrarch_primary_phrases

    lines = ["JANE_DOE_  # made up", "+DOE_", "\t[XYZGOV 100101-120101]", "", "XYZ_ARMY [XYZMIL]", "+ARMY_OF_XYZ"]
    assert petrarch_primary_phrases(lines) == {"JANE DOE": "JANE DOE", "DOE": "JANE DOE",
                                               "XYZ ARMY": "XYZ ARMY", "ARMY OF XYZ": "XYZ ARMY"}


def test_actors_news_phoenix_person_has_full_name(nlp, resolver):
    doc = nlp("Karzai met reporters in Kabul.")
    (span,) = [s for s in resolver.resolve_doc(doc, "2010-03-30") if doc[s.head].text == "Karzai"]
    assert (span.actor.code, span.actor.name) == ("AFGGOV", "Hamid Karzai")


@pytest.mark.parametrize("text, head, code", [
    # ruling and opposition parties are their country's government or opposition
    ("The ruling ZANU-PF party won the vote.", "ZANU", "ZWEGOV"),
    ("United Russia backed the bill.", "Russia", "RUSGOV"),
    ("The Chinese Communist Party met in Beijing.", "Party", "CHNGOV"),
])
def test_actors_news_parties(nlp, resolver, text, head, code):
    assert codes_by_head(nlp, resolver, text)[head] == {code}


def test_actors_news_first_person_speaker_of_conjoined_verb(nlp, resolver):
    text = "Chilean Foreign Minister Ana Ruiz stated that they agreed and said: “We are now waiting for Peru.”"
    doc = nlp(text)
    (we,) = [s for s in resolver.resolve_doc(doc, "2023-06-01") if doc[s.head].text == "We"]
    assert (we.actor.code, we.actor.name) == ("CHLGOV", "Chile")


@pytest.mark.parametrize("text, head, code", [
    # "the country" prefers the latest subject's country over a country named as an object
    ("Chad's president cut ties with Peru and told its diplomats to leave the country.", "country", "TCD"),
    ("Russia expelled two Polish diplomats. The country said it would go further.", "country", "RUS"),
    # a possessive "the country's" gives an agent phrase its country
    ("Chad's president told US diplomats to leave after Washington backed the country's opposition leader.",
     "leader", "TCDOPP"),
])
def test_actors_news_the_country(nlp, resolver, text, head, code):
    assert codes_by_head(nlp, resolver, text)[head] == {code}


@pytest.mark.parametrize("text, head, code", [
    # where a named person is staying is not their country
    ("Prime Minister Jane Doe, in Rome visiting European leaders, condemned the launch.", "Doe", "GOV"),
    ("Prime Minister Jane Doe, in Rome visiting European leaders, said Japan would act.", "Doe", "JPNGOV"),
])
def test_actors_news_named_person_location_adjunct(nlp, resolver, text, head, code):
    assert codes_by_head(nlp, resolver, text)[head] == {code}


@pytest.mark.parametrize("text", [
    # "both sides" after a coordination earlier in the same sentence
    "Talks between Peru and Chile resumed in Quito, and both sides agreed to a truce.",
    # and after a coordination in an earlier sentence, past a third actor
    "Ecuador hosted talks between Peru and Chile. Quito urged the two sides to accept a truce.",
])
def test_actors_news_both_sides_coordinated(nlp, resolver, text):
    assert coref_codes(nlp, resolver, text, "sides") == {"PER", "CHL"}
