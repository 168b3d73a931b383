"""The action encoding: every engine action of a side as one whole number, and back.

A side's actions are laid out in blocks, one kind of action a block, the same layout for every
side of a scenario (so both agents share one ``Discrete`` space). With ``N`` the map's hexes
(``width x height``, flat index ``row * width + col``), ``U`` the unit slots (the size of the
larger side's order of battle; a side's ``k``-th unit in the scenario's order of battle is its
slot ``k``), ``B`` the map's bridges and 6 hex directions:

======================  ==========  ========================================================
block                   size        index within the block: the action
======================  ==========  ========================================================
end phase               1           the side to move is done for this phase
exit                    U           ``u``: unit slot ``u`` leaves the map from its exit zone
blow bridge             U x B       ``u * B + k``: unit ``u`` blows bridge ``k``
move                    U x N       ``u * N + h``: unit ``u`` moves to hex ``h`` along the
                                    engine's cheapest path (the one ``legal_actions`` gives)
attack with all         N x 2       ``h * 2 + s``: every unit that may assault hex ``h``
                                    attacks it, with every gun in range (``s = 1``) or none
attack alone            U x 6 x 2   ``(u * 6 + d) * 2 + s``: unit ``u`` alone attacks its
                                    neighbour in direction ``d``, with every gun in range
                                    (``s = 1``) or none
======================  ==========  ========================================================

Every action :func:`~mutanchiang_sim.api.Game.legal_actions` lists has its index (the engine's
grouped attack is "attack with all", ``s = 1``; its single attacks "attack alone", ``s = 0``),
and the three other attack variants are the engine's own attacks with the support dropped or
added. Two indices may stand for one action (an attack with no gun in range, with or without
"every gun"); :meth:`ActionCodec.encode` gives the first. Actions the encoding cannot express
(a move along another path, an attack by some of the eligible units or with some of the guns)
are still the engine's to take: :meth:`ActionCodec.encode` returns None for them.
"""

from __future__ import annotations

import numpy as np

from ..api import Action, Attack, BlowBridge, EndPhase, Exit, Game, Move
from ..core.rules import attack, movement
from ..core.scenario_def import Scenario
from ..core.units import ACTIVE

DIRECTIONS = 6


class Layout:
    """Where each block of the encoding starts, for one scenario."""

    def __init__(self, hexes: int, slots: int, bridges: int) -> None:
        self.hexes = hexes  # N
        self.slots = slots  # U
        self.bridges = bridges  # B
        self.exit = 1
        self.blow = self.exit + slots
        self.move = self.blow + slots * bridges
        self.attack_all = self.move + slots * hexes
        self.attack_alone = self.attack_all + hexes * 2
        self.size = self.attack_alone + slots * DIRECTIONS * 2

    @classmethod
    def of(cls, scenario: Scenario) -> Layout:
        per_side = [sum(1 for u in scenario.units if u.side == s) for s in scenario.side_ids]
        return cls(hexes=scenario.map.size, slots=max(per_side), bridges=len(scenario.map.bridges))


