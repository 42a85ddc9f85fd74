"""Make the demo's short film (src/parcours/demo/content/media/ballon.webm): a ball crossing a
school yard in five shots, 6 s of VP8 at 320×180, drawn with Pillow and encoded with PyAV.

Run once by a maintainer (``pip install av`` first); the demo reads the committed file, so
neither ``make demo`` nor the tests need PyAV or ffmpeg."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import av  # type: ignore[import-not-found]
from PIL import Image, ImageDraw

W, H, FPS, SHOT = 320, 180, 15, 18  # five shots of 1.2 s
OUT = Path(__file__).resolve().parent.parent / "src/parcours/demo/content/media/ballon.webm"
SKY, YARD, WALL, BALL = (135, 190, 235), (196, 170, 120), (214, 120, 90), (230, 57, 70)


def frame(n: int) -> Image.Image:
    shot, t = divmod(n, SHOT)
    t /= SHOT
    img = Image.new("RGB", (W, H), SKY)
    d = ImageDraw.Draw(img)
    if shot in (0, 4):  # wide: the yard, the ball rolls across
        d.rectangle([0, 110, W, H], fill=YARD)
        d.rectangle([20, 50, 120, 110], fill=WALL)
        x = (t if shot == 0 else 0.5 + t / 2) * W
        d.ellipse([x - 10, 130 - 20, x + 10, 130], fill=BALL)
    elif shot == 1:  # close: the ball bounces
        d.rectangle([0, 120, W, H], fill=YARD)
        y = 120 - abs(math.sin(t * math.pi * 2)) * 80
        d.ellipse([140, y - 40, 180, y], fill=BALL)
    elif shot == 2:  # a foot kicks it
        d.rectangle([0, 120, W, H], fill=YARD)
        d.rectangle([40 + 60 * t, 70, 110 + 60 * t, 120], fill=(40, 40, 60))
        d.ellipse([180 + 120 * t, 80, 220 + 120 * t, 120], fill=BALL)
    else:  # low angle: it flies over
        d.rectangle([0, 150, W, H], fill=YARD)
        x, y = t * W, 140 - math.sin(t * math.pi) * 120
        d.ellipse([x - 14, y - 14, x + 14, y + 14], fill=BALL)
    d.text((8, 8), f"plan {shot + 1}/5", fill=(20, 20, 20))
    return img


def main() -> int:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(OUT), "w", format="webm") as container:
        stream = container.add_stream("libvpx", rate=FPS)
        stream.width, stream.height, stream.pix_fmt = W, H, "yuv420p"
        stream.bit_rate = 200_000
        for n in range(5 * SHOT):
            for packet in stream.encode(av.VideoFrame.from_image(frame(n))):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    print(f"{OUT}: {OUT.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
