"""Actor resolution, one construction per case, on hand-made sentences."""

from __future__ import annotations

import pytest

from eventwire.stages.actors import ActorResolver, ActorSpan, to_mentions


@pytest.fixture(scope="module")
def resolver(settings):
    return ActorResolver(settings)


def resolve(nlp, resolver, text, date="2022-01-07"):
    doc = nlp(text)
    return doc, resolver.resolve_doc(doc, date)


def by_head(doc, spans):
    out: dict[str, set[str]] = {}
    for s in spans:
        out.setdefault(doc[s.head].text, set()).add(s.actor.code)
    return out


@pytest.mark.parametrize("text, head, codes", [
    # countries, demonyms, capitals and seats as metonyms (agent null for capitals)
    ("Beijing protested on Tuesday.", "Beijing", {"CHN"}),
    ("Canada summoned the envoy.", "Canada", {"CAN"}),
    ("The Kremlin rejected the claim.", "Kremlin", {"RUSGOV"}),
    ("The White House welcomed the decision.", "House", {"USAGOV"}),
    ("Downing Street declined to comment.", "Street", {"GBRGOV"}),
    # demonym + agent word in one phrase
    ("Russian diplomats left the embassy.", "diplomats", {"RUSGOV"}),
    ("Palestinian militants fired rockets.", "militants", {"PSEREB"}),
    ("Indian troops crossed the border.", "troops", {"INDMIL"}),
    ("Kenyan riot police fired tear gas.", "police", {"KENCOP"}),
    ("Brazilian lawmakers voted on Monday.", "lawmakers", {"BRALEG"}),
    # possessive country
    ("Egypt's foreign minister arrived on Monday.", "minister", {"EGYGOV"}),
    # IGOs
    ("The United Nations sent observers.", "Nations", {"IGOUNO"}),
    ("NATO held a summit.", "NATO", {"IGOWSTNAT"}),
    ("The European Union imposed tariffs.", "Union", {"IGOEUREEC"}),
    # a specific modifier beats a generic head ("police spokesman" is police, not government)
    ("A Thai police spokesman spoke.", "spokesman", {"THACOP"}),
    # "of"/"from" attachments give the country of an agent phrase
    ("The rebels from Syria attacked.", "rebels", {"SYRREB"}),
    ("The foreign minister of Peru resigned.", "minister", {"PERGOV"}),
    # conjoined modifiers fan out on one head
    ("US and Japanese officials met.", "officials", {"USAGOV", "JPNGOV"}),
])
def test_actors_phrase_construction(nlp, resolver, text, head, codes):
    doc, spans = resolve(nlp, resolver, text)
    assert by_head(doc, spans).get(head) == codes


def test_actors_capital_has_no_agent(nlp, resolver):
    doc, spans = resolve(nlp, resolver, "Washington condemned the attack.")
    (span,) = [s for s in spans if doc[s.head].text == "Washington"]
    assert (span.actor.country, span.actor.agent, span.kind) == ("USA", None, "capital")


def test_actors_igo_fields(nlp, resolver):
    doc, spans = resolve(nlp, resolver, "The United Nations and NATO met.")
    igos = {s.actor.igo: s.actor for s in spans}
    assert igos["UN"].country is None and igos["UN"].key == "IGO:UN"
    assert igos["NATO"].code == "IGOWSTNAT"


def test_actors_full_noun_phrase_span_and_person_from_text(nlp, resolver):
    doc, spans = resolve(nlp, resolver, "Chilean Defense Minister Maya Fernandez visited Lima. "
                                        "Later, Fernandez met reporters.")
    first = next(s for s in spans if doc[s.head].text == "Fernandez")
    assert (first.start, first.end) == (0, 5)
    assert first.actor.code == "CHLGOV" and first.kind == "person"
    assert first.actor.name == "Maya Fernandez" and first.actor.role == "Defense Minister"
    later = [s for s in spans if doc[s.head].text == "Fernandez" and s.start > 5]
    assert [s.actor.code for s in later] == ["CHLGOV"]


def test_actors_compound_subject_gives_one_span_per_conjunct(nlp, resolver):
    doc, spans = resolve(nlp, resolver, "The United States and Japan signed a pact.")
    heads = {doc[s.head].text: s.actor.code for s in spans}
    assert heads == {"States": "USA", "Japan": "JPN"}


