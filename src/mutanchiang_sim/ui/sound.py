"""Sound effects through ``pygame.mixer``: moves, attacks, artillery, a bridge blown, a new turn,
victory and defeat (``assets/sounds/``), with the player's mute switch and volume
(:mod:`.settings`).

Sound never stops the game: with no audio device (or ``SDL_AUDIODRIVER=dummy``) the mixer
either plays into nothing or does not start, and then every call does nothing. A sound file
that cannot be read is left out with one warning.
"""

from __future__ import annotations

import contextlib
import os
import sys
import warnings
from collections.abc import Collection, Iterable, Iterator
from typing import TYPE_CHECKING

from . import assets
from ._pygame import pygame
from .settings import Settings

if TYPE_CHECKING:
    from ..core.events import GameEvent

VOLUME_STEP = 0.1
# when one action brings several events, the sound of the weightiest (first here) is played
PRIORITY = ("victory", "defeat", "bridge", "artillery", "attack", "move", "turn")


def sound_for(events: Iterable[GameEvent], humans: Collection[str], heard_move: bool = True) -> str | None:
    """The effect for what one action brought: ``victory`` or ``defeat`` at the end (for the
    people playing; a victory when they only watch; none for a draw), ``bridge`` for a bridge blown,
    ``artillery`` for an attack with guns in support, ``attack``, ``move`` (when ``heard_move``:
    not for a unit hidden by fog), ``turn``; None for nothing worth a sound."""
    names: set[str] = set()
    for e in events:
        if e.kind == "end":
            winner = e.data.get("winner")
            if winner in humans:
                names.add("victory")
            elif winner != "draw" and winner is not None:
                names.add("defeat" if humans else "victory")
        elif e.kind == "bridge" and e.data.get("intact") is False:
            names.add("bridge")
        elif e.kind == "combat":
            names.add("artillery" if e.data.get("support") else "attack")
        elif e.kind == "move" and heard_move:
            names.add("move")
        elif e.kind == "turn":
            names.add("turn")
    return next((n for n in PRIORITY if n in names), None)


@contextlib.contextmanager
def _c_stderr_quiet() -> Iterator[None]:
    """Send what C libraries write to file descriptor 2 to the null device for a moment (ALSA
    prints a dozen lines when a machine has no sound card); Python's own stderr is untouched."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):  # no real descriptor 2 (embedded, some IDEs)
        yield
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, 2)
        finally:
            os.close(null)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


class Sound:
    """The game's effects, played at the settings' volume unless muted."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.effects: dict[str, pygame.mixer.Sound] = {}
        self.playing = False  # whether a mixer could be opened
        try:
            if not pygame.mixer.get_init():
                with _c_stderr_quiet():  # no sound card: the audio library's own complaints stay off the terminal
                    pygame.mixer.init(frequency=22050, size=-16, channels=1, buffer=512)
            self.playing = True
        except pygame.error:  # no audio device: stay silent
            return
        for name in assets.SOUNDS:
            path = assets.sound_path(name)
            try:
                self.effects[name] = pygame.mixer.Sound(str(path))
            except (OSError, pygame.error) as e:
                warnings.warn(f"mutanchiang: cannot load the sound {path} ({e}); playing without it",
                              RuntimeWarning, stacklevel=2)

    def play(self, name: str | None) -> bool:
        """Play effect ``name``; True if it was started."""
        effect = self.effects.get(name or "")
        if effect is None or self.settings.muted or not self.playing or pygame.mixer.get_init() is None:
            return False
        effect.set_volume(self.settings.volume)
        try:
            return effect.play() is not None
        except pygame.error:
            return False

    def toggle_mute(self) -> str:
        self.settings.muted = not self.settings.muted
        self.settings.save()
        return self.describe()

    def change_volume(self, steps: int) -> str:
        """Raise (``steps`` > 0) or lower the volume; a change unmutes."""
        self.settings.volume = round(min(1.0, max(0.0, self.settings.volume + steps * VOLUME_STEP)), 2)
        self.settings.muted = False
        self.settings.save()
        return self.describe()

    def describe(self) -> str:
        """A line for the player: "Sound off (M)" or "Sound 70%"."""
        if self.settings.muted:
            return "Sound off (M turns it on)"
        note = "" if self.playing else " (no audio device)"
        return f"Sound {round(self.settings.volume * 100)}%{note}"
