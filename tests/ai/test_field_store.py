"""Distance fields kept on disk between processes (ai.field_store): a process that reads them
plays the very battle it would have played searching, and a damaged file is ignored."""

from __future__ import annotations

from collections import OrderedDict

import pytest

from mutanchiang_sim.ai import cache, field_store, fields
from mutanchiang_sim.core import engine
from mutanchiang_sim.scenario import load_scenario
from mutanchiang_sim.sim.run import play_game, run_record


@pytest.fixture
def store(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """A fresh process as the store sees it: an empty folder, nothing in memory."""
    monkeypatch.setenv(field_store.STORE_ENV, str(tmp_path))
    monkeypatch.setattr(cache, "_SHARED", OrderedDict())
    monkeypatch.setattr(field_store, "_known", {})
    return tmp_path


def _fresh_process() -> None:
    cache._SHARED.clear()
    field_store._known.clear()


def test_fields_read_back_give_the_same_battle(store, small_path, monkeypatch):
    first = load_scenario(small_path)
    searched = run_record(play_game(first, 5).state, 5)
    kept = list(store.glob("fields-*.npz"))
    assert len(kept) == 1
    stale = kept[0].with_name(kept[0].name.rsplit("-", 1)[0] + "-0123456789ab.npz")  # of an older version
    stale.write_bytes(kept[0].read_bytes())
    _fresh_process()
    monkeypatch.setattr(field_store, "SAVE_AFTER", 0)  # written again after this game
    monkeypatch.setattr(field_store, "GROWTH", 0.0)
    play_game(load_scenario(small_path), 5)
    assert list(store.glob("fields-*.npz")) == kept
    _fresh_process()
    again = load_scenario(small_path)
    memo = cache.ai_cache(again.map)
    assert memo.fields and memo is not cache.ai_cache(first.map)  # read from the file
    state, _ = engine.new_game(again, 5)
    checked = 0
    for key, value in memo.fields.items():
        if key[0] == "groups":
            continue
        goals, bridges, ground, avoid, landing, limit = key
        tracked, crossing = ground[2], ground[3]
        if bridges == tuple(state.bridges_intact) and ground == fields._ground_key(state, tracked, crossing):
            assert fields._search(state, goals, tracked, crossing, avoid, landing, limit) == value
            checked += 1
    assert checked
    assert run_record(play_game(again, 5).state, 5) == searched


def test_a_damaged_file_is_ignored(store, small_path):
    play_game(load_scenario(small_path), 5)
    (path,) = store.glob("fields-*.npz")
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    _fresh_process()
    assert not cache.ai_cache(load_scenario(small_path).map).fields


def test_off_keeps_nothing(store, small_path, monkeypatch):
    monkeypatch.setenv(field_store.STORE_ENV, "off")
    play_game(load_scenario(small_path), 5)
    assert not list(store.iterdir())


def test_no_home_folder_and_a_read_only_one_keep_nothing_and_play_on(store, small_path, monkeypatch):
    monkeypatch.delenv(field_store.STORE_ENV)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def nowhere() -> None:
        raise RuntimeError("Could not determine home directory")

    monkeypatch.setattr(field_store.Path, "home", staticmethod(nowhere))
    assert run_record(play_game(load_scenario(small_path), 5).state, 5)["actions"] > 0
    locked = store / "locked"
    locked.mkdir(mode=0o500)
    monkeypatch.setenv(field_store.STORE_ENV, str(locked / "fields"))
    _fresh_process()
    assert run_record(play_game(load_scenario(small_path), 5).state, 5)["actions"] > 0


def test_a_growing_memo_is_written_a_few_times(store, monkeypatch):  # type: ignore[no-untyped-def]
    """A long batch's memo grows by a few fields a battle: the file is written again only once it
    has grown by GROWTH of what the file held (not every SAVE_AFTER new fields)."""
    writes = []
    monkeypatch.setattr(field_store, "atomic_write_bytes", lambda path, data: writes.append(len(data)))
    fields: dict[tuple[object, ...], list[float]] = {}
    for k in range(400):
        fields[("groups", k)] = [0.0] * 4
        field_store.save("ground", 4, fields)
    assert len(writes) == 9  # at 1, 17, 33, 50, 75, 113, 170, 255 and 383 fields