class ActionCodec:
    """Encodes and decodes one scenario's actions, and masks the legal ones of a game.

    ``mask`` also remembers which action each masked-in index stands for, so taking one
    (:meth:`decode` right after :meth:`mask`) prices no path twice."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.layout = Layout.of(scenario)
        self.slot_of: dict[str, int] = {}
        self.unit_in_slot: dict[str, list[str]] = {s: [] for s in scenario.side_ids}
        for u in scenario.units:
            self.slot_of[u.id] = len(self.unit_in_slot[u.side])
            self.unit_in_slot[u.side].append(u.id)
        self._known: dict[int, Action] = {}
        self._known_state: object = None  # the state (and its action count) _known is of
        self._known_count = -1
        self._reach: dict[str, movement.Reach] = {}  # each unit's reach in the position below
        self._reach_state: object = None
        self._reach_count = -1

    @property
    def size(self) -> int:
        return self.layout.size

    # --- action -> index --------------------------------------------------------------------
    def encode(self, game: Game, action: Action) -> int | None:
        """The index of ``action`` for the side to move, or None when the encoding cannot express
        it exactly (see the module's table). Does not check that the action is legal."""
        lay = self.layout
        st = game.state
        side = st.side_to_move
        if isinstance(action, EndPhase):
            return 0
        slots = [self._slot(game, uid) for uid in _units_of(action)]
        if None in slots:
            return None  # a unit the side to move does not have
        if isinstance(action, Exit):
            return lay.exit + self.slot_of[action.unit]
        if isinstance(action, BlowBridge):
            if not 0 <= action.bridge < lay.bridges:
                return None
            return lay.blow + self.slot_of[action.unit] * lay.bridges + action.bridge
        if isinstance(action, Move):
            dest = action.path[-1] if action.path else -1
            if not 0 <= dest < lay.hexes:
                return None
            index = lay.move + self.slot_of[action.unit] * lay.hexes + dest
            return index if self._decode_move(game, action.unit, dest) == action else None
        group = tuple(u.id for u in attack.attack_targets(st, side).get(action.target, ()))
        guns = tuple(u.id for u in attack.supporters_of(st, side, action.target))
        if action.support not in ((), guns):
            return None
        s = 1 if action.support else 0
        if action.attackers == group and group:
            return lay.attack_all + action.target * 2 + s
        if len(action.attackers) == 1:
            u = st.unit_by_id[action.attackers[0]]
            if u.status != ACTIVE or action.target not in st.scenario.map.neighbor_lists[u.hex]:
                return None
            d = st.scenario.map.direction(u.hex, action.target)
            return lay.attack_alone + (self.slot_of[u.id] * DIRECTIONS + d) * 2 + s
        return None

    def _slot(self, game: Game, uid: str) -> int | None:
        u = game.state.unit_by_id.get(uid)
        return self.slot_of[uid] if u is not None and u.side == game.state.side_to_move else None

    # --- index -> action --------------------------------------------------------------------
    def decode(self, game: Game, index: int) -> Action | None:
        """The action ``index`` stands for in ``game`` for the side to move (None: no such action
        now, e.g. a move to a hex the unit cannot reach). Not checked for legality."""
        if self._fresh(game) and index in self._known:
            return self._known[index]
        lay = self.layout
        st = game.state
        side = st.side_to_move
        if index == 0:
            return EndPhase()
        if index < lay.blow:
            uid = self._unit(side, index - lay.exit)
            return Exit(uid) if uid is not None else None
        if index < lay.move:
            slot, k = divmod(index - lay.blow, lay.bridges)
            uid = self._unit(side, slot)
            return BlowBridge(uid, k) if uid is not None else None
        if index < lay.attack_all:
            slot, dest = divmod(index - lay.move, lay.hexes)
            uid = self._unit(side, slot)
            return self._decode_move(game, uid, dest) if uid is not None else None
        if index < lay.attack_alone:
            target, s = divmod(index - lay.attack_all, 2)
            group = tuple(u.id for u in attack.attack_targets(st, side).get(target, ()))
            if not group:
                return None
            return Attack(target, group, self._guns(game, target) if s else ())
        if index < lay.size:
            rest, s = divmod(index - lay.attack_alone, 2)
            slot, d = divmod(rest, DIRECTIONS)
            uid = self._unit(side, slot)
            if uid is None:
                return None
            u = st.unit_by_id[uid]
            if u.status != ACTIVE:
                return None
            target = int(st.scenario.map.neighbors[u.hex, d])
            if target < 0:
                return None
            return Attack(target, (uid,), self._guns(game, target) if s else ())
        return None

    def _remember(self, game: Game, known: dict[int, Action]) -> None:
        self._known, self._known_state, self._known_count = known, game.state, game.state.action_count

    def _fresh(self, game: Game) -> bool:
        return self._known_state is game.state and self._known_count == game.state.action_count

    def _unit(self, side: str, slot: int) -> str | None:
        ids = self.unit_in_slot[side]
        return ids[slot] if 0 <= slot < len(ids) else None

    @staticmethod
    def _guns(game: Game, target: int) -> tuple[str, ...]:
        st = game.state
        return tuple(u.id for u in attack.supporters_of(st, st.side_to_move, target))

    def _decode_move(self, game: Game, uid: str, dest: int) -> Move | None:
        st = game.state
        u = st.unit_by_id[uid]
        if u.status != ACTIVE or u.side != st.side_to_move or u.attacked or u.mp_left <= 0:
            return None
        if self._reach_state is not st or self._reach_count != st.action_count:
            self._reach.clear()
            self._reach_state, self._reach_count = st, st.action_count
        reach = self._reach.get(uid)
        if reach is None:
            reach = self._reach[uid] = movement.reachable(st, u)
        if dest not in reach:
            return None
        return Move(uid, movement.path_to(reach, u.hex, dest))

    # --- the mask ---------------------------------------------------------------------------
    def mask(self, game: Game) -> np.ndarray:
        """1 for every index whose action the rules allow now, else 0 (int8; all 0 once the game
        is over): the engine's legal actions, and the attack variants it accepts."""
        out = np.zeros(self.size, dtype=np.int8)
        known: dict[int, Action] = {}
        if game.over:
            self._remember(game, known)
            return out
        lay = self.layout
        st = game.state
        m = st.scenario.map
        grouped: set[int] = set()  # targets whose grouped attack has been listed
        for a in game.legal_actions():
            if isinstance(a, Move):
                i = lay.move + self.slot_of[a.unit] * lay.hexes + a.path[-1]
            elif isinstance(a, Attack) and a.target in grouped:  # one of the engine's single attacks
                u = st.unit_by_id[a.attackers[0]]
                i = lay.attack_alone + (self.slot_of[u.id] * DIRECTIONS + m.direction(u.hex, a.target)) * 2
            elif isinstance(a, Attack):  # the first attack on a hex is its grouped attack
                grouped.add(a.target)
                i = lay.attack_all + a.target * 2 + 1
                self._attack_variants(game, a, known)
            else:
                enc = self.encode(game, a)
                assert enc is not None
                i = enc
            known.setdefault(i, a)
        for i in known:
            out[i] = 1
        self._remember(game, known)
        return out

    def allows(self, game: Game, index: int) -> bool:
        """Whether the mask of ``game`` now has ``index`` in (the last mask, if it is of now)."""
        if not self._fresh(game):
            self.mask(game)
        return index in self._known

    def _attack_variants(self, game: Game, grouped: Attack, known: dict[int, Action]) -> None:
        """The engine's grouped attack on a hex without its guns, and each of its units alone
        with the guns (and without, when it is the only one), where the rules accept them."""
        lay = self.layout
        st = game.state
        m = st.scenario.map
        t = grouped.target
        candidates: list[tuple[int, Attack]] = [(lay.attack_all + t * 2, Attack(t, grouped.attackers, ()))]
        for uid in grouped.attackers:
            base = lay.attack_alone + (self.slot_of[uid] * DIRECTIONS + m.direction(st.unit_by_id[uid].hex, t)) * 2
            candidates.append((base + 1, Attack(t, (uid,), grouped.support)))
            if len(grouped.attackers) == 1:
                candidates.append((base, Attack(t, (uid,), ())))
        for i, a in candidates:
            if i not in known and game.why_illegal(a) is None:
                known[i] = a


def _units_of(action: Action) -> tuple[str, ...]:
    """The units an action names as its own side's (not the supporting guns)."""
    if isinstance(action, Attack):
        return action.attackers
    if isinstance(action, Move | Exit | BlowBridge):
        return (action.unit,)
    return ()


__all__ = ["DIRECTIONS", "ActionCodec", "Layout"]
