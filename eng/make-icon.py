"""Draws eng/icon.png, the packages' 128x128 icon: a keyhole inside a clock ring (just-in-time access).

Standard library only, so anyone can regenerate it: python3 eng/make-icon.py
"""
import math
import os
import struct
import zlib

SIZE = 128
SAMPLES = 4  # supersampling per axis, for smooth edges
BACKGROUND = (38, 50, 110)   # indigo
FOREGROUND = (255, 255, 255)
ACCENT = (255, 184, 48)      # amber: the time that is left


def coverage(x, y):
    """Returns (shape, alpha) of the point (x, y) in a 0..1 square."""
    cx, cy = x - 0.5, y - 0.5
    # Rounded square background.
    r, half = 0.18, 0.5
    qx, qy = max(abs(cx) - (half - r), 0.0), max(abs(cy) - (half - r), 0.0)
    if math.hypot(qx, qy) > r:
        return None
    d = math.hypot(cx, cy)
    # Clock ring: an amber arc for the remaining three quarters, white for the elapsed quarter.
    if 0.33 <= d <= 0.40:
        angle = (math.degrees(math.atan2(cx, -cy)) + 360.0) % 360.0
        return "accent" if angle >= 90.0 else "fg"
    # Keyhole: a circle over a tapered slot.
    if math.hypot(cx, cy + 0.07) <= 0.11:
        return "fg"
    if -0.07 <= cy <= 0.20:
        t = (cy + 0.07) / 0.27
        if abs(cx) <= 0.045 + 0.04 * t:
            return "fg"
    return "bg"


def pixel(px, py):
    colours = {"bg": BACKGROUND, "fg": FOREGROUND, "accent": ACCENT}
    total = [0.0, 0.0, 0.0, 0.0]
    for sy in range(SAMPLES):
        for sx in range(SAMPLES):
            shape = coverage((px + (sx + 0.5) / SAMPLES) / SIZE, (py + (sy + 0.5) / SAMPLES) / SIZE)
            if shape is None:
                continue
            colour = colours[shape]
            for i in range(3):
                total[i] += colour[i]
            total[3] += 1
    n = SAMPLES * SAMPLES
    if total[3] == 0:
        return (0, 0, 0, 0)
    return (round(total[0] / total[3]), round(total[1] / total[3]), round(total[2] / total[3]), round(255 * total[3] / n))


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def main():
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(SIZE)) for y in range(SIZE))
    png = (b"\x89PNG\r\n\x1a\n"
           + chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(rows, 9))
           + chunk(b"IEND", b""))
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "icon.png")
    with open(path, "wb") as f:
        f.write(png)


if __name__ == "__main__":
    main()
