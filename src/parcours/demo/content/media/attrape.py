"""Prototype of "Attrape les notes" in Python, before the HTML5 version: the game's rules."""

import random

WIDTH, HEIGHT, BASKET = 480, 360, 70


def new_note(score: int) -> dict[str, float]:
    """A note falls from a random place, faster as the score grows."""
    return {"x": random.uniform(20, WIDTH - 20), "y": -20.0, "speed": 1.5 + score / 20}


def step(
    notes: list[dict[str, float]], basket_x: float, score: int, lives: int
) -> tuple[list[dict[str, float]], int, int]:
    """Move every note; a note in the basket scores, a note on the ground costs a life."""
    kept = []
    for note in notes:
        note["y"] += note["speed"]
        if HEIGHT - 40 < note["y"] < HEIGHT - 20 and abs(note["x"] - basket_x) < BASKET / 2:
            score += 1
        elif note["y"] > HEIGHT:
            lives -= 1
        else:
            kept.append(note)
    return kept, score, lives
