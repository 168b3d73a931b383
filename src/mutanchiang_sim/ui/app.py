"""The application: a window, a clock and a stack of scenes; ``cmd_play`` starts a game."""

from __future__ import annotations

import os
import secrets
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import BadFlag, BadInput, BadSave
from . import assets, theme
from ._pygame import pygame
from .settings import Settings
from .sound import Sound

if TYPE_CHECKING:
    from ..core.scenario_def import Scenario

DEFAULT_SIZE = (1280, 800)
MIN_SIZE = (960, 600)  # the smallest window the panels are laid out for
IDLE_REDRAW = 0.5  # seconds: with nothing happening the screen is still redrawn this often


class Scene(Protocol):
    opaque: bool

    def handle_event(self, ev: pygame.event.Event) -> None: ...

    def update(self, dt: float) -> None: ...

    def draw(self, surface: pygame.Surface) -> None: ...


class App:
    """Owns the window and the scene stack. Only the top scene gets events and updates; scenes
    are drawn from the topmost opaque one upward (overlays see the board beneath). The window
    can be resized: every scene with a ``relayout()`` lays its panels out again. While playing,
    the screen is redrawn only after an event, while a scene is ``busy()`` (animating, the
    computer moving, a toast showing) and every :data:`IDLE_REDRAW` seconds."""

    def __init__(self, size: tuple[int, int] = DEFAULT_SIZE, title: str = "Battle of Mutanchiang, August 1945") -> None:
        pygame.display.init()
        pygame.font.init()
        theme.reset_caches()
        self.size = size
        icon = assets.image(assets.ICON)
        if icon is not None:
            pygame.display.set_icon(icon)  # before set_mode, as some window managers want it
        self.screen = pygame.display.set_mode(size, pygame.RESIZABLE)
        pygame.display.set_caption(title)
        pygame.key.set_repeat(250, 35)
        self.sound = Sound(Settings.load())
        self.clock = pygame.time.Clock()
        self.scenes: list[Any] = []
        self.running = True
        self.draws = 0  # frames drawn (for benchmarks and tests)
        self._last_draw = 0.0

    # --- the stack -----------------------------------------------------------------------
    def push(self, scene: Any) -> None:
        self.scenes.append(scene)

    def pop(self) -> Any:
        return self.scenes.pop() if self.scenes else None

    @property
    def top(self) -> Any:
        return self.scenes[-1] if self.scenes else None

    def message(self, title: str, body: str) -> None:
        from .overlays import MessageOverlay

        self.push(MessageOverlay(self, title, body))

    def quit(self) -> None:
        self.running = False

    # --- the loop ------------------------------------------------------------------------
    def resize(self, size: tuple[int, int]) -> None:
        """The window is now ``size`` (at least :data:`MIN_SIZE`): lay every scene out again."""
        size = (max(MIN_SIZE[0], int(size[0])), max(MIN_SIZE[1], int(size[1])))
        if size == self.size:
            return
        self.size = size
        surface = pygame.display.get_surface()
        if surface is None or surface.get_size() != size:
            surface = pygame.display.set_mode(size, pygame.RESIZABLE)
        self.screen = surface
        for sc in self.scenes:
            relayout = getattr(sc, "relayout", None)
            if relayout is not None:
                relayout()

    def handle(self, ev: pygame.event.Event) -> None:
        if ev.type == pygame.QUIT:
            self.quit()
            return
        if ev.type == pygame.VIDEORESIZE:
            self.resize(ev.size)
            return
        if self.top is not None:
            self.top.handle_event(ev)

    def draw(self) -> None:
        start = 0
        for k, sc in enumerate(self.scenes):
            if getattr(sc, "opaque", True):
                start = k
        if not self.scenes:
            self.screen.fill(theme.BG)
        for sc in self.scenes[start:]:
            sc.draw(self.screen)

    def busy(self) -> bool:
        """Whether the top scene changes by itself now (so every frame must be drawn)."""
        top = self.top
        check = getattr(top, "busy", None)
        return bool(check()) if check is not None else False

    def frame(self, dt: float = 1 / 60, always_draw: bool = True) -> bool:
        """One frame: events from the queue, the top scene's update, drawing (unless
        ``always_draw`` is off and nothing happened). Returns whether it drew."""
        events = pygame.event.get()
        for ev in events:
            self.handle(ev)
        top = self.top
        if top is not None:
            top.update(dt)
        now = time.monotonic()
        if always_draw or events or top is not self.top or self.busy() or now - self._last_draw >= IDLE_REDRAW:
            self.draw()
            pygame.display.flip()
            self.draws += 1
            self._last_draw = now
            return True
        return False

    def run(self) -> None:
        require_display()
        while self.running and self.scenes:
            dt = self.clock.tick(60) / 1000.0
            self.frame(min(dt, 0.1), always_draw=False)
        pygame.quit()

    def screenshot(self, path: str | Path) -> None:
        """The current view as a PNG, written atomically (a full disk keeps the old file, never
        leaves an empty one, and says so as an OSError naming ``path``)."""
        import io

        from ..atomic import atomic_write_bytes

        self.draw()
        buf = io.BytesIO()
        pygame.image.save(self.screen, buf, "screenshot.png")
        atomic_write_bytes(path, buf.getvalue())


