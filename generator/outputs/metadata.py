"""Images published as they are (GIFs, images linked from a body, pictures that could not be resized)
without their metadata: EXIF (GPS, camera, owner), XMP, comments (a GIF comment can hold a name),
text chunks, and anything after the image's end.

Each format is rewritten at the byte level, keeping the pixels exactly as they were: JPEG
segments, PNG chunks, GIF blocks and WebP chunks that only describe the picture are dropped;
colour profiles, transparency and animation are kept. :func:`strip_metadata` raises
:class:`MetadataError` for a file it cannot parse (the build then warns: W611).

Pure: bytes in, bytes out.
"""

from __future__ import annotations

import struct
import zlib

STRIPPED_TYPES = (".jpg", ".jpeg", ".png", ".gif", ".webp")


class MetadataError(ValueError):
    """The file is not a well-formed image of its type; the message says why, in Chinese."""


def strip_metadata(data: bytes, ext: str) -> bytes:
    """``data`` (an image of type ``ext``, with its dot) without metadata."""
    ext = ext.lower()
    try:
        if ext in (".jpg", ".jpeg"):
            return _jpeg(data)
        if ext == ".png":
            return _png(data)
        if ext == ".gif":
            return _gif(data)
        if ext == ".webp":
            return _webp(data)
    except MetadataError:
        raise
    except (IndexError, ValueError, struct.error) as exc:  # cut short: a length or marker runs past the end
        raise MetadataError("文件不完整") from exc
    raise MetadataError(f"不支持 {ext} 格式")


# --- JPEG -----------------------------------------------------------------------------------

_JPEG_KEEP_APP = {0xE0: b"JFIF", 0xE2: b"ICC_PROFILE", 0xEE: b"Adobe"}
"""APPn segments kept (by their identifier): JFIF density, the colour profile, Adobe's colour transform."""


def _jpeg(data: bytes) -> bytes:
    if data[:2] != b"\xff\xd8":
        raise MetadataError("不是 JPEG 文件")
    out = bytearray(b"\xff\xd8")
    i = 2
    while i < len(data):
        if data[i] != 0xFF:
            raise MetadataError("JPEG 段落结构有误")
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker == 0xD9:  # end of image: anything after it is dropped
            out += b"\xff\xd9"
            return bytes(out)
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # no length
            out += data[i:i + 2]
            i += 2
            continue
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        end = i + 2 + length
        if length < 2 or end > len(data):
            raise MetadataError("JPEG 段落长度有误")
        segment = data[i:end]
        keep = True
        if marker == 0xFE or (0xE1 <= marker <= 0xEF and not segment[4:].startswith(_JPEG_KEEP_APP.get(marker, b"\0\0"))):
            keep = False
        if marker == 0xE0 and not segment[4:].startswith(b"JFIF"):
            keep = False
        if keep:
            out += segment
        i = end
        if marker == 0xDA:  # start of scan: entropy-coded data up to the next real marker
            j = i
            while True:
                j = data.index(b"\xff", j)
                following = data[j + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                    j += 1 if following == 0xFF else 2
                    continue
                break
            out += data[i:j]
            i = j
    raise MetadataError("JPEG 文件没有结束标记")


# --- PNG ------------------------------------------------------------------------------------

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_KEEP = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
             b"pHYs", b"bKGD", b"acTL", b"fcTL", b"fdAT"}


def _png(data: bytes) -> bytes:
    if not data.startswith(_PNG_SIGNATURE):
        raise MetadataError("不是 PNG 文件")
    out = bytearray(_PNG_SIGNATURE)
    i = len(_PNG_SIGNATURE)
    while i + 8 <= len(data):
        length = struct.unpack(">I", data[i:i + 4])[0]
        kind = data[i + 4:i + 8]
        end = i + 12 + length
        if end > len(data):
            raise MetadataError("PNG 数据块长度有误")
        chunk = data[i:end]
        if zlib.crc32(chunk[4:-4]) != struct.unpack(">I", chunk[-4:])[0]:
            raise MetadataError(f"PNG 数据块 {kind.decode('latin-1')} 校验失败")
        if kind in _PNG_KEEP:
            out += chunk
        i = end
        if kind == b"IEND":
            return bytes(out)
    raise MetadataError("PNG 文件没有结束块")


# --- GIF ------------------------------------------------------------------------------------

_GIF_KEEP_APPS = (b"NETSCAPE2.0", b"ANIMEXTS1.0")  # looping


def _sub_blocks(data: bytes, i: int) -> int:
    """The index after a chain of GIF data sub-blocks starting at ``i``."""
    while True:
        size = data[i]
        i += 1 + size
        if size == 0:
            return i


def _gif(data: bytes) -> bytes:
    if data[:6] not in (b"GIF87a", b"GIF89a"):
        raise MetadataError("不是 GIF 文件")
    flags = data[10]
    i = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
    out = bytearray(data[:i])
    while True:
        block = data[i]
        if block == 0x3B:  # trailer
            out.append(0x3B)
            return bytes(out)
        if block == 0x21:
            label = data[i + 1]
            end = _sub_blocks(data, i + 2)
            keep = label == 0xF9 or (label == 0xFF and data[i + 3:i + 14] in _GIF_KEEP_APPS)
            if keep:  # the frame's timing and transparency; the loop count
                out += data[i:end]
            i = end  # comments (0xFE), plain text (0x01), XMP and other application blocks go
        elif block == 0x2C:
            local = data[i + 9]
            start = i + 10 + (3 * 2 ** ((local & 7) + 1) if local & 0x80 else 0)
            end = _sub_blocks(data, start + 1)  # after the LZW code size
            out += data[i:end]
            i = end
        else:
            raise MetadataError("GIF 数据块类型有误")


# --- WebP -----------------------------------------------------------------------------------

_WEBP_KEEP = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"}
_VP8X_EXIF, _VP8X_XMP = 0x08, 0x04


def _webp(data: bytes) -> bytes:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise MetadataError("不是 WebP 文件")
    size = struct.unpack("<I", data[4:8])[0]
    end_all = min(len(data), 8 + size)
    body = bytearray()
    i = 12
    while i + 8 <= end_all:
        kind = data[i:i + 4]
        length = struct.unpack("<I", data[i + 4:i + 8])[0]
        end = i + 8 + length + (length & 1)
        if i + 8 + length > end_all:
            raise MetadataError("WebP 数据块长度有误")
        chunk = bytearray(data[i:end])
        if kind == b"VP8X":
            chunk[8] &= ~(_VP8X_EXIF | _VP8X_XMP) & 0xFF
        if kind in _WEBP_KEEP:
            body += chunk
        i = end
    if not body:
        raise MetadataError("WebP 文件没有图像数据")
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + bytes(body)
