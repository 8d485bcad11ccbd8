"""Images published as they are lose their metadata, pixels and animation kept (issue 16)."""

from __future__ import annotations

import io

import pytest
from PIL import Image, PngImagePlugin

from generator.outputs.metadata import MetadataError, strip_metadata

SECRET = "陈某某-OWNER-4711"


def _exif() -> bytes:
    exif = Image.Exif()
    exif[0x013B] = SECRET  # Artist
    exif.get_ifd(0x8825)[2] = (26.0, 15.0, 0.0)  # GPS
    return exif.tobytes()


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), "red").save(out, "JPEG", exif=_exif(), comment=SECRET.encode(), progressive=True)
    return out.getvalue() + SECRET.encode()  # trailing bytes after the end of the image


def png() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "OWNER-4711")
    info.add_itxt("Comment", SECRET)
    out = io.BytesIO()
    Image.new("RGBA", (8, 8), (1, 2, 3, 4)).save(out, "PNG", pnginfo=info, exif=_exif())
    return out.getvalue()


def gif() -> bytes:
    frames = [Image.new("RGB", (16, 16), c) for c in ("red", "green", "blue")]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], loop=0, duration=120, comment=SECRET.encode())
    return out.getvalue()


def webp() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(out, "WEBP", exif=_exif(), xmp=SECRET.encode())
    return out.getvalue()


@pytest.mark.parametrize(("make", "ext"), [(jpeg, ".jpg"), (png, ".png"), (gif, ".gif"), (webp, ".webp")])
def test_metadata_goes_and_the_image_stays(make, ext: str) -> None:  # type: ignore[no-untyped-def]
    data = make()
    assert b"OWNER-4711" in data
    clean = strip_metadata(data, ext)
    assert b"OWNER-4711" not in clean
    before, after = Image.open(io.BytesIO(data)), Image.open(io.BytesIO(clean))
    assert after.size == before.size and getattr(after, "n_frames", 1) == getattr(before, "n_frames", 1)
    for frame in range(getattr(before, "n_frames", 1)):
        before.seek(frame)
        after.seek(frame)
        assert after.convert("RGBA").tobytes() == before.convert("RGBA").tobytes()
    assert not after.getexif() and "comment" not in after.info and "xmp" not in after.info
    assert strip_metadata(clean, ext) == clean  # nothing left to strip


@pytest.mark.parametrize(("make", "ext"), [(jpeg, ".jpg"), (png, ".png"), (gif, ".gif"), (webp, ".webp")])
def test_every_cut_short_file_is_refused_not_crashed(make, ext: str) -> None:  # type: ignore[no-untyped-def]
    data = make()
    for end in range(0, len(data) - 20, max(1, len(data) // 97)):
        try:
            strip_metadata(data[:end], ext)
        except MetadataError:
            pass


@pytest.mark.parametrize(("data", "ext"), [(b"\xff\xd8\xff\xe1\x00", ".jpg"), (b"GIF89a\x01", ".gif"),
                                           (b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", ".png"),
                                           (b"RIFF\x04\x00\x00\x00WEBP", ".webp"), (b"<svg/>", ".svg")])
def test_a_broken_or_unknown_file_is_refused_with_a_reason(data: bytes, ext: str) -> None:
    with pytest.raises(MetadataError) as caught:
        strip_metadata(data, ext)
    assert str(caught.value)