def humans_of(scenario: Scenario, side: str | None) -> set[str]:
    """The sides people play for ``--side``: a side's id, ``both``, ``none``, or (None) the side
    that moves first; BadFlag for anything else."""
    if side is None:
        return {scenario.sides_order[0]}
    if side == "both":
        return set(scenario.side_ids)
    if side == "none":
        return set()
    if side not in scenario.sides:
        raise BadFlag(f"--side {side}: {scenario.name} has the sides {', '.join(scenario.side_ids)} (or both, none)")
    return {side}


def build_game(app: App, scenario_path: str | None, side: str | None = None, seed: int | None = None,
               load: str | None = None, fog: bool = False, ai: Mapping[str, str] | None = None,
               prompts: bool = False) -> Any:
    """The game scene for the command line's (or the new-game screen's) choices: ``ai`` names
    the computer players (side -> level or policy; a save keeps its own). With ``prompts`` (a
    person at the window) a new game opens with its briefing and ending a phase with units
    still able to move asks first. BadInput for bad input."""
    from ..scenario import load_scenario
    from ..sim.save_open import change_warning, check_moved, find_scenario, load_recorded
    from ..sim.saves import load_game
    from ..sim.session import GameSession
    from .game_scene import GameScene

    if load:
        opened = find_scenario(load, scenario_path)  # (the file the save names, unless one is given)
        path, overrides = opened.path, opened.overrides
        scenario = load_recorded(load, path, overrides)
        check_moved(opened, scenario)
        humans = humans_of(scenario, side)
        try:
            g = load_game(load, scenario, path)
        except ValueError as e:
            raise BadSave(str(e)) from None
        pygame.display.set_caption(scenario.name)
        if g.changed is not None:  # an edited scenario the saved game still fits: on it goes, said once
            warning = change_warning(load, g.changed, scenario, path)
            print(warning, file=sys.stderr)
            g.log.append(("info", warning.removeprefix("warning: ")))
        scene = GameScene(app, GameSession(scenario, g.state, humans, seed=g.seed, scenario_path=path, save_path=load,
                                           log=g.log, actions=g.actions, overrides=overrides,
                                           fog=g.fog if g.fog is not None else fog, ai=g.ai, sightings=g.sightings))
        if g.changed is not None:
            scene.toast("Loaded, but " + change_warning(Path(load).name, g.changed, scenario, None).removeprefix("warning: "), 8.0)
        return scene
    scenario = load_scenario(scenario_path)
    humans = humans_of(scenario, side)
    played = sorted(humans & set(ai or {}))
    if played:
        raise BadFlag(f"--ai: {played[0]} is played by you (--side {side}), not by the computer")
    if seed is None:
        seed = secrets.randbelow(2**31)
    session = GameSession.start(scenario, seed, humans, scenario_path, fog, ai)
    session.log.insert(0, ("info", f"{scenario.name}. Seed {seed}. Press F1 for the controls, Esc for the menu and the briefing."))
    scene = GameScene(app, session)
    pygame.display.set_caption(scenario.name)  # the window's title names the battle being played
    scene.brief_on_start = prompts and bool(humans)
    scene.warn_unmoved = prompts
    return scene


