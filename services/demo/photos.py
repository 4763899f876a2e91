"""Photo-like pictures for the demo's records, drawn with Pillow: nothing is downloaded.

The seed document shows photos of its practices (政入社区, 政务讲堂, 助企小分队, 上门服务) that the
demo cannot copy; these stand in for them. Each is a simple scene of the record's kind — a
community day under a banner, a visit at an enterprise's gate, a deed done across a desk, a
patrol's finding in the hall — with a caption (the record's title and date). Everything drawn is
invented. The caption is in Chinese where a font with Chinese characters is installed, else the
date alone, in Pillow's own font. The pictures go through the records' own path
(:func:`services.records.actions.submit` with ``photos``), which checks them under the upload
policy and makes their thumbnails, as for a photo taken on a phone.
"""

import io
import random
from functools import lru_cache
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

SIZE = (800, 600)
QUALITY = 70
# Fonts with Chinese characters found on Debian, Ubuntu and macOS; the first present is used.
CJK_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/System/Library/Fonts/PingFang.ttc",
)
CLOTHES = [(200, 40, 40), (40, 70, 160), (235, 235, 235), (60, 60, 70), (230, 120, 30), (90, 140, 200)]
SKIN = [(241, 204, 170), (224, 185, 150), (232, 194, 160)]
HAIR = (40, 30, 25)
PARTY_RED = (200, 20, 30)


@lru_cache(maxsize=None)
def cjk_font_path():
    """The path of an installed font with Chinese characters, or None."""
    return next((path for path in CJK_FONTS if Path(path).is_file()), None)


@lru_cache(maxsize=16)
def font(size):
    path = cjk_font_path()
    if path is not None:
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def caption_text(title, date):
    """The caption: title and date, or only the date when no font can draw Chinese."""
    return f"{title}  {date:%Y-%m-%d}" if cjk_font_path() else f"{date:%Y-%m-%d}"


def photo(kind, *, title, date, seed):
    """A JPEG upload (800×600) of a scene of ``kind`` ("activity", "visit", "deed" or "patrol")."""
    rng = random.Random(seed)
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    SCENES[kind](draw, rng, title)
    caption(draw, caption_text(title, date))
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=QUALITY, optimize=False)
    return SimpleUploadedFile(f"{kind}-{date:%Y%m%d}.jpg", output.getvalue(), content_type="image/jpeg")


# -- The pieces of a scene ------------------------------------------------------------------


def gradient(draw, box, top, bottom):
    left, upper, right, lower = box
    height = max(lower - upper, 1)
    for y in range(upper, lower):
        share = (y - upper) / height
        colour = tuple(round(a + (b - a) * share) for a, b in zip(top, bottom))
        draw.line([(left, y), (right, y)], fill=colour)


def jitter(colour, rng, amount=18):
    return tuple(max(0, min(255, value + rng.randint(-amount, amount))) for value in colour)


def person(draw, rng, x, feet, height, *, clothes=None):
    """A standing figure: head, hair, body and legs, ``height`` pixels tall from ``feet`` up."""
    head = height * 0.15
    body_top = feet - height * 0.82
    clothes = clothes or rng.choice(CLOTHES)
    draw.rounded_rectangle(
        [x - height * 0.17, body_top, x + height * 0.17, feet - height * 0.38], radius=height * 0.06, fill=clothes
    )
    legs = jitter((50, 55, 70), rng, 10)
    draw.rectangle([x - height * 0.13, feet - height * 0.4, x - height * 0.02, feet], fill=legs)
    draw.rectangle([x + height * 0.02, feet - height * 0.4, x + height * 0.13, feet], fill=legs)
    centre = body_top - head * 0.55
    draw.ellipse([x - head / 2, centre - head / 2, x + head / 2, centre + head / 2], fill=rng.choice(SKIN))
    draw.chord([x - head / 2, centre - head / 2, x + head / 2, centre + head / 3], 180, 360, fill=HAIR)


def crowd(draw, rng, count, *, left, right, feet, height):
    step = (right - left) / max(count, 1)
    for index in range(count):
        x = left + step * (index + 0.5) + rng.uniform(-step * 0.2, step * 0.2)
        person(draw, rng, x, feet + rng.uniform(-8, 8), height * rng.uniform(0.9, 1.08))


def centred_text(draw, box, text, size, fill):
    face = font(size)
    left, upper, right, lower = box
    width = draw.textlength(text, font=face)
    while width > right - left - 20 and size > 12:
        size -= 2
        face = font(size)
        width = draw.textlength(text, font=face)
    draw.text(((left + right - width) / 2, (upper + lower - size) / 2), text, font=face, fill=fill)


def caption(draw, text):
    width, height = SIZE
    draw.rectangle([0, height - 54, width, height], fill=(25, 25, 30))
    draw.text((18, height - 42), text, font=font(26), fill=(245, 245, 245))


# -- The scenes ------------------------------------------------------------------------------


