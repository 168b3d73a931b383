"""Draw the game's images into ``assets/``: the NATO unit symbols and size marks, the window
icon and a seamless texture per terrain type. ``tools/make_sounds.py`` makes the sounds.

Run from the repository root (headless is fine)::

    python tools/make_assets.py            # rewrites assets/symbols, assets/icon, assets/textures
    python tools/make_assets.py --check    # exit 1 if a committed image differs from a fresh one

Everything is drawn with pygame at four times the final size and scaled down smoothly, so the
lines are anti-aliased. The symbols are white ink on a transparent ground: the counters tint
them with a side's ink colour. Textures come from a seeded numpy generator, so each run writes
the same pixels. Edit the drawing functions below and rerun to change a symbol or texture.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
import pygame  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets"
SS = 4  # supersampling factor
SYMBOL_SIZE = (144, 96)  # a NATO frame is 3:2
MARK_HEIGHT = 32
ICON_SIZE = 64
TEXTURE_SIZE = 96
WHITE = (255, 255, 255, 255)

Pt = tuple[float, float]


# --- drawing helpers (at the supersampled size) ------------------------------------------------

def stroke(surf: pygame.Surface, a: Pt, b: Pt, width: float, colour: tuple[int, ...] = WHITE) -> None:
    """A thick line from ``a`` to ``b`` with round caps."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    n = math.hypot(dx, dy) or 1.0
    px, py = -dy / n * width / 2, dx / n * width / 2
    pygame.draw.polygon(surf, colour, [(a[0] + px, a[1] + py), (b[0] + px, b[1] + py), (b[0] - px, b[1] - py), (a[0] - px, a[1] - py)])
    for p in (a, b):
        pygame.draw.circle(surf, colour, p, width / 2)


def ring(surf: pygame.Surface, rect: pygame.Rect, width: float) -> None:
    """An ellipse outline ``width`` thick inside ``rect``."""
    pygame.draw.ellipse(surf, WHITE, rect)
    inner = rect.inflate(-2 * width, -2 * width)
    pygame.draw.ellipse(surf, (0, 0, 0, 0), inner)


def downscale(big: pygame.Surface, size: tuple[int, int]) -> pygame.Surface:
    return pygame.transform.smoothscale(big, size)


# --- NATO symbols: what goes inside the frame --------------------------------------------------

def _cross(s: pygame.Surface, w: float, h: float, lw: float) -> None:
    stroke(s, (0, 0), (w, h), lw)
    stroke(s, (0, h), (w, 0), lw)


def _oval(s: pygame.Surface, w: float, h: float, lw: float) -> None:
    r = pygame.Rect(0, 0, int(w * 0.62), int(h * 0.56))
    r.center = (int(w / 2), int(h / 2))
    ring(s, r, lw)


def _dot(s: pygame.Surface, w: float, h: float) -> None:
    pygame.draw.circle(s, WHITE, (w / 2, h / 2), h * 0.16)


def infantry(s: pygame.Surface, w: float, h: float, lw: float) -> None:
    _cross(s, w, h, lw)


def armour(s: pygame.Surface, w: float, h: float, lw: float) -> None:
    _oval(s, w, h, lw)


def mech(s: pygame.Surface, w: float, h: float, lw: float) -> None:
    _cross(s, w, h, lw)
    _oval(s, w, h, lw)


def artillery(s: pygame.Surface, w: float, h: float, lw: float) -> None:
    _dot(s, w, h)


def rocket(s: pygame.Surface, w: float, h: float, lw: float) -> None:
    _dot(s, w, h)
    stroke(s, (w / 2, h * 0.5), (w / 2, h * 0.16), lw)
    pygame.draw.polygon(s, WHITE, [(w / 2 - h * 0.16, h * 0.3), (w / 2, h * 0.06), (w / 2 + h * 0.16, h * 0.3)])


def antitank(s: pygame.Surface, w: float, h: float, lw: float) -> None:
    stroke(s, (0, h), (w / 2, lw), lw)
    stroke(s, (w / 2, lw), (w, h), lw)


def cavalry(s: pygame.Surface, w: float, h: float, lw: float) -> None:
    stroke(s, (0, h), (w, 0), lw)


def recce(s: pygame.Surface, w: float, h: float, lw: float) -> None:
    cavalry(s, w, h, lw)
    _oval(s, w, h, lw)


def engineer(s: pygame.Surface, w: float, h: float, lw: float) -> None:
    left, right, top, bottom = w * 0.22, w * 0.78, h * 0.34, h * 0.66
    stroke(s, (left, top), (right, top), lw)
    for x in (left, w / 2, right):
        stroke(s, (x, top), (x, bottom), lw)


