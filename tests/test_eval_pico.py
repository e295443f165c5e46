"""PETRARCH's internal coding ontology (PICO): reading and the negation operator, on a hand-made file."""

from __future__ import annotations

import pytest

from eventwire.codebooks.cameo import read_pico
from eventwire.errors import ConfigError

ONTOLOGY = """# a hand-made ontology in the PICO format
010:0x1000#Make Public Statement
011:0x1000-0xFFFF
050:0x0080#DiplomaticCoop
057:0x0087
061:0x0075
110:0x1007f#0xFFFF+0x0080#0x7000#Disapprove
1211:-0xFFFF+0x0075
170:0x10086#0x0087+0xFFFF#0x9000#Coerce
190:0x00A0#Fight
"""


@pytest.fixture()
def pico(tmp_path):
    path = tmp_path / "pico.txt"
    path.write_text(ONTOLOGY, encoding="utf-8")
    return read_pico(path)


@pytest.mark.parametrize("code, negated", [("110", "050"), ("170", "057"), ("010", "011"), ("061", "1211"),
                                           ("190", None), ("050", None), ("999", None), ("110:110", "050")])
def test_eval_pico_negation(pico, code, negated):
    assert pico.negate(code) == negated


def test_eval_pico_values(pico):
    assert pico.values["110"] == (0x1007F, 0xFFFF + 0x80, 0x7000)
    assert pico.values["1211"] == (-0xFFFF + 0x75,)


def test_eval_pico_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("# nothing\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        read_pico(path)