def activity_scene(draw, rng, title):
    """A themed party day outdoors: sky, trees, a tent and a red banner, members and residents."""
    width, height = SIZE
    gradient(draw, (0, 0, width, 330), jitter((110, 165, 225), rng), (200, 225, 245))
    gradient(draw, (0, 330, width, height), jitter((150, 150, 140), rng), (110, 110, 100))
    for x in range(-20, width, rng.randint(90, 130)):
        trunk = x + rng.randint(0, 30)
        draw.rectangle([trunk, 250, trunk + 12, 335], fill=(100, 70, 40))
        draw.ellipse([trunk - 40, 170, trunk + 52, 270], fill=jitter((60, 130, 60), rng, 25))
    draw.polygon([(150, 210), (650, 210), (700, 270), (100, 270)], fill=(235, 235, 240))
    draw.rectangle([110, 270, 690, 400], fill=(250, 250, 250), outline=(200, 200, 200))
    draw.rectangle([170, 222, 630, 262], fill=PARTY_RED)
    centred_text(draw, (170, 222, 630, 262), title, 26, (255, 230, 90))
    draw.rectangle([200, 360, 600, 400], fill=(190, 40, 40))
    crowd(draw, rng, rng.randint(6, 9), left=60, right=width - 60, feet=520, height=200)


def visit_scene(draw, rng, title):
    """A door-to-door visit: an enterprise's building and gate, the visitors in front of it."""
    width, height = SIZE
    gradient(draw, (0, 0, width, 360), jitter((120, 170, 220), rng), (215, 230, 245))
    gradient(draw, (0, 360, width, height), (120, 120, 120), (90, 90, 95))
    wall = jitter((205, 205, 200), rng, 12)
    draw.rectangle([60, 110, 740, 380], fill=wall, outline=(150, 150, 150))
    for row in range(3):
        for column in range(9):
            x, y = 90 + column * 72, 135 + row * 70
            draw.rectangle([x, y, x + 46, y + 40], fill=jitter((120, 160, 200), rng, 15))
    draw.rectangle([560, 40, 600, 110], fill=(160, 160, 160))
    draw.rectangle([260, 70, 540, 112], fill=(30, 60, 130))
    centred_text(draw, (260, 70, 540, 112), "欢迎莅临指导" if cjk_font_path() else "WELCOME", 24, (255, 255, 255))
    draw.rectangle([330, 300, 470, 380], fill=(70, 70, 75))
    crowd(draw, rng, rng.randint(3, 5), left=180, right=620, feet=540, height=230)


def deed_scene(draw, rng, title):
    """A practical deed across a desk: the member, the person helped, papers and a plant."""
    width, height = SIZE
    gradient(draw, (0, 0, width, 380), jitter((235, 225, 205), rng, 10), (220, 210, 190))
    gradient(draw, (0, 380, width, height), (170, 150, 120), (140, 120, 95))
    draw.rectangle([80, 60, 330, 200], fill=(250, 250, 250), outline=(180, 180, 180))
    for line in range(4):
        draw.line([(100, 90 + line * 28), (310 - line * 20, 90 + line * 28)], fill=(150, 150, 150), width=4)
    draw.rectangle([430, 50, 720, 110], fill=PARTY_RED)
    centred_text(draw, (430, 50, 720, 110), "党员先锋岗" if cjk_font_path() else "", 28, (255, 230, 90))
    person(draw, rng, 300, 470, 260, clothes=(40, 70, 160))
    person(draw, rng, 540, 560, 300)
    draw.rectangle([120, 400, 680, 440], fill=(120, 80, 45))
    draw.rectangle([140, 440, 660, 540], fill=(105, 70, 40))
    draw.rectangle([360, 385, 450, 400], fill=(250, 250, 250))
    draw.ellipse([660, 330, 740, 400], fill=(60, 130, 60))
    draw.rectangle([685, 395, 715, 440], fill=(150, 90, 60))


def patrol_scene(draw, rng, title):
    """A patrol's finding in the service hall: counters with their numbers, a self-service kiosk."""
    width, height = SIZE
    gradient(draw, (0, 0, width, 300), (235, 238, 242), (215, 220, 228))
    draw.rectangle([0, 300, width, height], fill=(200, 200, 195))
    for x in range(0, width, 80):
        draw.line([(x, 300), (x - 60, height)], fill=(175, 175, 170), width=2)
    for index in range(5):
        left = 30 + index * 150
        draw.rectangle([left, 150, left + 120, 300], fill=(235, 235, 235), outline=(170, 170, 170))
        draw.rectangle([left + 20, 110, left + 100, 145], fill=(30, 90, 170))
        number = f"{rng.choice('ABCDE')}-{index + 1:02d}"
        centred_text(draw, (left + 20, 110, left + 100, 145), number, 20, (255, 255, 255))
    draw.rounded_rectangle([560, 250, 680, 500], radius=14, fill=(60, 90, 140))
    draw.rectangle([580, 275, 660, 360], fill=(20, 20, 25))
    draw.rectangle([590, 420, 650, 430], fill=(230, 230, 230))
    draw.rectangle([520, 360, 560, 410], fill=(255, 220, 60))
    person(draw, rng, 300, 560, 280, clothes=(40, 70, 160))


SCENES = {"activity": activity_scene, "visit": visit_scene, "deed": deed_scene, "patrol": patrol_scene}