@pytest.mark.parametrize("text, anaphor, codes", [
    ("France and Germany met on Monday. Both countries agreed to cooperate.", "countries", {"FRA", "DEU"}),
    ("Ghana and Togo held talks. The two allies signed a deal.", "allies", {"GHA", "TGO"}),
    ("Kenya's foreign minister met Ugandan officials. The ministers agreed to cooperate.", "ministers",
     {"KENGOV", "UGAGOV"}),
    ("Spain and Portugal met. They agreed to cooperate.", "They", {"ESP", "PRT"}),
])
def test_actors_plural_coreference_fans_out(nlp, resolver, text, anaphor, codes):
    doc, spans = resolve(nlp, resolver, text)
    found = [s for s in spans if doc[s.head].text == anaphor]
    assert {s.actor.code for s in found} == codes
    assert len({(s.start, s.end, s.head) for s in found}) == 1  # same span, one per actor


def test_actors_plural_excludes_clause_subject(nlp, resolver):
    doc, spans = resolve(nlp, resolver, "Italy and Greece held talks. Turkey lodged a complaint with both countries.")
    found = {s.actor.code for s in spans if doc[s.head].text == "countries"}
    assert found == {"ITA", "GRC"}


@pytest.mark.parametrize("text, anaphor, code", [
    ("Saudi Arabia said it would respond.", "it", "SAU"),
    ("Saudi Arabia hosted the talks. The kingdom did not elaborate.", "kingdom", "SAU"),
    ("Canada expelled two envoys. The country said the envoys had spied.", "country", "CAN"),
    ("Iran condemned the move, and its foreign minister called it illegal.", "minister", "IRNGOV"),
])
def test_actors_singular_coreference(nlp, resolver, text, anaphor, code):
    doc, spans = resolve(nlp, resolver, text)
    assert {s.actor.code for s in spans if doc[s.head].text == anaphor} == {code}


@pytest.mark.parametrize("text, pronoun, code", [
    ("Obama said he was tired.", "he", "USAGOV"),
    ("Obama knew that Biden liked him.", "him", "USAGOV"),
    ("Obama knew that Putin liked himself.", "himself", "RUSGOV"),
])
def test_actors_pronoun_binding(nlp, resolver, text, pronoun, code):
    doc, spans = resolve(nlp, resolver, text, date="2015-08-13")
    assert {s.actor.code for s in spans if doc[s.head].text == pronoun} == {code}


def test_actors_apposition_names_a_person(nlp, resolver):
    doc, spans = resolve(nlp, resolver, "Sameh Shoukry, Egypt's foreign minister, visited Sudan. "
                                        "Shoukry said the talks went well.")
    codes = [s.actor.code for s in spans if doc[s.head].text == "Shoukry"]
    assert codes == ["EGYGOV", "EGYGOV"]


def test_actors_agent_takes_country_from_context(nlp, resolver):
    doc, spans = resolve(nlp, resolver, "Chile lodged a protest, the Foreign Ministry spokesman said.")
    (span,) = [s for s in spans if doc[s.head].text == "spokesman"]
    assert span.actor.code == "CHLGOV" and "context" in span.actor.evidence


def test_actors_agent_without_country_keeps_agent(nlp, resolver):
    doc, spans = resolve(nlp, resolver, "The ministry spokesman declined to comment.")
    (span,) = spans
    assert (span.actor.country, span.actor.agent) == (None, "GOV")


def test_actors_dateline_country_for_agents(nlp, resolver):
    doc = nlp("Police arrested dozens of people overnight.")
    spans = resolver.resolve_doc(doc, "2021-06-14", places=("Nairobi",))
    assert {s.actor.code for s in spans if doc[s.head].text == "Police"} == {"KENCOP"}


def test_actors_common_words_are_not_actors(nlp, resolver):
    doc, spans = resolve(nlp, resolver, "Let us see who will turn up at the organization.")
    assert spans == []


def test_actors_every_actor_has_evidence_and_sorted_spans(nlp, resolver):
    doc, spans = resolve(nlp, resolver, "Russian troops and Ukrainian police clashed near Kharkiv, "
                                        "the Kremlin said, and NATO urged calm.")
    assert spans and all(s.actor.evidence for s in spans)
    assert spans == sorted(spans, key=lambda s: (s.start, s.end, s.actor.code))
    assert all(isinstance(s, ActorSpan) and s.sentence_index == 0 for s in spans)


