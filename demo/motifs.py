"""The seven motifs of the demo's feature pictures (demo/pictures.py).

Each motif draws on a transparent layer at the picture's supersampled size,
takes its randomness only from the `rng` it is given (so a seed always draws
the same picture), and returns the phrase that the alt text uses for it.
"""

import math

from PIL import ImageDraw

RGB = tuple[int, int, int]


def mix(a: RGB, b: RGB, t: float) -> RGB:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def rgba(colour: RGB, alpha: int) -> tuple[int, int, int, int]:
    return (*colour, alpha)


def _orbs(layer, glow, rng, palette):
    draw = ImageDraw.Draw(layer)
    glow_draw = ImageDraw.Draw(glow)
    w, h = layer.size
    gw, gh = glow.size
    for _ in range(rng.randint(3, 5)):
        r = rng.uniform(0.15, 0.35) * gh
        x, y = rng.uniform(0, gw), rng.uniform(0, gh)
        colour = rng.choice(palette.accents)
        glow_draw.ellipse((x - r, y - r, x + r, y + r), fill=rgba(colour, 150))
    count = rng.randint(5, 9)
    for _ in range(count):
        r = rng.uniform(0.04, 0.2) * h
        x, y = rng.uniform(0.05, 0.95) * w, rng.uniform(0.1, 0.9) * h
        colour = rng.choice(palette.accents)
        if rng.random() < 0.35:
            width = max(4, round(r * rng.uniform(0.06, 0.14)))
            draw.ellipse(
                (x - r, y - r, x + r, y + r), outline=rgba(colour, 230), width=width
            )
        else:
            draw.ellipse((x - r, y - r, x + r, y + r), fill=rgba(colour, 205))
    return "soft glowing orbs and crisp overlapping circles and rings"


def _waves(layer, glow, rng, palette):
    draw = ImageDraw.Draw(layer)
    w, h = layer.size
    sun = rng.choice(palette.accents)
    r = rng.uniform(0.1, 0.16) * h
    sx, sy = rng.uniform(0.2, 0.8) * w, rng.uniform(0.22, 0.36) * h
    draw.ellipse((sx - r, sy - r, sx + r, sy + r), fill=rgba(sun, 235))
    gw, gh = glow.size
    gx, gy, gr = sx * gw / w, sy * gh / h, r * gh / h * 2.2
    ImageDraw.Draw(glow).ellipse(
        (gx - gr, gy - gr, gx + gr, gy + gr), fill=rgba(sun, 90)
    )
    bands = rng.randint(4, 6)
    colours = [c for c in palette.accents if c != sun] or list(palette.accents)
    for i in range(bands):
        base = h * (0.45 + 0.5 * (i + 1) / (bands + 1))
        amplitude = h * rng.uniform(0.025, 0.07)
        frequency = rng.uniform(1.0, 2.6) * math.tau / w
        phase = rng.uniform(0, math.tau)
        points = [(0, h)]
        for x in range(0, w + 1, 16):
            y = base + amplitude * math.sin(frequency * x + phase)
            y += amplitude * 0.4 * math.sin(frequency * 2.3 * x + phase * 1.7)
            points.append((x, y))
        points.append((w, h))
        colour = mix(colours[i % len(colours)], palette.top, 0.45 * (1 - i / bands))
        draw.polygon(points, fill=rgba(colour, 215 + i * 8))
    return "layered wave-like bands rolling beneath a round sun"


def _tiles(layer, glow, rng, palette):
    draw = ImageDraw.Draw(layer)
    w, h = layer.size
    cols = rng.choice((8, 10, 12))
    cell = w / cols
    rows = math.ceil(h / cell)
    for row in range(rows):
        for col in range(cols):
            if rng.random() < 0.28:
                continue
            x0, y0 = col * cell, row * cell
            x1, y1 = x0 + cell, y0 + cell
            colour = rgba(rng.choice(palette.accents), 225)
            shape = rng.choice(("quarter", "quarter", "half", "circle", "square"))
            if shape == "quarter":
                corner = rng.randrange(4)
                cx = x0 if corner in (0, 3) else x1
                cy = y0 if corner in (0, 1) else y1
                draw.pieslice(
                    (cx - cell, cy - cell, cx + cell, cy + cell),
                    start=corner * 90,
                    end=corner * 90 + 90,
                    fill=colour,
                )
            elif shape == "half":
                start = rng.choice((0, 90, 180, 270))
                draw.pieslice(
                    (x0, y0, x1, y1), start=start, end=start + 180, fill=colour
                )
            elif shape == "circle":
                pad = cell * 0.12
                draw.ellipse((x0 + pad, y0 + pad, x1 - pad, y1 - pad), fill=colour)
            else:
                pad = cell * 0.22
                draw.rectangle((x0 + pad, y0 + pad, x1 - pad, y1 - pad), fill=colour)
    return "a grid of tiles with quarter circles, half discs and squares"


