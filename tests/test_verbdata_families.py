"""Verb and noun pattern families of the bundled dictionaries (eventwire.tsv, nouns.tsv).

Each family is checked on hand-made sentences through the whole default pipeline, so
a case passes only when the pattern data, the engine and the actor dictionaries agree.
"""

from __future__ import annotations

import pytest

import eventwire

RULES = eventwire.load_settings(coder="rules")  # these families are the verb patterns' own


def coded(text: str) -> set[tuple[str | None, str | None, str]]:
    """(source key, target key, CAMEO code) of the counted events of one text, by the rule coder."""
    def key(actor):
        if actor is None:
            return None
        return actor.country or (f"IGO:{actor.igo}" if actor.igo else None)
    return {(key(e.source), key(e.target), e.cameo_code) for e in eventwire.code(text, settings=RULES)
            if not e.negated and e.modality != "hypothetical"}


# (family, sentence, one event that must be coded: source, target and the code or its prefix)
CASES = [
    ("request", "Iraq requested the full cooperation of Iran's government.", ("IRQ", "IRN", "021")),
    ("request", "Kenya sought the cooperation of Uganda in the investigation.", ("KEN", "UGA", "021")),
    ("request", "Ukraine requested military assistance from Germany.", ("UKR", "DEU", "023")),
    ("request", "The United Nations requested access to the camps from Iraq.", ("IGO:UN", "IRQ", "0255")),
    ("agree", "Hungary and Romania agreed that their countries should work on the issue.", ("HUN", "ROU", "030")),
    ("agree", "Hungary and Romania agreed that their countries should work on the issue.", ("ROU", "HUN", "030")),
    ("agree", "Chile and Peru have agreed upon a new fisheries pact.", ("PER", "CHL", "030")),
    ("agree", "Sudan agreed to Ethiopian mediation in the dispute.", ("SDN", "ETH", "038")),
    ("agree", "Armenia accepted Russian mediation.", ("ARM", "RUS", "038")),
    ("agree", "Norway and Denmark agreed to undertake joint naval exercises.", ("NOR", "DNK", "031")),
    ("reduce", "Russia halted negotiations with Japan.", ("RUS", "JPN", "164")),
    ("reduce", "The EU suspended its mediation between Serbia and Kosovo.", ("IGO:EU", "SRB", "165")),
    ("reduce", "Nigeria withdrew its peacekeepers from Liberia.", ("NGA", "LBR", "1661")),
    ("reduce", "North Korea expelled UN inspectors.", ("PRK", "IGO:UN", "1662")),
    ("reduce", "The United States cut off aid to Egypt.", ("USA", "EGY", "162")),
    ("reduce", "Washington suspended military assistance to Pakistan.", ("USA", "PAK", "1622")),
    ("threaten", "Iran threatened to cut off electricity to Azerbaijan.", ("IRN", "AZE", "13")),
    ("curfew", "Israel imposed a curfew in Hebron.", ("ISR", "PSE", "1723")),
    ("curfew", "Israel eased the curfew in Hebron.", ("ISR", "PSE", "0813")),
    ("curfew", "Israel lifted the curfew in Hebron.", ("ISR", "PSE", "0813")),
    ("curfew", "Russia declared martial law in Ukraine.", ("RUS", "UKR", "1724")),
    ("curfew", "Israel threatened to reimpose a curfew in Hebron.", ("ISR", "PSE", "13")),
    ("protest", "Algerian activists staged a hunger strike.", ("DZA", "DZA", "142")),
    ("protest", "Turkish prisoners continued their hunger strike.", ("TUR", "TUR", "142")),
    ("protest", "Nigerian unions called a general strike.", ("NGA", "NGA", "143")),
    ("protest", "French farmers blocked the bridge to Germany.", ("FRA", "DEU", "144")),
    ("legal", "A Saudi businessman is suing the United States for damages.", ("SAU", "USA", "115")),
    ("legal", "Ukraine took Russia to the International Court of Justice.", ("UKR", "RUS", "115")),
    ("legal", "Gambia brought a case against Myanmar.", ("GMB", "MMR", "115")),
    ("legal", "Ghana's opposition will challenge the results in court.", ("GHA", "GHA", "115")),
    ("mediation", "Syria undertook a mediation mission between the PLO and Jordan.", ("SYR", "JOR", "045")),
    ("mediation", "Qatar offered mediation between Sudan and Chad.", ("QAT", "SDN", "039")),
    ("threaten", "Iran threatened a new offensive against Iraq.", ("IRN", "IRQ", "138")),
    ("threaten", "The EU threatened Turkey with new sanctions over drilling.", ("IGO:EU", "TUR", "1312")),
    ("threaten", "China warned the United States of retaliation.", ("CHN", "USA", "138")),
    ("aid", "Jordan handed over medicine to Iraq.", ("JOR", "IRQ", "073")),
    ("aid", "The United States delivered food aid to Somalia.", ("USA", "SOM", "073")),
    ("aid", "Germany granted Russian dissidents asylum.", ("DEU", "RUS", "075")),
    ("aid", "Iraq received UN inspectors.", ("IRQ", "IGO:UN", "0862")),
    ("aid", "Lebanon welcomed UN peacekeepers.", ("LBN", "IGO:UN", "0861")),
    ("fight", "Israeli troops opened fire on Palestinian protesters.", ("ISR", "PSE", "190")),
    ("fight", "Iraq mounted an invasion of Kuwait.", ("IRQ", "KWT", "192")),
    ("fight", "Russian forces took control of the town in Ukraine.", ("RUS", "UKR", "192")),
    ("reject", "Ivory Coast rebels dismissed an appeal from President Laurent Gbagbo.", ("CIV", "CIV", "120")),
    ("reject", "Hamas rejected an invitation from Egypt to attend talks.", ("PSE", "EGY", "125")),
    ("reject", "Syria rejected French mediation.", ("SYR", "FRA", "126")),
    ("reject", "Syria rejected a French peace plan.", ("SYR", "FRA", "127")),
    ("reject", "Benin was still refusing entry to Ghanaians.", ("BEN", "GHA", "120")),
    ("force", "French and Egyptian warships launched war games in the Mediterranean.", ("FRA", "EGY", "062")),
    ("force", "Hamas launched rockets at Israel on Monday.", ("PSE", "ISR", "190")),
    ("force", "North Korea fired a ballistic missile into the Sea of Japan on Wednesday.", ("PRK", None, "150")),
    ("force", "Israel put its troops on alert along the border with Syria.", ("ISR", "SYR", "152")),
    ("force", "Kenyan police fired tear gas at protesters on Monday.", ("KEN", "KEN", "175")),
    ("force", "Egyptian police dispersed the protesters.", ("EGY", "EGY", "175")),
    ("force", "Israeli soldiers routinely beat up Palestinian detainees.", ("ISR", "PSE", "182")),
    ("appeal", "The UN called for a ceasefire in Gaza.", ("IGO:UN", "PSE", "0256")),
    ("appeal", "Egypt urged a ceasefire between Israel and Hamas.", ("EGY", "ISR", "0256")),
    ("appeal", "Russia called for talks with Ukraine.", ("RUS", "UKR", "026")),
    ("appeal", "Ukraine demanded talks with Russia.", ("UKR", "RUS", "106")),
    ("appeal", "Zimbabwean protesters demanded the resignation of President Mugabe.", ("ZWE", "ZWE", "1041")),
    ("appeal", "Iraqi refugees sought asylum in Germany.", ("IRQ", "DEU", "0233")),
    ("cooperate", "Hungary agreed to share information with Romania.", ("HUN", "ROU", "03")),
    ("cooperate", "Hungary shared intelligence with Romania.", ("HUN", "ROU", "064")),
    ("cooperate", "Libya offered to hand over two suspects to Britain.", ("LBY", "GBR", "03")),
    ("cooperate", "Britain promised to continue military aid to Mozambique.", ("GBR", "MOZ", "03")),
    ("cooperate", "Jordan upgraded diplomatic ties with Israel.", ("ISR", "JOR", "050")),
    ("cooperate", "Bangladeshi peacekeeping troops arrived in Sierra Leone.", ("BGD", "SLE", "074")),
    ("blockade", "Israel reimposed blockades in the West Bank.", ("ISR", "PSE", "191")),
    ("blockade", "Russia blockaded Ukrainian ports.", ("RUS", "UKR", "191")),
    ("blockade", "Israel has strengthened its forces in Lebanon.", ("ISR", "LBN", "154")),
    ("nouns", "Palestinian riots against Israeli military policies are continuing.", ("PSE", "ISR", "145")),
    ("nouns", "Hamas's demonstrations against Israel continued.", ("PSE", "ISR", "141")),
    ("nouns", "Israel's blockade of Gaza continued.", ("ISR", "PSE", "191")),
    ("criticize", "Germany slammed Russia over the poisoning.", ("DEU", "RUS", "111")),
    ("criticize", "China lashed out at the United States.", ("CHN", "USA", "111")),
    ("criticize", "Turkey hit out at Sweden over the protests.", ("TUR", "SWE", "111")),
    ("criticize", "India expressed outrage at Pakistan over the attack.", ("IND", "PAK", "111")),
    ("criticize", "Japan voiced opposition to China's plan.", ("JPN", "CHN", "120")),
    ("criticize", "Hungary voiced support for Poland.", ("HUN", "POL", "051")),
    ("investigate", "The UN will investigate alleged human rights violations in Iran.", ("IGO:UN", "IRN", "092")),
    ("investigate", "Croatia is investigating alleged war crimes by Serbian forces.", ("HRV", "SRB", "094")),
    # "opened a probe/investigation into X" (eventwire: investigation) is pruned: on the corpus folds
    # it fired 4 times and never matched a gold event (codebooks/data/verbs/pruned.tsv)
    ("investigate", "Kenyan police are investigating corruption in the ministry.", ("KEN", "KEN", "091")),
    ("consult", "Putin received the Iranian foreign minister in Moscow.", ("RUS", "IRN", "043")),
    ("consult", "Putin received the Iranian foreign minister in Moscow.", ("IRN", "RUS", "042")),
    ("consult", "Biden spoke by phone with Zelensky.", ("USA", "UKR", "041")),
    ("vow", "Iran swore revenge against the United States.", ("IRN", "USA", "138")),
    ("vow", "Iran vowed retaliation against Israel.", ("IRN", "ISR", "138")),
    ("release", "Russia freed the American journalist.", ("RUS", "USA", "0841")),
    ("release", "Hamas handed over three Israeli hostages to the Red Cross.", ("PSE", "ISR", "0841")),
    ("release", "North Korea repatriated South Korean fishermen.", ("PRK", "KOR", "0841")),
    ("claim", "Hamas claimed responsibility for the attack on Israeli soldiers.", ("PSE", "ISR", "015")),
    ("claim", "The Taliban claimed responsibility for the attack on Afghan soldiers.", ("AFG", "AFG", "015")),
    ("bombing", "A Hamas militant rammed an explosive-laden car into an Israeli army checkpoint.", ("PSE", "ISR", "1832")),
    ("bombing", "Al-Shabab militants detonated a car bomb near the Somali parliament.", ("SOM", "SOM", "1832")),
    ("bombing", "A suicide bomber from Hamas blew himself up near Israeli soldiers.", ("PSE", "ISR", "1831")),
    ("inquiry", "The UN set up a commission of inquiry into abuses in Syria.", ("IGO:UN", "SYR", "090")),
    ("fight", "North Korea and South Korea exchanged artillery fire.", ("KOR", "PRK", "194")),
    ("fight", "Russia conducted attacks on Ukraine.", ("RUS", "UKR", "190")),
    ("fight", "Israel carried out airstrikes on Hamas.", ("ISR", "PSE", "195")),
    ("sanction", "The United States designated the Houthis as a terrorist organization.", ("USA", "YEM", "163")),
    ("sanction", "The United States will impose costs on Russia.", ("USA", "RUS", "163")),
    ("sanction", "The EU announced new sanctions against Belarus.", ("IGO:EU", "BLR", "163")),
    ("commit", "The United States and Japan reaffirmed their commitment to the alliance.", ("JPN", "USA", "030")),
    ("commit", "Japan looks forward to cooperation with India.", ("JPN", "IND", "030")),
    ("commit", "Germany pledged aid to Ukraine.", ("DEU", "UKR", "033")),
    ("encourage", "The United States encourages Israel and Hamas to agree on a ceasefire.", ("USA", "ISR", "020")),
    ("encourage", "Germany encouraged Serbia's efforts.", ("DEU", "SRB", "051")),
    ("ease sanctions", "Washington lifted sanctions against Venezuela.", ("USA", "VEN", "085")),
    ("ease sanctions", "The European Union lifted its arms embargo on China.", ("IGO:EU", "CHN", "085")),
    ("ease sanctions", "Washington eased its embargo against Cuba.", ("USA", "CUB", "085")),
    ("ease sanctions", "Russia suspended its boycott of Georgian wine.", ("RUS", "GEO", "085")),
    ("withdrawal", "Israel completed its withdrawal from Lebanon.", ("ISR", "LBN", "0874")),
    ("withdrawal", "The United States began the withdrawal of its forces from Somalia.", ("USA", "SOM", "0874")),
    ("withdrawal", "Russia speeded up the pullout of troops from Moldova.", ("RUS", "MDA", "0874")),
    ("yield", "Angola bowed to demands from Zambia.", ("AGO", "ZMB", "080")),
    ("yield", "Serbia caved in to pressure from the European Union.", ("SRB", "IGO:EU", "080")),
    ("yield", "Mozambique accepted demands from Zimbabwe.", ("MOZ", "ZWE", "080")),
    ("sanctions agreed", "The European Union reached agreement on new sanctions against Russia.", ("IGO:EU", "RUS", "163")),
    ("sanctions agreed", "EU leaders agreed on a new package of sanctions against Iran.", ("IGO:EU", "IRN", "163")),
    ("welcome", "The Chinese people extended a warm welcome to the Pakistani delegation.", ("CHN", "PAK", "043")),
    ("welcome", "France gave a warm welcome to the president of Chile.", ("CHL", "FRA", "042")),
    ("arson", "Serbian police set fire to Albanian houses.", ("SRB", "ALB", "1712")),
    ("arson", "Israeli settlers torched a Palestinian mosque.", ("ISR", "PSE", "1712")),
    ("complain", "Lebanon complained to the United Nations over Israeli air raids.", ("LBN", "ISR", "114")),
    ("complain", "Japan complained about Chinese incursions.", ("JPN", "CHN", "114")),
    ("links", "Italy suspended air links with Serbia.", ("ITA", "SRB", "16")),
    ("links", "Russia banned flights to Georgia.", ("RUS", "GEO", "16")),
    ("concern", "The United States expressed strong concern over Rwanda's conviction of the activist.", ("USA", "RWA", "111")),
    ("concern", "Germany voiced concern about China's military buildup.", ("DEU", "CHN", "111")),
    ("concern", "Germany raised human rights concerns with China.", ("DEU", "CHN", "111")),
    ("thank", "Germany thanked Kosovo for its support.", ("DEU", "KSV", "051")),
    ("stop protests", "Turkish police prevented a demonstration by students.", ("TUR", "TUR", "1721")),
    ("stop protests", "Chinese authorities banned a march by Tibetans.", ("CHN", "CHN", "1721")),
    ("stop protests", "Egyptian police broke up a rally by Egyptian students.", ("EGY", "EGY", "175")),
    ("alert", "Israeli troops remained on alert in the West Bank.", ("ISR", "PSE", "152")),
    ("alert", "Indian forces went on alert along the border with Pakistan.", ("IND", "PAK", "152")),
]