def test_actors_stage_sets_article_mentions(nlp, resolver):
    from eventwire.models import Article, RawDocument

    article = Article(raw=RawDocument(origin="t", text="x"), text="Japan thanked Peru.", published="2022-01-07")
    article.doc = nlp(article.text)
    resolver(article)
    assert [m.actor.code for m in article.mentions] == ["JPN", "PER"]
    mentions = to_mentions(article.mentions, article.doc, "d1")
    assert (mentions[1].start, mentions[1].end, mentions[1].text) == (14, 18, "Peru")


@pytest.mark.parametrize("text, date, head, code", [
    # the bundled people file: roles over time after the Phoenix dictionaries end
    ("Trump criticised the decision.", "2019-06-01", "Trump", "USAGOV"),
    ("Trump criticised the decision.", "2023-06-01", "Trump", "USAOPP"),
    ("Prime Minister Fumio Kishida spoke.", "2022-05-04", "Kishida", "JPNGOV"),
    ("Guterres urged restraint.", "2020-01-03", "Guterres", "IGOUNO"),
    # Phoenix people with date-restricted codes
    ("Putin spoke on Monday.", "2015-08-13", "Putin", "RUSGOV"),
])
def test_actors_people_by_article_date(nlp, resolver, text, date, head, code):
    doc, spans = resolve(nlp, resolver, text, date=date)
    assert by_head(doc, spans).get(head) == {code}


def test_actors_verbless_sentence_terminates(nlp, resolver):
    # spaCy returns a new Token object on every access: a root must be found by index
    doc, spans = resolve(nlp, resolver, "The conflict in Yemen and the efforts of Oman, he said.")
    doc, spans = resolve(nlp, resolver, "Talks with Japan. Both sides.")
    assert all(s.actor.evidence for s in spans)


@pytest.mark.parametrize("text, head, code", [
    ("Kenya recalled its envoy. The government said talks were over.", "government", "KENGOV"),
    ("Chile's army chief resigned, and the ministry later named a successor.", "ministry", "CHLGOV"),
])
def test_actors_government_after_a_country_was_named(nlp, resolver, text, head, code):
    doc, spans = resolve(nlp, resolver, text)
    assert by_head(doc, spans).get(head) == {code}


def test_actors_without_phoenix_dictionaries(nlp, settings):
    resolver = ActorResolver(settings.replace(phoenix_actors=False))
    doc = nlp("Russian diplomats met Vladimir Putin's aides in Moscow.")
    codes = {doc[s.head].text: s.actor.code for s in resolver.resolve_doc(doc, "2015-08-13")}
    assert codes["diplomats"] == "RUSGOV" and codes["Moscow"] == "RUS"
    assert all(not s.actor.evidence.startswith("Phoenix") for s in resolver.resolve_doc(doc, None))


@pytest.mark.parametrize("text, head, codes", [
    # a place the phrase is set in beats a country named earlier in the sentence
    ("The United States condemned the attack on the hospital in Kharkiv.", "hospital", {"UKRHLH"}),
    ("Germany criticised the raid on the school in Odessa.", "school", {"UKREDU"}),
    # a city the small model leaves untagged still names its country ("the mayor of X")
    ("The mayor of Donetsk met the governor.", "mayor", {"UKRGOV"}),
])
def test_actors_own_place_beats_context_country(nlp, resolver, text, head, codes):
    doc, spans = resolve(nlp, resolver, text)
    assert by_head(doc, spans)[head] == codes


@pytest.mark.parametrize("text, head, codes", [
    # a civic nationality after an ethnic word is the country ("Turkish Cypriots")
    ("Turkish Cypriots rejected the plan.", "Cypriots", {"CYP"}),
    ("Greek Cypriot leaders met the envoy.", "leaders", {"CYPGOV"}),
    ("Japanese Americans protested on Sunday.", "Americans", {"USA"}),
    # an ethnic people after a country: the country ("Bosnian Serbs", "Kosovo Albanians")
    ("Bosnian Serbs rejected the plan.", "Serbs", {"BIH"}),
    ("Kosovo Albanians protested on Sunday.", "Albanians", {"KSV"}),
])
def test_actors_stacked_nationalities(nlp, resolver, text, head, codes):
    doc, spans = resolve(nlp, resolver, text)
    assert by_head(doc, spans)[head] == codes


@pytest.mark.parametrize("text, head, codes", [
    ("North Korea fired two missiles. The South condemned the launch.", "South", {"KOR"}),
    ("Seoul said the North had fired two missiles.", "North", {"PRK"}),
    # no Korea in the article: "the South" is a region, no actor
    ("The South voted for the senator.", "South", None),
    # lower case is a direction, not a state
    ("North Korea fired two missiles. Floods hit the south.", "south", None),
])
def test_actors_the_north_and_south_of_a_divided_country(nlp, resolver, text, head, codes):
    doc, spans = resolve(nlp, resolver, text)
    assert by_head(doc, spans).get(head) == codes


