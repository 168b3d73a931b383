"""Under fog of war the battle log does not say where an unseen enemy unit fell back to."""

from __future__ import annotations

from mutanchiang_sim.ai.fog import seen_hexes
from mutanchiang_sim.core.events import GameEvent
from mutanchiang_sim.sim.game import SIGHT_HEXES
from mutanchiang_sim.sim.session import GameSession


def _retreat_to(session: GameSession, uid: str, hex_index: int) -> GameEvent:
    u = session.state.unit_by_id[uid]
    return GameEvent("retreat", session.state.turn, f"{u.name} falls back to (9, 9)",
                     {"unit": uid, "from": u.hex, "hex": hex_index})


def _hexes(session: GameSession, side: str) -> tuple[int, int]:
    """A hex ``side`` sees and one it does not."""
    seen = seen_hexes(session.state, side, SIGHT_HEXES)
    m = session.scenario.map
    unseen = next(i for i in range(len(m.fort)) if i not in seen)
    return next(iter(sorted(seen))), unseen


def test_an_enemy_retreat_out_of_sight_is_logged_without_its_destination(small_scenario):  # type: ignore[no-untyped-def]
    session = GameSession.start(small_scenario, 1, {"soviet"}, fog=True)
    seen, unseen = _hexes(session, "soviet")
    hidden = session._as_seen([_retreat_to(session, "j-ir3", unseen)])[0]
    shown = session._as_seen([_retreat_to(session, "j-ir3", seen)])[0]
    assert hidden.text.endswith("falls back out of sight") and "(9, 9)" not in hidden.text
    assert shown.text.endswith("falls back to (9, 9)")


def test_own_retreats_and_games_without_fog_keep_the_destination(small_scenario):  # type: ignore[no-untyped-def]
    fogged = GameSession.start(small_scenario, 1, {"soviet"}, fog=True)
    _, unseen_by_japan = _hexes(fogged, "japan")
    own = fogged._as_seen([_retreat_to(fogged, "s-rd1", unseen_by_japan)])[0]
    assert own.text.endswith("(9, 9)")  # the player's own unit: he knows where it went
    clear = GameSession.start(small_scenario, 1, {"soviet"}, fog=False)
    _, unseen = _hexes(clear, "soviet")
    assert clear._as_seen([_retreat_to(clear, "j-ir3", unseen)])[0].text.endswith("(9, 9)")
