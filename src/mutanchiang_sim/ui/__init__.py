"""The pygame user interface: the game window, the replay viewer and (later) the map editor.

This is the only package that imports pygame, and it does so lazily inside its modules, so the
engine, batch runs and tests of the core never need it. Reusable pieces:

* :class:`~mutanchiang_sim.ui.camera.Camera` - zoom and pan over a core ``Layout``;
* :class:`~mutanchiang_sim.ui.map_view.MapView` - draws a ``GameMap`` (and optionally a
  ``GameState``'s bridges and control) with a tile cache per zoom level;
* :class:`~mutanchiang_sim.ui.counters.CounterPainter` - NATO-style unit counters.
"""

import os as _os

_os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