def require_display() -> None:
    """Refuse to open an interactive window nobody can see: with no screen SDL falls back to its
    invisible 'offscreen' driver, and the game would wait forever for clicks. (Choosing a
    driver on purpose, as the tests do with SDL_VIDEODRIVER=dummy, is allowed.)"""
    driver = pygame.display.get_driver()
    if driver in ("offscreen", "dummy") and not os.environ.get("SDL_VIDEODRIVER"):
        raise BadInput(
            "mutanchiang: no display found, so no window can be shown: on a machine without a screen "
            "run `mutanchiang batch --runs 200` (or `mutanchiang run`), or render a view with --screenshot PNG"
        )


@contextmanager
def video_driver(name: str | None) -> Iterator[None]:
    """While SDL opens its display: the video driver ``name``, unless the user chose one
    (a non-empty SDL_VIDEODRIVER). SDL reads the choice only from the environment, so it is set
    there for this moment and the environment then put back as it was."""
    before = os.environ.get("SDL_VIDEODRIVER")
    if name is None or before:
        yield
        return
    os.environ["SDL_VIDEODRIVER"] = name
    try:
        yield
    finally:
        if before is None:
            del os.environ["SDL_VIDEODRIVER"]
        else:
            os.environ["SDL_VIDEODRIVER"] = before


def run_window(
    make_scene: Callable[[App], Scene],
    screenshot: str | None,
    size: tuple[int, int] = DEFAULT_SIZE,
    title: str = "Battle of Mutanchiang, August 1945",
) -> int:
    """Open the window, push the scene ``make_scene`` builds, then either render its first view
    to ``screenshot`` (headless) and return, or run until the player quits."""
    try:
        with video_driver("dummy" if screenshot else None):
            app = App(size, title)
    except pygame.error as e:  # no video driver SDL can open (SDL_VIDEODRIVER names a missing one)
        pygame.quit()
        raise BadInput(f"mutanchiang: cannot open a window ({e}); on a machine without a screen run "
                       "`mutanchiang batch --runs 200`, or render a view with --screenshot PNG") from None
    try:
        app.push(make_scene(app))
        if screenshot:
            app.screenshot(screenshot)
            return 0
        app.run()
    finally:
        pygame.quit()
    return 0


def play(scenario: str | None, side: str | None = None, seed: int | None = None, load: str | None = None,
         fog: bool = False, screenshot: str | None = None, size: tuple[int, int] = DEFAULT_SIZE,
         ai: Mapping[str, str] | None = None, new_game: bool = False) -> int:
    """Play ``scenario`` (None: the bundled one) in a window, or render its first view to
    ``screenshot``; with ``new_game`` the new-game screen comes first, its choices preset from
    the others. BadInput for a scenario, save or display that cannot be used."""
    t0 = time.perf_counter()

    def first_scene(app: App) -> Any:
        if new_game:
            from .new_game import NewGameScene

            return NewGameScene(app, scenario, side, seed, fog, ai)
        return build_game(app, scenario, side, seed, load, fog, ai, prompts=True)

    code = run_window(first_scene, screenshot, size)
    if screenshot and os.environ.get("MUTANCHIANG_TIMING"):
        print(f"first frame after {time.perf_counter() - t0:.3f} s")
    return code
