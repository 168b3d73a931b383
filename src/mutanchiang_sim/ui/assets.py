"""Where the game's bundled files are: fonts, the window icon, unit symbols, terrain textures
and sounds (the top-level ``assets/`` folder; ``assets/README.md`` lists them).

An installed wheel carries them as ``mutanchiang_sim/_assets`` (pyproject's force-include);
a checkout has them at the repository root. ``assets_dir()`` finds either through
:mod:`importlib.resources`, so the game looks the same from any working directory.
"""

from __future__ import annotations

import warnings
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ._pygame import pygame

FONTS = {
    "regular": "fonts/DejaVuSans.ttf",
    "bold": "fonts/DejaVuSans-Bold.ttf",
    "condensed": "fonts/DejaVuSansCondensed-Bold.ttf",  # counters' figures: narrow, tabular digits
}
ICON = "icon/icon.png"
SYMBOLS = ("infantry", "armour", "mech", "artillery", "rocket", "antitank", "cavalry", "recce",
           "engineer", "hq", "train", "border", "fortified")
SIZES = ("battalion", "regiment", "brigade", "division", "corps", "army")
TEXTURES = ("flat", "rolling-wooded", "hills", "mountains", "marsh", "city", "town", "lake")
SOUNDS = ("move", "attack", "artillery", "bridge", "turn", "victory", "defeat")


@lru_cache(maxsize=1)
def assets_dir() -> Path:
    """The folder holding the bundled assets (in the installed package, else the checkout's)."""
    packaged = Path(str(resources.files("mutanchiang_sim") / "_assets"))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "assets"


def asset(rel: str) -> Path:
    """The path of the bundled file ``rel`` (``"sounds/move.wav"``); it may be missing."""
    return assets_dir() / rel


def symbol_path(name: str) -> Path:
    return asset(f"symbols/{name}.png")


def size_mark_path(size: str) -> Path:
    return asset(f"symbols/size-{size}.png")


def texture_path(name: str) -> Path:
    return asset(f"textures/{name}.png")


def sound_path(name: str) -> Path:
    return asset(f"sounds/{name}.wav")


def referenced() -> list[str]:
    """Every bundled file the user interface uses, relative to :func:`assets_dir`."""
    return [*FONTS.values(), ICON, *(f"symbols/{s}.png" for s in SYMBOLS),
            *(f"symbols/size-{s}.png" for s in SIZES), *(f"textures/{t}.png" for t in TEXTURES),
            *(f"sounds/{s}.wav" for s in SOUNDS)]


_missing_warned: set[str] = set()


@lru_cache(maxsize=64)
def image(rel: str) -> pygame.Surface | None:
    """The bundled image ``rel`` loaded once (with its alpha), or None with one warning if the
    file is missing or unreadable."""
    path = asset(rel)
    try:
        surf = pygame.image.load(str(path))
    except (OSError, pygame.error) as e:
        if rel not in _missing_warned:
            _missing_warned.add(rel)
            warnings.warn(f"mutanchiang: cannot load {path} ({e}); drawing without it", RuntimeWarning, stacklevel=2)
        return None
    return surf.convert_alpha() if pygame.display.get_surface() is not None else surf


def reset_caches() -> None:
    """Forget loaded images (needed after ``pygame.quit()``)."""
    image.cache_clear()