@pytest.mark.parametrize("text, head, codes", [
    # a city several countries share is settled by the country its description names
    ("Tripoli, the north Lebanese port, was shelled on Monday.", "Tripoli", {"LBN"}),
    ("Troops shelled Tripoli, Lebanon, on Monday.", "Tripoli", {"LBN"}),
    ("Troops shelled the Lebanese port of Tripoli.", "Tripoli", {"LBN"}),
    ("Rebels shelled the Libyan capital, Tripoli.", "Tripoli", {"LBY"}),
    ("Rebels shelled Tripoli on Monday.", "Tripoli", {"LBY"}),
    # a description that is no place names no country of the city
    ("Gunmen attacked Kyiv, a Russian target.", "Kyiv", {"UKR"}),
    # a list of places is no description
    ("The US, Russia, and Switzerland met yesterday.", "US", {"USA"}),
    ("Officials from Tripoli, Beirut and Damascus met yesterday.", "Tripoli", {"LBY"}),
])
def test_actors_city_settled_by_its_description(nlp, resolver, text, head, codes):
    doc, spans = resolve(nlp, resolver, text)
    assert by_head(doc, spans)[head] == codes


@pytest.mark.parametrize("text, head, codes", [
    # an ethnic people is of the country it lives in
    ("Ethnic Albanians in south Serbia demanded autonomy.", "Albanians", {"SRB"}),
    ("The Albanians of southern Serbia demanded autonomy.", "Albanians", {"SRB"}),
    ("Hundreds of ethnic Albanians demonstrated on Tuesday in Serbia.", "Albanians", {"SRB"}),
    # citizens abroad stay citizens; an ethnic people with no place keeps the demonym
    ("Americans in Iraq were evacuated on Monday.", "Americans", {"USA"}),
    ("Ethnic Russians protested on Monday.", "Russians", {"RUS"}),
])
def test_actors_ethnic_people_of_their_country_of_residence(nlp, resolver, text, head, codes):
    doc, spans = resolve(nlp, resolver, text)
    assert by_head(doc, spans)[head] == codes


@pytest.mark.parametrize("text, head, codes", [
    # a namesake city in the one country the sentence names as a place
    ("Militias clashed in Tripoli as shells crashed into the north Lebanese port.", "Tripoli", {"LBN"}),
    ("Protesters in Tripoli marched to the embassy in Lebanon.", "Protesters", {"LBNOPP"}),
    # a country named as an actor, or the dictionary's own country, is no such evidence
    ("Lebanese troops entered Tripoli on Monday.", "Tripoli", {"LBY"}),
    ("Libyan rebels fled Tripoli for Lebanon.", "Tripoli", {"LBY"}),
    # a small namesake abroad does not count (Moscow, Idaho)
    ("Talks in Moscow were held at the embassy in the United States.", "Moscow", {"RUS"}),
])
def test_actors_city_settled_by_the_sentence(nlp, resolver, text, head, codes):
    doc, spans = resolve(nlp, resolver, text)
    assert by_head(doc, spans)[head] == codes


@pytest.mark.parametrize("text, head, codes", [
    ("Uganda paid compensation to elderly British nationals.", "nationals", {"GBRCVL"}),
    # the adjective is no sector
    ("The national government met on Monday.", "government", {"GOV"}),
])
def test_actors_nationals_are_civilians(nlp, resolver, text, head, codes):
    doc, spans = resolve(nlp, resolver, text)
    assert by_head(doc, spans)[head] == codes


@pytest.mark.parametrize("text, head, codes", [
    # a counterpart holds the possessor's office in another country
    ("Blinken met his Chinese counterpart on Monday.", "counterpart", {"CHNGOV"}),
    ("The army chief met his Indian counterpart on Monday.", "counterpart", {"INDMIL"}),
    ("The foreign minister met his Japanese and Indian counterparts on Monday.", "counterparts",
     {"JPNGOV", "INDGOV"}),
    # no possessor with a sector: the nationality alone
    ("He met his Chinese counterpart on Monday.", "counterpart", None),
])
def test_actors_counterpart_takes_the_possessor_sector(nlp, resolver, text, head, codes):
    doc, spans = resolve(nlp, resolver, text)
    assert by_head(doc, spans).get(head) == codes
