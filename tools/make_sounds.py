"""Synthesise the game's sound effects into ``assets/sounds/`` as 16-bit mono WAV files.

Run from the repository root::

    python tools/make_sounds.py

Each effect is a few lines of numpy below (noise shaped by filters and envelopes, or tones
with harmonics), drawn from a seeded generator, so a rerun writes the same bytes. Edit a
function and rerun to change a sound; ``assets/README.md`` lists what each one is for.
"""

from __future__ import annotations

import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SOUNDS = ROOT / "assets" / "sounds"
RATE = 22050


def t_axis(secs: float) -> np.ndarray:
    return np.arange(int(secs * RATE)) / RATE


def lowpass(x: np.ndarray, cutoff: float) -> np.ndarray:
    """A one-pole low-pass filter at ``cutoff`` Hz (run twice for a softer slope)."""
    a = np.exp(-2 * np.pi * cutoff / RATE)
    y = np.empty_like(x)
    for _ in range(2):
        acc = 0.0
        for i, v in enumerate(x):
            acc = (1 - a) * v + a * acc
            y[i] = acc
        x = y.copy()
    return y


def envelope(t: np.ndarray, attack: float, decay: float) -> np.ndarray:
    """Rise over ``attack`` seconds, then fall exponentially with time constant ``decay``."""
    rise = np.clip(t / max(attack, 1e-4), 0, 1)
    return rise * np.exp(-np.maximum(t - attack, 0) / decay)


def tone(t: np.ndarray, freq: float, harmonics: tuple[float, ...] = (1.0, 0.5, 0.25)) -> np.ndarray:
    return sum(a * np.sin(2 * np.pi * freq * (k + 1) * t) for k, a in enumerate(harmonics))


def move(rng: np.random.Generator) -> np.ndarray:
    """Tracks and boots on a road: a soft rumble with a few footfalls."""
    t = t_axis(0.45)
    rumble = lowpass(rng.normal(0, 1, t.size), 220) * 3.0
    steps = np.zeros(t.size)
    for k in range(4):
        start = int((0.04 + 0.1 * k) * RATE)
        n = int(0.05 * RATE)
        steps[start:start + n] += lowpass(rng.normal(0, 1, n), 600) * envelope(t[:n], 0.003, 0.015) * 4
    return (rumble * envelope(t, 0.05, 0.2) + steps) * 0.6


def attack(rng: np.random.Generator) -> np.ndarray:
    """Small arms: a ragged burst of sharp cracks."""
    t = t_axis(0.7)
    out = np.zeros(t.size)
    for k in range(7):
        start = int((0.02 + 0.085 * k + rng.uniform(0, 0.03)) * RATE)
        n = min(int(0.08 * RATE), t.size - start)
        crack = rng.normal(0, 1, n) * envelope(t[:n], 0.001, 0.012)
        out[start:start + n] += crack * rng.uniform(0.6, 1.0)
    return lowpass(out, 3500)


def boom(rng: np.random.Generator, secs: float, pitch: float, tail: float) -> np.ndarray:
    t = t_axis(secs)
    body = lowpass(rng.normal(0, 1, t.size), pitch * 4) * 4
    thump = np.sin(2 * np.pi * (pitch * t - 12 * t**2)) * envelope(t, 0.004, 0.12)
    return (body * envelope(t, 0.01, tail) + thump) * 0.8


def artillery(rng: np.random.Generator) -> np.ndarray:
    """A gun's report and the shell's far-off burst."""
    first = boom(rng, 1.3, 70, 0.25)
    second = boom(rng, 1.3, 50, 0.35) * 0.55
    shift = int(0.45 * RATE)
    first[shift:] += second[: first.size - shift]
    return first


def bridge(rng: np.random.Generator) -> np.ndarray:
    """A demolition charge: a deep blast and falling debris."""
    t = t_axis(1.8)
    blast = boom(rng, 1.8, 45, 0.5)
    debris = np.zeros(t.size)
    for _ in range(18):
        start = int(rng.uniform(0.25, 1.5) * RATE)
        n = min(int(0.03 * RATE), t.size - start)
        debris[start:start + n] += rng.normal(0, 1, n) * envelope(t[:n], 0.001, 0.006) * rng.uniform(0.1, 0.35)
    return blast + lowpass(debris, 2500)


def turn(rng: np.random.Generator) -> np.ndarray:
    """A new turn: two soft chimes."""
    t = t_axis(0.7)
    out = tone(t, 660, (1.0, 0.3, 0.1)) * envelope(t, 0.005, 0.18)
    second = tone(t, 880, (1.0, 0.3, 0.1)) * envelope(t, 0.005, 0.22)
    shift = int(0.16 * RATE)
    out[shift:] += second[: t.size - shift]
    return out * 0.35


def fanfare(notes: list[tuple[float, float]], secs: float) -> np.ndarray:
    """Brass-like notes (frequency, start second), each with a short swell."""
    t = t_axis(secs)
    out = np.zeros(t.size)
    for freq, start in notes:
        s = int(start * RATE)
        tt = t[: t.size - s]
        out[s:] += tone(tt, freq, (1.0, 0.6, 0.4, 0.2, 0.1)) * envelope(tt, 0.03, 0.35)
    return out * 0.25


def victory(rng: np.random.Generator) -> np.ndarray:
    """A rising major arpeggio."""
    return fanfare([(392.0, 0.0), (523.3, 0.18), (659.3, 0.36), (784.0, 0.54), (1046.5, 0.72)], 1.8)


def defeat(rng: np.random.Generator) -> np.ndarray:
    """A falling minor line."""
    return fanfare([(392.0, 0.0), (311.1, 0.3), (261.6, 0.6), (196.0, 0.95)], 2.0)


EFFECTS: dict[str, Callable[[np.random.Generator], np.ndarray]] = {
    "move": move, "attack": attack, "artillery": artillery, "bridge": bridge,
    "turn": turn, "victory": victory, "defeat": defeat,
}


def write_wav(path: Path, samples: np.ndarray) -> None:
    peak = float(np.abs(samples).max()) or 1.0
    # fade the last 20 ms so no effect ends on a click
    fade = min(samples.size, int(0.02 * RATE))
    samples = samples.copy()
    samples[-fade:] *= np.linspace(1, 0, fade)
    pcm = (samples / peak * 0.8 * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.tobytes())


def main() -> int:
    SOUNDS.mkdir(parents=True, exist_ok=True)
    for k, (name, make) in enumerate(EFFECTS.items()):
        write_wav(SOUNDS / f"{name}.wav", make(np.random.default_rng(1945 + k)))
    print(f"wrote {len(EFFECTS)} sounds under {SOUNDS.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