def hq(s: pygame.Surface, w: float, h: float, lw: float) -> None:
    # a headquarters: the staff down the left side and a pennant flying from it
    stroke(s, (w * 0.12, h * 0.12), (w * 0.12, h * 0.9), lw)
    pygame.draw.polygon(s, WHITE, [(w * 0.12, h * 0.12), (w * 0.62, h * 0.3), (w * 0.12, h * 0.48)])


def train(s: pygame.Surface, w: float, h: float, lw: float) -> None:
    _oval(s, w, h, lw)
    stroke(s, (w * 0.1, h * 0.86), (w * 0.9, h * 0.86), lw)
    for k in range(1, 4):
        pygame.draw.circle(s, WHITE, (w * k / 4, h * 0.86), h * 0.08)


def border(s: pygame.Surface, w: float, h: float, lw: float) -> None:
    _cross(s, w, h, lw)
    stroke(s, (0, h * 0.22), (w, h * 0.22), lw * 0.7)


def fortified(s: pygame.Surface, w: float, h: float, lw: float) -> None:
    _cross(s, w, h, lw)
    for k in range(4):
        x = k * w / 4 + w * 0.04
        pygame.draw.rect(s, WHITE, (x, 0, w / 8, h * 0.2))


SYMBOLS: dict[str, Callable[[pygame.Surface, float, float, float], None]] = {
    "infantry": infantry, "armour": armour, "mech": mech, "artillery": artillery, "rocket": rocket,
    "antitank": antitank, "cavalry": cavalry, "recce": recce, "engineer": engineer, "hq": hq,
    "train": train, "border": border, "fortified": fortified,
}


def symbol(name: str) -> pygame.Surface:
    w, h = SYMBOL_SIZE[0] * SS, SYMBOL_SIZE[1] * SS
    big = pygame.Surface((w, h), pygame.SRCALPHA)
    SYMBOLS[name](big, w, h, h * 0.075)
    return downscale(big, SYMBOL_SIZE)


# --- size marks: II, III, X, XX ... -------------------------------------------------------------

SIZE_MARKS = {"battalion": "II", "regiment": "III", "brigade": "X", "division": "XX", "corps": "XXX", "army": "XXXX"}


def size_mark(mark: str) -> pygame.Surface:
    h = MARK_HEIGHT * SS
    lw = h * 0.16
    cross_w = h * 0.8
    gap = h * 0.28
    widths = [cross_w if c == "X" else lw for c in mark]
    total = sum(widths) + gap * (len(mark) - 1) + lw
    big = pygame.Surface((int(math.ceil(total)), h), pygame.SRCALPHA)
    x = lw / 2
    for c, cw in zip(mark, widths, strict=True):
        if c == "X":
            stroke(big, (x, lw / 2), (x + cw, h - lw / 2), lw)
            stroke(big, (x, h - lw / 2), (x + cw, lw / 2), lw)
        else:
            stroke(big, (x, lw / 2), (x, h - lw / 2), lw)
        x += cw + gap
    return downscale(big, (max(1, round(big.get_width() / SS)), MARK_HEIGHT))


# --- the window icon ----------------------------------------------------------------------------

def icon() -> pygame.Surface:
    n = ICON_SIZE * SS
    big = pygame.Surface((n, n), pygame.SRCALPHA)
    c = n / 2
    hexagon = [(c + 0.49 * n * math.cos(math.radians(60 * k - 30)), c + 0.49 * n * math.sin(math.radians(60 * k - 30))) for k in range(6)]
    pygame.draw.polygon(big, (132, 164, 96, 255), hexagon)
    # a river across the hex
    stroke(big, (0.1 * n, 0.62 * n), (0.9 * n, 0.44 * n), 0.07 * n, (58, 112, 196, 255))
    # a red counter with the infantry cross
    body = pygame.Rect(0, 0, int(0.62 * n), int(0.48 * n))
    body.center = (int(c), int(c))
    pygame.draw.rect(big, (20, 16, 12, 255), body.inflate(0.04 * n, 0.04 * n), border_radius=int(0.06 * n))
    pygame.draw.rect(big, (178, 52, 42, 255), body, border_radius=int(0.05 * n))
    box = pygame.Rect(0, 0, int(0.42 * n), int(0.28 * n))
    box.center = (int(c), int(c))
    pygame.draw.rect(big, (244, 234, 200, 255), box)
    lw = 0.035 * n
    ink = (30, 26, 16, 255)
    stroke(big, box.topleft, box.bottomright, lw, ink)
    stroke(big, box.bottomleft, box.topright, lw, ink)
    pygame.draw.rect(big, ink, box, int(lw))
    return downscale(big, (ICON_SIZE, ICON_SIZE))


# --- terrain textures ---------------------------------------------------------------------------

