"""The observation: the board as one side sees it, as fixed-shape planes of numbers.

An observation is a ``float32`` array of shape ``(height, width, C)``: one cell per hex of the
map (row ``r``, column ``c`` is the hex at offset ``(c, r)``), one plane per channel, every value
in ``[0, 1]``. The channels, in order (``T`` terrain kinds, ``W`` weathers of the scenario's rules):

==============================  ====  =========================================================
channels                        count  value in each hex
==============================  ====  =========================================================
terrain                         T     1 for the hex's terrain kind (one-hot)
river                           6     1 where a river runs along the hex's side in direction d
intact bridge                   6     1 where a standing bridge spans that side
road, railway                   2     1 where a road (railway) leaves the hex
fortification                   1     the fort level over the map's highest
objective, city                 2     an objective's victory points over the largest; the city
own supply source, exit zone    2     the observing side's supply sources and exit hexes
exit open                       1     its exit hexes while the order they need is in force
held by me, held by the enemy   2     who controls the hex
own men, tanks, guns            3     the side's strength in the hex over the scale (below)
own readiness, entrenchment     2     the best of its units there (entrenchment over its max)
own movement left, can act      2     most movement points left over the largest kind's allowance; the
                                      share of the stacking limit of units that have not
                                      attacked (while the side is to move)
own in supply                   1     the share of its units there that are in supply
enemy men, tanks, guns          3     the enemy units it can see (all without fog), as above
enemy entrenchment              1     the best of the seen enemy units there
turn, day, phase                3     (same in every hex) turn over turns, day over days, phase
to move, night, wet ground      3     the observer is to move; night; wet ground
weather                         W     the weather of the turn (one-hot)
==============================  ====  =========================================================

Strength scale: a quantity's largest value in any one unit of the scenario times the stacking
limit (a full stack of the strongest unit is 1; values are clipped at 1). Under fog the enemy
planes show only the enemy units within :data:`~mutanchiang_sim.api.SIGHT_HEXES` hexes of the
side's own (what :meth:`~mutanchiang_sim.api.Game.observe` shows), so nothing hidden leaks.
"""

from __future__ import annotations

import numpy as np

from ..ai.fog import visible_enemies
from ..api import SIGHT_HEXES, Game
from ..core.scenario_def import Scenario
from ..core.units import ACTIVE


