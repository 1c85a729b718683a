"""Text in pictures: Debian's Tesseract 5 with its simplified-Chinese model (tesseract-ocr-chi-sim),
and poppler's pdftoppm to turn a scanned PDF page into a picture first.

Tesseract is called directly (``tesseract stdin stdout -l chi_sim --psm 6``), not through
pytesseract: that wrapper writes temporary files, runs the same binary and kills only the direct
process on a timeout; one call of our own pipes the picture in, shares the file's deadline and
needs no further dependency.

Choices, measured on this two-core machine (an A4 page at 200 dpi holding a 12-row table of
names, ID numbers, mobiles and amounts, and single-line pictures):

- ``-l chi_sim`` alone: every ID and mobile number exact with chi_sim or chi_sim+eng, but the
  English model made Latin words of 5 of 12 two-character names (张军 → "XUAN"); chi_sim read
  all 12 names and reads English words, e-mail and web addresses as well.
- ``--psm 6`` (one block of text): keeps a table row on one line, so a name stays beside its
  ID number (the privacy guard looks for it there); 3 (automatic layout) split more rows.
- ``OMP_THREAD_LIMIT=1``: 0.34 s instead of 0.57 s for a line picture, no slower for a page:
  Tesseract's OpenMP threads only contend on two cores, and jobs already run side by side.
- Every picture goes through Pillow first: EXIF rotation applied (phone photos), greyscale,
  each distinct frame of an animation, handed over as PGM. Leptonica read a lossy WebP of the test line as
  "RIMES 120056" where the same picture as PNG gave "发放金额 1200元".
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager

from PIL import Image, ImageFile, ImageOps, ImageSequence

from gongkai.publishing.reading import tools
from gongkai.publishing.reading.core import Budget, Unreadable, _

LANGUAGE = "chi_sim"
PAGE_SEGMENTATION = "6"
RENDER_DPI = 200
MAX_SIDE = 6000  # pixels: a page is rendered, and a picture scaled, to at most this long side
MAX_PIXELS = 120_000_000  # larger pictures are refused rather than decoded (a decompression bomb)
MIN_SIDE = 16  # pixels: a smaller picture (an icon, a bullet, a spacer) holds no legible text

IMAGE_DAMAGED = _("图片已损坏或格式无法识别，无法读取其中的文字")
IMAGE_TOO_LARGE = _("图片尺寸过大（%(width)d×%(height)d像素），无法识别文字，请缩小后上传")
NO_MODEL = _("服务器缺少文字识别的简体中文数据（tesseract-ocr-chi-sim），请联系系统管理员")
OCR_FAILED = _("文字识别失败，无法读取%(what)s中的文字")

# Tesseract separates CJK characters with spaces on some fonts; a space between two of them
# (not between words of Latin script or digits) is dropped.
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])")


@contextmanager
def _strict_loading() -> Iterator[None]:
    """A truncated picture is damaged, whatever another library set: WeasyPrint switches Pillow's
    process-wide ImageFile.LOAD_TRUNCATED_IMAGES on when it is imported (the letters), and a
    half-read scan would then be read as if it were whole."""
    previous = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = previous


def picture_frames(data: bytes, min_side: int = MIN_SIDE) -> list[bytes]:
    """Each distinct frame of a picture as a greyscale PGM (uncompressed: nothing to encode or
    decode), upright, at most MAX_SIDE pixels on its long side; none if a side is shorter than
    ``min_side`` pixels."""
    try:
        with _strict_loading(), Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise Unreadable(IMAGE_TOO_LARGE, width=width, height=height)
            if min(width, height) < min_side:
                return []
            frames: list[bytes] = []
            seen: set[bytes] = set()
            for index, frame in enumerate(ImageSequence.Iterator(image)):
                upright = ImageOps.exif_transpose(frame) if index == 0 else frame
                grey = upright.convert("L")
                if max(grey.size) > MAX_SIDE:
                    grey.thumbnail((MAX_SIDE, MAX_SIDE))
                raw = grey.tobytes()
                if raw in seen:
                    continue
                seen.add(raw)
                buffer = io.BytesIO()
                grey.save(buffer, "PPM")  # a greyscale image is written as PGM (P5)
                frames.append(buffer.getvalue())
    except Unreadable:
        raise
    except (OSError, ValueError, Image.DecompressionBombError, EOFError, SyntaxError) as error:
        raise Unreadable(IMAGE_DAMAGED) from error
    if not frames:
        raise Unreadable(IMAGE_DAMAGED)
    return frames


def recognise(picture: bytes, budget: Budget, kind: str, what: str) -> str:
    """The text Tesseract reads in one picture (PGM or PNG bytes), lines kept. ``kind`` names the
    file's format and ``what`` the picture (图片, 第2页) in a message."""
    tesseract = tools.executable("tesseract", kind)
    done = tools.run(
        [tesseract, "stdin", "stdout", "-l", LANGUAGE, "--psm", PAGE_SEGMENTATION],
        budget,
        stdin=picture,
        env={"OMP_THREAD_LIMIT": "1"},
    )
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace")
        if "Failed loading language" in message or "Error opening data file" in message:
            raise Unreadable(NO_MODEL)
        raise Unreadable(OCR_FAILED, what=what)
    text = done.stdout.decode("utf-8", "replace")
    return "\n".join(_CJK_SPACE.sub("", line) for line in text.splitlines())


def render_page(path: str, page: int, long_side_points: float, budget: Budget) -> bytes:
    """Page ``page`` (from 1) of the PDF file at ``path`` as a greyscale PGM at 200 dpi, or
    smaller when the page is so large that 200 dpi would exceed MAX_SIDE pixels. PGM, not PNG:
    pdftoppm spent 0.57 s of CPU on an A4 page as PNG, 0.07 s as PGM."""
    pdftoppm = tools.executable("pdftoppm", "PDF")
    size = ["-r", str(RENDER_DPI)]
    if long_side_points * RENDER_DPI / 72 > MAX_SIDE:
        size = ["-scale-to", str(MAX_SIDE)]
    done = tools.run([pdftoppm, *size, "-f", str(page), "-l", str(page), "-gray", path], budget)
    if done.returncode != 0 or not done.stdout.startswith(b"P5"):
        raise Unreadable(OCR_FAILED, what=f"第{page}页")
    return done.stdout