# (family, sentence, a code that must not be coded)
NOT_CODED = [
    ("request", "Kenya sought the cooperation of Uganda in the investigation.", "030"),
    ("agree", "Chile and Peru have agreed upon a new fisheries pact.", "050"),
    ("protest", "Israel launched strikes on Gaza.", "143"),
    ("legal", "A Saudi businessman is suing the United States for damages.", "173"),
    ("threaten", "China warned the United States of retaliation.", "130"),
    # a missile fired into the sea on a weekday is a launch, not an attack on anyone
    ("force", "North Korea fired a ballistic missile into the Sea of Japan on Wednesday.", "190"),
    # a state closing ports is a blockade, not a protesters' obstruction
    ("blockade", "Russia blockaded Ukrainian ports.", "144"),
    # welcoming a leader's statement is praise, not hosting him
    ("consult", "The German government welcomed President Reagan's latest policy statement.", "043"),
    # swearing is vowing, not alleging
    ("vow", "Albanian rebels have sworn to fight the Macedonian army.", "110"),
    # a reaffirmed commitment is an intent, not the diplomatic cooperation itself
    ("commit", "The United States and Japan reaffirmed their commitment to the alliance.", "050"),
    # a hunger strike staged against something is a protest, not an airstrike
    ("protest", "Algerian activists staged a hunger strike against the government.", "195"),
    # easing an embargo is not PETRARCH's bare 'ease' (facilitate, 060)
    ("ease sanctions", "Washington eased its embargo against Cuba.", "060"),
    # accepting an offer is no yielding
    ("yield", "Mozambique accepted an offer from Zimbabwe.", "080"),
    # an agreement on border security is no sanction
    ("sanctions agreed", "Egypt and Israel reached an agreement on border security.", "163"),
    # torching property is destroying it, not PETRARCH's bare 'torch' (an armed attack, 190)
    ("arson", "Israeli settlers torched a Palestinian mosque.", "190"),
    # concern about a situation names no one to disapprove of
    ("concern", "Germany expressed concern about rising prices.", "111"),
    # raising concerns with someone is voicing disapproval, not PETRARCH's meeting (040)
    ("concern", "Germany raised human rights concerns with China.", "040"),
    # preventing an attack is no restriction of political freedoms
    ("stop protests", "Russia prevented a Georgian attack on Abkhazia.", "1721"),
    # troops staying on alert are not cameo2's 'remain' (a show of force, 150)
    ("alert", "Israeli troops remained on alert in the West Bank.", "150"),
]


@pytest.mark.parametrize("family, text, event", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_verbdata_family_codes(family, text, event):
    source, target, code = event
    assert any((s, t) == (source, target) and c.startswith(code) for s, t, c in coded(text))


@pytest.mark.parametrize("family, text, code", NOT_CODED, ids=[f"{c[0]}-{i}" for i, c in enumerate(NOT_CODED)])
def test_verbdata_family_not_coded(family, text, code):
    assert code not in {c for _, _, c in coded(text)}
