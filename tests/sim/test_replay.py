"""A recorded game replays exactly: the AI's own random stream is apart from the engine's."""

from __future__ import annotations

import json

import pytest

from mutanchiang_sim.sim.replay import Replay, read_replay, replay_states, write_replay
from mutanchiang_sim.sim.run import default_policies, play_game


def test_replaying_recorded_actions_gives_the_same_game(small_scenario, tmp_path):
    pols = default_policies(small_scenario, {"soviet": "doctrine", "japan": "doctrine"})
    result = play_game(small_scenario, 9, pols, record=True)
    path = tmp_path / "game.json"
    write_replay(path, None, {}, {}, result)
    rep = read_replay(path)
    assert isinstance(rep, Replay) and rep.seed == 9
    final = replay_states(small_scenario, rep)[-1].to_dict()
    played = result.state.to_dict()
    # everything but the computer players' own generator, which a replay never asks
    final.pop("ai_rng")
    played.pop("ai_rng")
    assert json.dumps(final, sort_keys=True) == json.dumps(played, sort_keys=True)


@pytest.mark.parametrize("field, value", [
    ("scenario", {"a": 1}), ("policies", "doctrine"), ("overrides", [1]), ("seed", -3), ("seed", True), ("actions", 5),
])
def test_a_damaged_replay_field_is_a_clean_error(tmp_path, small_path, field, value) -> None:  # type: ignore[no-untyped-def]
    import json

    from mutanchiang_sim.cli import main
    from mutanchiang_sim.sim.replay import read_replay

    rec = tmp_path / "r.json"
    assert main(["run", str(small_path), "--seed", "2", "--record", str(rec)]) == 0
    doc = json.loads(rec.read_text())
    doc[field] = value
    rec.write_text(json.dumps(doc))
    with pytest.raises(ValueError, match="damaged replay file"):
        read_replay(rec)