def _skyline(layer, glow, rng, palette):
    draw = ImageDraw.Draw(layer)
    w, h = layer.size
    count = rng.randint(14, 22)
    gap = w * 0.008
    bar = (w - gap * (count + 1)) / count
    level = rng.uniform(0.3, 0.6)
    heights = []
    for i in range(count):
        level = min(max(level + rng.uniform(-0.15, 0.15), 0.12), 0.66)
        heights.append(level)
        x0 = gap + i * (bar + gap)
        top = h * (1 - level)
        colour = palette.accents[i % 2] if rng.random() < 0.8 else palette.accents[2]
        draw.rectangle((x0, top, x0 + bar, h), fill=rgba(colour, 200))
    line = palette.accents[3]
    points = [
        (gap + i * (bar + gap) + bar / 2, h * (1 - level) - h * 0.08)
        for i, level in enumerate(heights)
    ]
    draw.line(points, fill=rgba(line, 255), width=round(h * 0.008), joint="curve")
    dot = h * 0.012
    for x, y in points:
        draw.ellipse((x - dot, y - dot, x + dot, y + dot), fill=rgba(line, 255))
    return "rising bars like a city skyline or a chart, traced by a line of dots"


def _network(layer, glow, rng, palette):
    draw = ImageDraw.Draw(layer)
    glow_draw = ImageDraw.Draw(glow)
    w, h = layer.size
    gw, gh = glow.size
    nodes = [
        (rng.uniform(0.04, 0.96) * w, rng.uniform(0.08, 0.92) * h)
        for _ in range(rng.randint(26, 38))
    ]
    link = rgba(palette.accents[2], 110)
    width = max(2, round(h * 0.003))
    for i, (x, y) in enumerate(nodes):
        nearest = sorted(
            nodes[:i] + nodes[i + 1 :], key=lambda p: (p[0] - x) ** 2 + (p[1] - y) ** 2
        )
        for px, py in nearest[: rng.randint(2, 3)]:
            draw.line((x, y, px, py), fill=link, width=width)
    for x, y in nodes:
        colour = rng.choice(palette.accents)
        r = h * rng.choice((0.008, 0.012, 0.012, 0.02, 0.03))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=rgba(colour, 255))
        if r > h * 0.015:
            gx, gy, gr = x * gw / w, y * gh / h, r * gh / h * 4
            glow_draw.ellipse(
                (gx - gr, gy - gr, gx + gr, gy + gr), fill=rgba(colour, 120)
            )
    return "a network of glowing nodes joined by thin lines"


def _rings(layer, glow, rng, palette):
    draw = ImageDraw.Draw(layer)
    w, h = layer.size
    centres = [
        (rng.uniform(0.15, 0.85) * w, rng.uniform(0.2, 0.8) * h)
        for _ in range(rng.randint(1, 2))
    ]
    for cx, cy in centres:
        radius = h * rng.uniform(0.06, 0.1)
        while radius < h * rng.uniform(0.7, 0.95):
            width = round(h * rng.uniform(0.01, 0.035))
            start = rng.uniform(0, 360)
            sweep = rng.uniform(120, 330)
            colour = rgba(rng.choice(palette.accents), rng.randint(170, 240))
            box = (cx - radius, cy - radius, cx + radius, cy + radius)
            draw.arc(box, start=start, end=start + sweep, fill=colour, width=width)
            radius += width + h * rng.uniform(0.015, 0.04)
    return "concentric broken rings and arcs"


def _stripes(layer, glow, rng, palette):
    draw = ImageDraw.Draw(layer)
    w, h = layer.size
    r = h * rng.uniform(0.22, 0.4)
    cx, cy = rng.uniform(0.25, 0.75) * w, rng.uniform(0.38, 0.62) * h
    disc = rng.choice(palette.accents)
    slope = rng.choice((-1, 1)) * rng.uniform(0.3, 1.3)
    step = h * rng.uniform(0.06, 0.13)
    stripe = step * rng.uniform(0.2, 0.6)
    alpha = rng.randint(120, 200)
    colours = [c for c in palette.accents if c != disc]
    offset = -h * 2
    i = 0
    while offset < w + h * 2:
        colour = rgba(colours[i % len(colours)], alpha)
        x0, x1 = offset, offset + stripe
        draw.polygon(
            [(x0, 0), (x1, 0), (x1 + slope * h, h), (x0 + slope * h, h)], fill=colour
        )
        offset += step
        i += 1
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=rgba(disc, 245))
    ring = r * rng.uniform(1.08, 1.2)
    draw.ellipse(
        (cx - ring, cy - ring, cx + ring, cy + ring),
        outline=rgba(disc, 200),
        width=round(h * 0.008),
    )
    if rng.random() < 0.5:
        small = r * rng.uniform(0.25, 0.4)
        sx = cx + rng.choice((-1, 1)) * (ring + small * 1.6)
        sy = cy + rng.uniform(-0.5, 0.5) * r
        moon = rgba(rng.choice(colours), 250)
        draw.ellipse((sx - small, sy - small, sx + small, sy + small), fill=moon)
        return "a large ringed disc and a smaller one over bold diagonal stripes"
    return "a large ringed disc over bold diagonal stripes"


MOTIFS = (_orbs, _waves, _tiles, _skyline, _network, _rings, _stripes)
