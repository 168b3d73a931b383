"""The bundled assets: every file the user interface uses is there and loads; a missing font or
image falls back with one warning; textures and symbols land where they should."""

from __future__ import annotations

import warnings
import wave
from pathlib import Path

import pytest

from mutanchiang_sim.core.rules.coefficients import TerrainRule
from mutanchiang_sim.ui import assets, counters, textures, theme
from mutanchiang_sim.ui._pygame import pygame


@pytest.fixture
def display():  # type: ignore[no-untyped-def]
    pygame.display.init()
    pygame.font.init()
    pygame.display.set_mode((64, 64))
    theme.reset_caches()
    yield
    theme.reset_caches()
    pygame.quit()


@pytest.fixture
def no_assets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The asset folder moved away: an empty one in its place."""
    monkeypatch.setattr(assets, "assets_dir", lambda: tmp_path)
    monkeypatch.setattr(theme, "_font_fallback_warned", False)
    monkeypatch.setattr(assets, "_missing_warned", set())
    theme.reset_caches()
    counters._INKED.clear()
    yield tmp_path
    theme.reset_caches()
    counters._INKED.clear()


def test_every_referenced_asset_exists_and_loads(display: None) -> None:
    for rel in assets.referenced():
        path = assets.asset(rel)
        assert path.is_file(), f"missing {path}"
        if rel.endswith(".ttf"):
            assert pygame.font.Font(str(path), 14).size("3.6k")[0] > 0
        elif rel.endswith(".png"):
            assert min(pygame.image.load(str(path)).get_size()) >= 8, rel
        elif rel.endswith(".wav"):
            with wave.open(str(path)) as w:
                assert w.getnframes() > 0.1 * w.getframerate(), rel
    licence = assets.asset("fonts/LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    assert "Bitstream Vera" in licence


def test_every_file_in_assets_is_listed_in_its_readme() -> None:
    folder = assets.assets_dir()
    readme = (folder / "README.md").read_text(encoding="utf-8")
    files = [p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != "README.md"]
    assert files
    missing = [f for f in files if f"`{Path(f).name}`" not in readme]
    assert not missing, f"assets/README.md does not list {missing}"


def test_every_symbol_a_unit_kind_can_get_has_an_image() -> None:
    for sym in counters.SYMBOL_NAMES:
        assert sym in assets.SYMBOLS
        assert assets.symbol_path(sym).is_file()
    assert counters.symbol_of("corps_hq") == "hq"
    assert counters.symbol_of("cavalry_regiment") == "cavalry"
    assert counters.symbol_of("armoured_car") == "recce"


def test_text_is_set_in_the_bundled_font(display: None) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        bundled = theme.font(20)
    default = pygame.font.Font(None, 20)
    assert bundled.size("Rifle division 3.6k")[0] != default.size("Rifle division 3.6k")[0]
    # the condensed face is narrower than the bold one
    assert theme.font(20, condensed=True).size("13.8k")[0] < theme.font(20, bold=True).size("13.8k")[0]


def test_a_missing_font_falls_back_to_the_default_with_one_warning(display: None, no_assets: Path) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for size in (12, 16, 20):
            for bold in (False, True):
                theme.text(f"{size} men", size, bold=bold)
        theme.text("3.6k", 18, condensed=True)
    fonts = [w for w in caught if "font" in str(w.message)]
    assert len(fonts) == 1, [str(w.message) for w in caught]
    assert issubclass(fonts[0].category, RuntimeWarning)
    assert theme.font(16).size("Rifle")[0] == pygame.font.Font(None, 16).size("Rifle")[0]


def test_a_missing_symbol_leaves_an_empty_frame_with_one_warning(display: None, no_assets: Path) -> None:
    surf = pygame.Surface((60, 40), pygame.SRCALPHA)
    box = pygame.Rect(10, 10, 30, 20)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            counters.draw_symbol(surf, box, "infantry", (0, 0, 0), (240, 230, 200))
    assert len(caught) == 1
    assert surf.get_at(box.center)[:3] == (240, 230, 200)


def test_symbols_are_inked_in_the_box(display: None) -> None:
    surf = pygame.Surface((80, 60))
    box = pygame.Rect(10, 10, 60, 40)
    counters.draw_symbol(surf, box, "infantry", (0, 0, 0), (255, 255, 255))
    # the infantry cross passes through the centre; artillery's dot is there too; armour's oval is not
    assert sum(surf.get_at(box.center)[:3]) < 200
    counters.draw_symbol(surf, box, "armour", (0, 0, 0), (255, 255, 255))
    assert surf.get_at(box.center)[:3] == (255, 255, 255)
    assert min(sum(surf.get_at((box.centerx, box.top + dy))[:3]) for dy in range(6, 14)) < 100  # the oval's top edge


def test_terrain_names_find_their_textures() -> None:
    assert textures.bundled_name(TerrainRule(name="rolling-wooded")) == "rolling-wooded"
    assert textures.bundled_name(TerrainRule(name="pine forest")) == "rolling-wooded"
    assert textures.bundled_name(TerrainRule(name="Hills")) == "hills"
    assert textures.bundled_name(TerrainRule(name="paddy")) is None


def test_a_texture_covers_its_hexes_and_nothing_else(display: None, tmp_path: Path) -> None:
    tex = pygame.Surface((16, 16))
    tex.fill((200, 0, 0))
    pygame.image.save(tex, str(tmp_path / "red.png"))
    tt = textures.TerrainTextures([TerrainRule(name="paddy", texture=str(tmp_path / "red.png")), TerrainRule(name="paddy")])
    assert tt.has(0) and not tt.has(1)
    surf = pygame.Surface((100, 100))
    surf.fill((0, 0, 255))
    tt.paint(surf, 0, 20.0, 300.0, 500.0, [[(10, 10), (50, 10), (50, 50), (10, 50)]])
    assert surf.get_at((30, 30))[:3] == (200, 0, 0)
    assert surf.get_at((80, 80))[:3] == (0, 0, 255)


def test_an_unreadable_texture_keeps_the_colour_with_one_warning(display: None, tmp_path: Path) -> None:
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"not a png")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tt = textures.TerrainTextures([TerrainRule(name="a", texture=str(bad)), TerrainRule(name="b", texture=str(bad))])
    assert not tt.has(0) and not tt.has(1)
    assert len(caught) == 1


def test_wrapped_lines_fit_their_width_in_the_face_they_are_drawn_in(display: None) -> None:
    words = "12 Aug 06:00 300th Rifle Division and others attack 369th Infantry Regiment at (10, 26)"
    for bold in (False, True):
        lines = theme.wrap(words, 16, 180, bold=bold)
        assert len(lines) > 1 and " ".join(lines) == words
        assert all(theme.font(16, bold).size(line)[0] <= 180 for line in lines)


def test_a_word_too_long_for_the_line_is_cut_into_pieces_that_fit(display: None) -> None:
    word = "Mutanchiang-Hengdaohezi-Harbin-railway"
    lines = theme.wrap(f"along the {word}", 16, 90)
    assert "".join(lines).replace(" ", "") == f"alongthe{word}"  # nothing lost
    assert len(lines) > 2 and all(theme.font(16).size(line)[0] <= 90 for line in lines)
