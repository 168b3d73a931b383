"""The whole board as one picture, drawn by the game's own map and counter painters: an
H x W x 3 array for programs (the learning environment's ``rgb_array``), or a window.

Off-screen drawing needs no display: without a window the SDL video driver defaults to
``dummy``, so it works headless.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import numpy as np

from . import theme
from ._pygame import pygame
from .camera import ZOOM_SIZES, Camera, world_size
from .counters import CounterPainter
from .map_view import MapView

if TYPE_CHECKING:
    from ..core.scenario_def import Scenario
    from ..core.state import GameState

MAX_SIDE = 900  # pixels: the picture is the largest zoom at which the whole map fits this


class BoardPicture:
    """Draws a scenario's board (map, bridges, who holds the objectives, every unit)."""

    def __init__(self, scenario: Scenario, window: bool = False, max_side: int = MAX_SIDE) -> None:
        if not window:
            os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
        pygame.display.init()
        pygame.font.init()
        m = scenario.map
        zoom = 0
        for k, s in enumerate(ZOOM_SIZES):
            ww, wh = world_size(m.width, m.height)
            if ww * s <= max_side and wh * s <= max_side:
                zoom = k
        ww, wh = world_size(m.width, m.height)
        s = ZOOM_SIZES[zoom]
        self.size = (int(ww * s) + 1, int(wh * s) + 1)
        self.camera = Camera(m.width, m.height, (0, 0, *self.size), zoom)
        self.camera.fit(*self.size)
        self.map_view = MapView(m)
        self.painter = CounterPainter(scenario.sides)
        self.window = pygame.display.set_mode(self.size) if window else None
        if self.window is not None:
            pygame.display.set_caption(scenario.name)
        self.surface = pygame.Surface(self.size)
        self.clock = pygame.time.Clock()

    def draw(self, state: GameState, fps: int = 0) -> np.ndarray | None:
        """Draw ``state``: its pixels (height x width x 3, uint8) off-screen, or on the window
        (then None), at most ``fps`` frames a second there."""
        surf = self.surface
        surf.fill(theme.BG)
        self.map_view.draw(surf, self.camera, state, labels=False)
        self.painter.draw_units(surf, self.camera, self.map_view, state, dim_spent=False)
        self.map_view.draw_labels(surf, self.camera, state)
        if self.window is None:
            return np.ascontiguousarray(pygame.surfarray.array3d(surf).transpose(1, 0, 2))
        pygame.event.pump()
        self.window.blit(surf, (0, 0))
        pygame.display.flip()
        if fps:
            self.clock.tick(fps)
        return None

    def close(self) -> None:
        if self.window is not None:
            pygame.display.quit()
            self.window = None


__all__ = ["BoardPicture"]
