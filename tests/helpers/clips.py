"""Small real MP4 clips for tests: each frame a flat colour that says where it is, with AAC sound."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
from PIL import Image

AUDIO_RATE = 48_000


def shade(clip: int, frame: int) -> tuple[int, int, int]:
    """The colour of ``frame`` of clip number ``clip``: red counts frames, green names the clip."""
    return (min(255, frame * 4), 40 + clip * 60, 128)


def make_clip(
    path: Path,
    clip: int = 0,
    *,
    frames: int = 24,
    size: tuple[int, int] = (128, 72),
    fps: int = 12,
    audio: bool = True,
    preset: str = "ultrafast",
) -> Path:
    """Write a clip whose frame ``i`` is :func:`shade` (clip, i) all over, ``frames / fps`` long."""
    with av.open(str(path), mode="w", format="mp4") as out:
        video = out.add_stream("libx264", rate=fps)
        video.width, video.height, video.pix_fmt = size[0], size[1], "yuv420p"
        video.options = {"preset": preset, "qp": "0"}
        sound = out.add_stream("aac", rate=AUDIO_RATE) if audio else None
        if sound is not None:
            sound.layout = "mono"
        for index in range(frames):
            frame = av.VideoFrame.from_image(Image.new("RGB", size, shade(clip, index)))
            frame.pts = index
            frame.time_base = Fraction(1, fps)
            out.mux(video.encode(frame))
        out.mux(video.encode(None))
        if sound is not None:
            total = frames * AUDIO_RATE // fps
            for start in range(0, total, 1024):
                part = av.AudioFrame(format="fltp", layout="mono", samples=min(1024, total - start))
                for plane in part.planes:
                    plane.update(bytes(plane.buffer_size))
                part.sample_rate = AUDIO_RATE
                part.pts = start
                out.mux(sound.encode(part))
            out.mux(sound.encode(None))
    return path


def colours(path: Path) -> list[tuple[int, int, int]]:
    """The centre pixel of every decoded frame, in order (decoding errors raise)."""
    found = []
    with av.open(str(path)) as container:
        container.streams.video[0].thread_type = "AUTO"
        for frame in container.decode(video=0):
            image = frame.to_image()
            found.append(image.getpixel((image.width // 2, image.height // 2)))
    return found


def audio_packets(path: Path) -> int:
    with av.open(str(path)) as container:
        if not container.streams.audio:
            return 0
        return sum(1 for packet in container.demux(audio=0) if packet.size)


def seconds(path: Path) -> float:
    with av.open(str(path)) as container:
        return float(container.duration or 0) / av.time_base


def near(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 12) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))