class ObservationEncoder:
    """Builds one scenario's observation planes; the map's own planes are built once."""

    def __init__(self, scenario: Scenario, fog: bool) -> None:
        self.scenario = scenario
        self.fog = fog
        m = scenario.map
        self.shape2 = (m.height, m.width)
        n = m.size
        rules = scenario.rules
        self.weathers = list(rules.weather)
        t_kinds = len(m.terrain_rules)
        # channel offsets
        self.c_terrain = 0
        self.c_river = t_kinds
        self.c_bridge = self.c_river + 6
        self.c_road = self.c_bridge + 6
        self.c_rail = self.c_road + 1
        self.c_fort = self.c_rail + 1
        self.c_objective = self.c_fort + 1
        self.c_city = self.c_objective + 1
        self.c_supply_src = self.c_city + 1
        self.c_exit = self.c_supply_src + 1
        self.c_exit_open = self.c_exit + 1
        self.c_mine = self.c_exit_open + 1
        self.c_theirs = self.c_mine + 1
        self.c_own = self.c_theirs + 1  # men, tanks, guns
        self.c_own_ready = self.c_own + 3
        self.c_own_dug = self.c_own_ready + 1
        self.c_own_mp = self.c_own_dug + 1
        self.c_own_act = self.c_own_mp + 1
        self.c_own_supply = self.c_own_act + 1
        self.c_enemy = self.c_own_supply + 1  # men, tanks, guns
        self.c_enemy_dug = self.c_enemy + 3
        self.c_clock = self.c_enemy_dug + 1  # turn, day, phase, to move, night, wet
        self.c_weather = self.c_clock + 6
        self.channels = self.c_weather + len(self.weathers)
        self.shape = (m.height, m.width, self.channels)

        # scales
        units = scenario.units
        limit = rules.movement.stacking_limit
        self.stack_limit = float(limit)
        self.scale = np.array([max(1, max(getattr(u, k) for u in units)) * limit for k in ("men", "tanks", "guns")],
                              dtype=np.float64)
        self.max_mp = max(k.movement for k in rules.kinds.values())  # a unit's full allowance at most
        self.max_dug = float(max(1, rules.combat.max_entrenchment))
        self.days = max(1.0, scenario.turns * scenario.turn_hours / 24.0)

        # the map's own planes, and each side's
        base = np.zeros((n, self.channels), dtype=np.float32)
        base[np.arange(n), self.c_terrain + np.asarray(m.terrain_flat)] = 1.0
        base[:, self.c_river:self.c_river + 6] = m.river
        base[:, self.c_road] = m.road.any(axis=1)
        base[:, self.c_rail] = m.rail.any(axis=1)
        base[:, self.c_fort] = m.fort / max(1, int(m.fort.max()))
        top_vp = max((p.vp for p in m.places), default=0.0)
        for p in m.places:
            if p.objective:
                base[list(p.hexes), self.c_objective] = p.vp / top_vp
        base[list(scenario.city_hexes), self.c_city] = 1.0
        self.static: dict[str, np.ndarray] = {}
        for side, spec in scenario.sides.items():
            plane = base.copy()
            plane[list(spec.supply_sources), self.c_supply_src] = 1.0
            plane[list(spec.exit_zone), self.c_exit] = 1.0
            self.static[side] = plane
        # bridge k's two sides, as (hex, direction) twice
        self.bridge_sides: list[tuple[int, int, int, int]] = []
        for b in m.bridges:
            a, c = b.edge
            self.bridge_sides.append((a, m.direction(a, c), c, m.direction(c, a)))

    def observe(self, game: Game, side: str) -> np.ndarray:
        """The planes of ``game`` as ``side`` sees it (a new array each call)."""
        st = game.state
        sc = self.scenario
        n = sc.map.size
        obs = self.static[side].copy()
        for k, (a, da, c, dc) in enumerate(self.bridge_sides):
            if st.bridges_intact[k]:
                obs[a, self.c_bridge + da] = 1.0
                obs[c, self.c_bridge + dc] = 1.0
        spec = sc.sides[side]
        if spec.exit_zone and (not spec.exit_requires_order or st.has_order(side, spec.exit_requires_order)):
            obs[list(spec.exit_zone), self.c_exit_open] = 1.0
        control = np.asarray(st.control)
        code = sc.side_codes[side]
        obs[:, self.c_mine] = control == code
        obs[:, self.c_theirs] = (control != code) & (control != 0)

        own = [u for u in st.units if u.side == side and u.status == ACTIVE]
        if own:
            hexes = np.fromiter((u.hex for u in own), dtype=np.intp, count=len(own))
            strength = np.array([(u.men, u.tanks, u.guns) for u in own], dtype=np.float64) / self.scale
            np.add.at(obs[:, self.c_own:self.c_own + 3], hexes, strength.astype(np.float32))
            np.maximum.at(obs[:, self.c_own_ready], hexes, np.array([u.readiness for u in own], dtype=np.float32))
            np.maximum.at(obs[:, self.c_own_dug], hexes,
                          np.array([u.entrenchment / self.max_dug for u in own], dtype=np.float32))
            np.maximum.at(obs[:, self.c_own_mp], hexes,
                          np.array([min(1.0, u.mp_left / self.max_mp) for u in own], dtype=np.float32))
            may_act = st.side_to_move == side and not game.over
            np.add.at(obs[:, self.c_own_act], hexes,
                      np.array([may_act and not u.attacked for u in own],
                               dtype=np.float32) / self.stack_limit)
            counts = np.bincount(hexes, minlength=n).astype(np.float32)
            np.add.at(obs[:, self.c_own_supply], hexes, np.array([u.in_supply for u in own], dtype=np.float32))
            held = counts > 0
            obs[held, self.c_own_supply] /= counts[held]
        seen = visible_enemies(st, side, fog_of_war=self.fog, sight=SIGHT_HEXES)
        enemy = [u for us in seen.values() for u in us]
        if enemy:
            hexes = np.fromiter((u.hex for u in enemy), dtype=np.intp, count=len(enemy))
            strength = np.array([(u.men, u.tanks, u.guns) for u in enemy], dtype=np.float64) / self.scale
            np.add.at(obs[:, self.c_enemy:self.c_enemy + 3], hexes, strength.astype(np.float32))
            np.maximum.at(obs[:, self.c_enemy_dug], hexes,
                          np.array([u.entrenchment / self.max_dug for u in enemy], dtype=np.float32))
        turn = min(st.turn, sc.turns)
        clock = (turn / max(1, sc.turns), min(1.0, int(turn * sc.turn_hours // 24) / self.days), float(st.phase),
                 float(game.side_to_move == side), float(st.night), float(st.wet))
        obs[:, self.c_clock:self.c_clock + 6] = clock
        weather = st.weather
        if weather in self.weathers:
            obs[:, self.c_weather + self.weathers.index(weather)] = 1.0
        np.clip(obs, 0.0, 1.0, out=obs)
        return obs.reshape(self.shape)


__all__ = ["ObservationEncoder"]