def periodic_noise(rng: np.random.Generator, n: int, modes: int, fmax: int) -> np.ndarray:
    """Smooth noise on an ``n`` x ``n`` tile that wraps at its edges (a sum of integer-frequency
    waves), scaled to [-1, 1]."""
    y, x = np.mgrid[0:n, 0:n] / n
    out = np.zeros((n, n))
    for _ in range(modes):
        fx, fy = rng.integers(-fmax, fmax + 1, size=2)
        if fx == 0 and fy == 0:
            continue
        amp = 1.0 / math.hypot(fx, fy)
        out += amp * np.cos(2 * math.pi * (fx * x + fy * y) + rng.uniform(0, 2 * math.pi))
    return out / (np.abs(out).max() or 1.0)


def speckle(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.uniform(-1, 1, (n, n))


def blocks(n: int, cell: int, street: int) -> np.ndarray:
    """1 on building blocks, 0 on the streets between them."""
    idx = np.arange(n) % cell
    lane = idx >= cell - street
    return (~(lane[None, :] | lane[:, None])).astype(float)


def texture(name: str, base: tuple[int, int, int], seed: int) -> pygame.Surface:
    rng = np.random.default_rng(seed)
    n = TEXTURE_SIZE
    rgb = np.empty((n, n, 3))
    rgb[:] = base
    shade = np.zeros((n, n))
    if name == "flat":  # fields: broad patches and a little grass speckle
        shade = 0.07 * periodic_noise(rng, n, 12, 3) + 0.03 * speckle(rng, n)
    elif name in ("rolling-wooded", "wooded", "forest"):  # canopy: dark blotches
        canopy = periodic_noise(rng, n, 40, 9)
        shade = 0.12 * canopy + 0.04 * speckle(rng, n)
    elif name == "hills":  # banded slopes
        h = periodic_noise(rng, n, 10, 3)
        shade = 0.06 * np.sin(h * 9) + 0.03 * speckle(rng, n)
    elif name == "mountains":  # rock: coarse and fine
        shade = 0.1 * periodic_noise(rng, n, 30, 8) + 0.06 * speckle(rng, n)
    elif name == "marsh":  # reeds over wet ground: streaks of water
        wet = periodic_noise(rng, n, 14, 4)
        water = np.clip((wet - 0.35) * 4, 0, 1)[..., None]
        rgb = rgb * (1 - water * 0.5) + np.array((96, 140, 170)) * water * 0.5
        shade = 0.04 * speckle(rng, n)
    elif name in ("city", "town"):  # blocks and streets
        cell = 16 if name == "city" else 24
        b = blocks(n, cell, 3 if name == "city" else 4)
        shade = -0.18 * (1 - b) + 0.05 * periodic_noise(rng, n, 20, 6) * b + 0.02 * speckle(rng, n)
    elif name == "lake":  # ripples
        shade = 0.05 * np.sin(periodic_noise(rng, n, 8, 3) * 14) + 0.015 * speckle(rng, n)
    rgb = np.clip(rgb * (1 + shade[..., None]), 0, 255).astype(np.uint8)
    return pygame.surfarray.make_surface(np.ascontiguousarray(rgb.transpose(1, 0, 2)))


# --- writing ------------------------------------------------------------------------------------

def build() -> dict[str, pygame.Surface]:
    """Every image, by its path under ``assets/``."""
    sys.path.insert(0, str(ROOT / "src"))
    from mutanchiang_sim.ui.theme import TERRAIN_FILL

    out: dict[str, pygame.Surface] = {}
    for name in SYMBOLS:
        out[f"symbols/{name}.png"] = symbol(name)
    for size, mark in SIZE_MARKS.items():
        out[f"symbols/size-{size}.png"] = size_mark(mark)
    out["icon/icon.png"] = icon()
    for k, name in enumerate(("flat", "rolling-wooded", "hills", "mountains", "marsh", "city", "town", "lake")):
        out[f"textures/{name}.png"] = texture(name, TERRAIN_FILL[name], 1945 + k)
    return out


def same_pixels(a: pygame.Surface, path: Path) -> bool:
    if not path.is_file():
        return False
    b = pygame.image.load(str(path))
    if a.get_size() != b.get_size():
        return False
    fmt = "RGBA"
    return pygame.image.tobytes(a, fmt) == pygame.image.tobytes(b.convert_alpha() if pygame.display.get_init() else b, fmt)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="compare with the committed files, write nothing")
    args = ap.parse_args(argv)
    pygame.display.init()
    pygame.display.set_mode((1, 1))
    images = build()
    stale = []
    for rel, surf in images.items():
        path = ASSETS / rel
        if args.check:
            if not same_pixels(surf, path):
                stale.append(rel)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(surf, str(path))
    pygame.quit()
    if stale:
        print("out of date (rerun tools/make_assets.py): " + ", ".join(stale))
        return 1
    print(f"{'checked' if args.check else 'wrote'} {len(images)} images under {ASSETS.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
