"""User dictionaries named in settings: people (CSV/YAML), actors and agents (PETRARCH or tables)."""

from __future__ import annotations

import pytest

from eventwire.errors import ConfigError
from eventwire.stages.actors import ActorResolver


def codes_for(nlp, resolver, text, head, date):
    doc = nlp(text)
    return {s.actor.code for s in resolver.resolve_doc(doc, date) if doc[s.head].text == head}


@pytest.fixture()
def people_csv(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("name,aliases,country,agent,valid_from,valid_to,role\n"
                    "Amina Okafor,Okafor,NGA,OPP,2019-01-01,2022-12-31,opposition leader\n"
                    "Amina Okafor,Okafor,NGA,GOV,2023-01-01,,President\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("date, code", [("2020-05-01", "NGAOPP"), ("2024-05-01", "NGAGOV")])
def test_actors_people_file_roles_over_time(nlp, settings, people_csv, date, code):
    resolver = ActorResolver(settings.replace(people_files=(str(people_csv),)))
    assert codes_for(nlp, resolver, "Okafor criticised the plan.", "Okafor", date) == {code}


def test_actors_people_yaml(nlp, settings, tmp_path):
    path = tmp_path / "people.yaml"
    path.write_text("- name: Tomas Lindqvist\n  aliases: [Lindqvist]\n  country: SWE\n  agent: LEG\n",
                    encoding="utf-8")
    resolver = ActorResolver(settings.replace(people_files=(str(path),)))
    assert codes_for(nlp, resolver, "Lindqvist voted against the bill.", "Lindqvist", None) == {"SWELEG"}


def test_actors_petrarch_actor_and_agent_files(nlp, settings, tmp_path):
    actors = tmp_path / "my.actors.txt"
    actors.write_text("GRAND_DUCHY_OF_FENWICK_ [FNK]\n+FENWICK_\n", encoding="utf-8")
    agents = tmp_path / "my.agents.txt"
    agents.write_text("WIZARD [~MIL]\n", encoding="utf-8")
    resolver = ActorResolver(settings.replace(actor_files=(str(actors),), agent_files=(str(agents),)))
    assert codes_for(nlp, resolver, "Fenwick protested.", "Fenwick", None) == {"FNK"}
    assert codes_for(nlp, resolver, "Japanese wizards attacked.", "wizards", None) == {"JPNMIL"}


def test_actors_table_actor_and_agent_files(nlp, settings, tmp_path):
    actors = tmp_path / "actors.csv"
    actors.write_text("phrase,aliases,code,kind\nNorth Atlantic Fisheries Board,NAFB,IGONAF,igo\n", encoding="utf-8")
    agents = tmp_path / "agents.csv"
    agents.write_text("phrase,agent\nranger,COP\n", encoding="utf-8")
    resolver = ActorResolver(settings.replace(actor_files=(str(actors),), agent_files=(str(agents),)))
    assert codes_for(nlp, resolver, "The NAFB closed the zone.", "NAFB", None) == {"IGONAF"}
    assert codes_for(nlp, resolver, "Chilean rangers arrested poachers.", "rangers", None) == {"CHLCOP"}


def test_actors_missing_user_file_is_a_config_error(settings, tmp_path):
    with pytest.raises(ConfigError):
        ActorResolver(settings.replace(people_files=(str(tmp_path / "absent.csv"),)))
