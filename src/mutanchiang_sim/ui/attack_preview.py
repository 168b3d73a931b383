"""The attack preview: who attacks, the odds, each multiplier named, what each side can expect to
lose (men, tanks, guns) and the chance of each outcome, all from the combat rules
(:mod:`..core.rules.combat`); nothing here is a rule of its own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.rules import combat, combat_preview
from . import theme
from ._pygame import pygame
from .text_fit import Column, fitted

if TYPE_CHECKING:
    from ..core.state import GameState
    from .panels import AttackPlan

ORANGE = (230, 190, 140)


def _factors_text(factors: list[tuple[str, float]]) -> str:
    return ", ".join(f"{name} x{f:.2f}".replace(".00", "") for name, f in factors if abs(f - 1.0) > 1e-9)


def modifier_lines(state: GameState, plan: AttackPlan, o: combat.CombatOdds) -> list[str]:
    """The multipliers behind the odds, named: the defenders' ground and works, the attack's
    weather, night, river and combined arms, the guns' share, the troops' quality and supply."""
    c = state.scenario.rules.combat
    att = [state.unit_by_id[i] for i in plan.attackers()]
    sup = [state.unit_by_id[i] for i in plan.support()]
    defenders = state.units_at(plan.target)
    out = []
    if defenders:
        d = _factors_text(combat.defence_factors(state, defenders[0]))
        out.append("Defence: " + (d or "no bonus"))
    a = combat.attack_factors(state, o.river_assault)
    if o.combined_arms:
        a.append(("combined arms", c.combined_arms_bonus))
    out.append("Attack: " + (_factors_text(a) or "no modifier"))
    if sup:
        guns = sum(u.guns for u in sup)
        ratios = combat.attack_ratios(state, plan.target, att, sup, o.river_assault)
        share = (ratios[-1] - ratios[0]) * o.defence_power
        out.append(f"Artillery support: {guns} guns add ~{share:,.0f} power")

    def quality(units: list) -> str:  # type: ignore[type-arg]
        if not units:
            return "-"
        qs = [combat.quality_factor(state, u) for u in units]
        lo, hi = min(qs), max(qs)
        return f"x{lo:.2f}" if abs(hi - lo) < 0.005 else f"x{lo:.2f}-{hi:.2f}"

    out.append(f"Quality and readiness: yours {quality(att)}, theirs {quality(defenders)}")
    cut = [u for u in att + defenders if not u.in_supply]
    if cut:
        out.append(f"Out of supply x{state.scenario.rules.combat.out_of_supply_factor:g}: " + ", ".join(u.name for u in cut))
    return out


def loss_rows(ex: combat_preview.ExpectedLosses) -> list[tuple[str, str, str, str]]:
    def n(x: float) -> str:
        return f"~{x:,.0f}"

    return [("", "men", "tanks", "guns"),
            ("yours", n(ex.attackers[0]), n(ex.attackers[1]), n(ex.attackers[2])),
            ("theirs", n(ex.defenders[0]), n(ex.defenders[1]), n(ex.defenders[2]))]


def fit_attack_panel(surface: pygame.Surface, rects: list[pygame.Rect], state: GameState, plan: AttackPlan) -> Column:
    """Draw the preview in the first of ``rects`` (smallest first) it fits whole, leaving out
    the closing note if it must; in the last one, compact, if it fits nowhere."""
    tries = [(r, compact) for compact in (False, True) for r in rects]
    for r, compact in tries:
        if not draw_attack_panel(None, r, state, plan, compact).overflow:
            return draw_attack_panel(surface, r, state, plan, compact)
    return draw_attack_panel(surface, rects[-1], state, plan, True)


def draw_attack_panel(surface: pygame.Surface | None, rect: pygame.Rect, state: GameState, plan: AttackPlan,
                      compact: bool = False) -> Column:
    """Draw the preview in ``rect`` (with ``surface`` None, only lay it out; ``compact``: without
    the closing note, at most four units listed); returns the column written (its lines, and
    any that did not fit)."""
    if surface is not None:
        theme.panel(surface, rect, (58, 40, 38), (150, 80, 70))
    m = state.scenario.map
    c = state.scenario.rules.combat
    defenders = state.units_at(plan.target)
    col = Column(surface, pygame.Rect(rect.x, rect.y, rect.w, rect.h - 40), top=8)
    col.fit("ATTACK PREVIEW", 19, (255, 150, 120), bold=True, step=20)
    rule = m.terrain_rule(plan.target)
    place = m.place_by_hex.get(plan.target)
    where = f"{m.offset_of(plan.target)} {rule.name}{', ' + place.name if place else ''}" + (
        f", fort {int(m.fort[plan.target])}" if m.fort[plan.target] else "")
    col.fit(where, 15, theme.TEXT_DIM, step=16)
    names = ", ".join(f"{u.name} ({theme.fmt_men(u.men)}, {u.posture})" for u in defenders)
    col.wrap("Defending: " + names, 16, max_lines=2, step=15)
    col.gap(3)
    plan.toggles = []
    rows = [(uid, False) for uid in plan.eligible] + [(uid, True) for uid in plan.artillery]
    max_rows = 4 if compact else 6
    for uid, art in rows[:max_rows]:
        u = state.unit_by_id[uid]
        on = uid in plan.chosen
        y = col.y
        if surface is not None:
            box = pygame.Rect(col.x, y + 1, 13, 13)
            pygame.draw.rect(surface, (230, 230, 230), box, 1)
            if on:
                pygame.draw.rect(surface, (240, 190, 80), box.inflate(-4, -4))
        label = f"{'support: ' if art else ''}{u.name}  {theme.fmt_men(u.men)}" + (f" {u.tanks}T" if u.tanks else "") + (
            f" {u.guns}G" if art else "")
        col.fit(label, 16, theme.TEXT if on else theme.TEXT_DIM, indent=19, step=17)
        plan.toggles.append((pygame.Rect(col.x, y, col.width, 16), uid))
    if len(rows) > max_rows:
        col.fit(f"... and {len(rows) - max_rows} more", 15, theme.TEXT_DIM, indent=19, step=16)
    o = plan.odds(state)
    col.gap(4)
    if o is None:
        col.fit("Choose at least one attacking unit.", 17, theme.BAD)
    else:
        colour = theme.GOOD if o.ratio >= c.retreat_ratio else (230, 200, 90) if o.ratio >= 1 else theme.BAD
        r = theme.text(f"{o.ratio:.2f} : 1", 28, colour, bold=True)
        if surface is not None:
            surface.blit(r, (rect.right - r.get_width() - 12, col.y - 2))
        col.gap(4)
        col.fit(f"Power {o.attack_power:,.0f} vs {o.defence_power:,.0f}", 16, width=col.width - r.get_width() - 8, step=22)
        for line in modifier_lines(state, plan, o):
            col.wrap(line, 14, ORANGE, step=14, max_lines=2)
        col.gap(4)
        ex = combat_preview.expected_losses(state, o, plan.target, [state.unit_by_id[u] for u in plan.attackers()])
        col.fit("Expected losses (retreats and routs included):", 15, theme.ACCENT, step=16)
        widths = (col.width * 30 // 100, col.width * 26 // 100, col.width * 22 // 100, col.width * 22 // 100)
        for k, row in enumerate(loss_rows(ex)):
            x = col.x
            for cell, w in zip(row, widths, strict=True):
                t = fitted(cell, 15, w - 4, theme.TEXT_DIM if k == 0 else theme.TEXT, bold=k > 0 and cell == row[0])
                if surface is not None:
                    surface.blit(t, (x if cell == row[0] else x + w - 4 - t.get_width(), col.y))
                col.lines.append(cell)
                x += w
            col.gap(16)
        col.gap(4)
        col.fit("Outcome:", 16, theme.ACCENT, step=0)
        if surface is not None:
            bar = pygame.Rect(col.x + 70, col.y + 1, col.width - 70, 14)
            bx = bar.x
            for share, colour in ((ex.hold, (110, 110, 120)), (ex.retreat, (220, 150, 60)), (ex.rout, (220, 60, 50))):
                w = int(bar.w * share)
                pygame.draw.rect(surface, colour, (bx, bar.y, w, bar.h))
                bx += w
            pygame.draw.rect(surface, (20, 20, 20), bar, 1)
        col.gap(18)
        col.fit(f"holds {ex.hold:.0%}   falls back {ex.retreat:.0%}   routs {ex.rout:.0%}", 15, indent=70, step=16)
        if not compact:
            col.wrap(f"Give-way chance from advance rates and terrain; routs from {c.rout_ratio:g}:1. "
                     "Units trapped or broken up lose more.", 14, theme.TEXT_DIM, step=14, max_lines=3)
    bw = (rect.w - 30) // 2
    plan.attack_button = pygame.Rect(rect.x + 10, rect.bottom - 34, bw, 26)
    plan.cancel_button = pygame.Rect(rect.x + 20 + bw, rect.bottom - 34, bw, 26)
    if surface is not None:
        for b, label, fill in ((plan.attack_button, "Attack  [Enter]", (170, 60, 44) if o else (80, 70, 70)),
                               (plan.cancel_button, "Cancel  [Esc]", (70, 74, 84))):
            pygame.draw.rect(surface, fill, b, border_radius=5)
            pygame.draw.rect(surface, (20, 20, 20), b, 1, border_radius=5)
            t = fitted(label, 18, b.w - 8, theme.TEXT_BRIGHT, bold=True)
            surface.blit(t, t.get_rect(center=b.center))
    return col
