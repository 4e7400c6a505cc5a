"""Joining clips into one film with PyAV: stream copy when the clips match, else re-encoding.

Clips from one channel share codec, size and frame rate: their packets are copied, each clip's
timestamps moved to follow the one before (seconds, not minutes, and no loss). Clips that differ are
decoded and encoded again as H.264 video and AAC sound at the first clip's size (a clip of another
shape is fitted inside it on black), with progress and a way to cancel. Either way the film is
written beside its final name and named only once it is whole: a full disk or a cancel leaves nothing.
Blocking: run it in a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Final

import av
from PIL import Image

from veo_desktop.core.atomic_files import write_new
from veo_desktop.core.clips.clip_frames import NotAVideo, check_decodes, check_whole, open_video
from veo_desktop.i18n import translate

Progress = Callable[[float], None]  # 0.0 … 1.0
AUDIO_RATE: Final = 48_000
VIDEO_TIME_BASE: Final = Fraction(1, 90_000)  # fine enough for any frame rate


class Cancelled(Exception):
    """The user cancelled the export; nothing was written."""


@dataclass(frozen=True)
class ClipInfo:
    path: Path
    codec: str
    width: int
    height: int
    rate: Fraction | None
    pix_fmt: str
    frames: int
    seconds: float
    audio: tuple[str, int, str] | None  # codec, sample rate, layout
    setup: bytes  # the decoder's setup (H.264's SPS/PPS): one film carries only the first clip's

    @property
    def copy_key(self) -> tuple[object, ...]:
        """What must be equal for the clips' packets to be joined as they are."""
        return (self.codec, self.width, self.height, self.rate, self.pix_fmt, self.audio, self.setup)


@dataclass(frozen=True)
class Film:
    path: Path
    copied: bool  # True: stream copy; False: encoded again
    seconds: float
    clips: int


def probe(path: Path) -> ClipInfo:
    """What a clip is made of; :class:`NotAVideo` (in words) for anything that is not a video."""
    with open_video(path) as container:
        check_whole(container, path)
        video = container.streams.video[0]
        context = video.codec_context
        audio = container.streams.audio[0] if container.streams.audio else None
        seconds = float(container.duration / av.time_base) if container.duration else 0.0
        return ClipInfo(
            path=path,
            codec=context.name,
            width=context.width,
            height=context.height,
            rate=video.average_rate,
            pix_fmt=context.pix_fmt or "",
            frames=video.frames or round(seconds * float(video.average_rate or 24)),
            seconds=seconds,
            audio=None
            if audio is None
            else (audio.codec_context.name, audio.codec_context.sample_rate, audio.codec_context.layout.name),
            setup=bytes(context.extradata or b""),
        )


def join(
    clips: Sequence[Path],
    dest: Path,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Film:
    """Join ``clips`` in order into ``dest`` (or the next free name when it is taken). Every clip is
    probed and decoded first: a file that is not a video, or one whose pictures do not all decode, is
    refused before anything is written."""
    if len(clips) < 2:
        raise NotAVideo(translate("Clips", "A film needs at least two clips"))
    infos = [probe(path) for path in clips]
    for path in clips:  # a clip with damaged pictures would be copied into the film without a word
        check_decodes(path)
    copy = len({info.copy_key for info in infos}) == 1 and infos[0].codec in ("h264", "hevc")
    write = _copy if copy else _encode
    final = write_new(dest, lambda temp: write(infos, temp, progress, cancelled), suffix=".partial.mp4")
    return Film(final, copy, sum(info.seconds for info in infos), len(infos))


def _copy(
    infos: list[ClipInfo], temp: Path, progress: Progress | None, cancelled: Callable[[], bool]
) -> None:
    """Packets as they are; each stream's timestamps moved past the end of the clip before."""
    with av.open(str(temp), mode="w", format="mp4") as out:
        with av.open(str(infos[0].path)) as first:
            streams = [
                out.add_stream_from_template(s) for s in (first.streams.video[0], *first.streams.audio[:1])
            ]
        ends = [Fraction(0)] * len(streams)  # where each output stream has reached, in seconds
        for number, info in enumerate(infos):
            with av.open(str(info.path)) as source:
                inputs = [source.streams.video[0], *source.streams.audio[:1]]
                shifts: dict[int, int] = {}  # per stream: from this clip's time to the film's
                # Where the clip begins in the film: after the longer of the last clip's streams, so a
                # clip whose sound ends early leaves a silence and the next one stays in step.
                clip_start = max(ends)
                for packet in source.demux(inputs):
                    if cancelled():
                        raise Cancelled
                    if packet.dts is None or packet.size == 0 or packet.time_base is None:
                        continue  # the demuxer's flush packets
                    index = inputs.index(packet.stream)
                    if index not in shifts:  # each stream of a clip starts where the longest one ended
                        start = round(clip_start / packet.time_base)
                        shifts[index] = 0 if number == 0 else start - packet.dts
                    shift = shifts[index]
                    packet.dts += shift
                    if packet.pts is not None:
                        packet.pts += shift
                    end = (packet.pts if packet.pts is not None else packet.dts) + (packet.duration or 0)
                    ends[index] = max(ends[index], end * packet.time_base)
                    packet.stream = streams[index]
                    out.mux(packet)
            if progress is not None:
                progress((number + 1) / len(infos))


def _encode(
    infos: list[ClipInfo], temp: Path, progress: Progress | None, cancelled: Callable[[], bool]
) -> None:
    """Decode every clip and encode one H.264/AAC film at the first clip's size. Every frame keeps its
    own time (clips of other frame rates too), so the film lasts as long as its clips together."""
    first = infos[0]
    total = max(1, sum(info.frames for info in infos))
    done = 0
    with av.open(str(temp), mode="w", format="mp4") as out:
        video = out.add_stream("libx264", rate=first.rate or Fraction(24))
        # H.264 in 4:2:0 needs even sides: a clip of odd size (a service may send one) sets the film's
        # size a pixel smaller, never an encoder error.
        width, height = max(2, first.width // 2 * 2), max(2, first.height // 2 * 2)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        video.time_base = video.codec_context.time_base = VIDEO_TIME_BASE
        video.options = {"preset": "veryfast", "crf": "18"}
        audio = out.add_stream("aac", rate=AUDIO_RATE)
        audio.layout = "stereo"
        resampler = av.AudioResampler(format="fltp", layout="stereo", rate=AUDIO_RATE)
        start = Fraction(0)  # where the clip begins in the film, in seconds
        last_pts = -1
        samples = 0
        for info in infos:
            with av.open(str(info.path)) as source:
                streams = [source.streams.video[0], *source.streams.audio[:1]]
                step = 1 / (streams[0].average_rate or Fraction(24))
                end = start
                for frame in source.decode(*streams):
                    if cancelled():
                        raise Cancelled
                    if isinstance(frame, av.VideoFrame):
                        at = start + Fraction(frame.pts or 0) * (frame.time_base or step)
                        picture = _fit(frame, width, height)
                        picture.pts = last_pts = max(last_pts + 1, round(at / VIDEO_TIME_BASE))
                        picture.time_base = VIDEO_TIME_BASE
                        out.mux(video.encode(picture))
                        end = max(end, at + step)
                        done += 1
                        if progress is not None and done % 12 == 0:
                            progress(min(done / total, 0.99))
                    elif isinstance(frame, av.AudioFrame):
                        frame.pts = None
                        for part in resampler.resample(frame):
                            part.pts = samples
                            samples += part.samples
                            out.mux(audio.encode(part))
            # A clip without sound (or with less sound than pictures) gets silence, to stay in step.
            start = max(end, Fraction(samples, AUDIO_RATE))
            samples = _silence(out, audio, samples, round(start * AUDIO_RATE))
        out.mux(video.encode(None))
        out.mux(audio.encode(None))
    if progress is not None:
        progress(1.0)


def _silence(out: av.container.OutputContainer, audio: av.AudioStream, samples: int, wanted: int) -> int:
    while samples < wanted:
        count = min(1024, wanted - samples)
        frame = av.AudioFrame(format="fltp", layout="stereo", samples=count)
        for plane in frame.planes:
            plane.update(bytes(plane.buffer_size))
        frame.sample_rate = AUDIO_RATE
        frame.pts = samples
        samples += count
        out.mux(audio.encode(frame))
    return samples


def _fit(frame: av.VideoFrame, width: int, height: int) -> av.VideoFrame:
    """The frame at ``width`` x ``height``: scaled, and when its shape differs, fitted inside on black."""
    if (frame.width, frame.height) == (width, height):
        return frame.reformat(format="yuv420p")
    scale = min(width / frame.width, height / frame.height)
    inner_w = max(2, round(frame.width * scale) // 2 * 2)
    inner_h = max(2, round(frame.height * scale) // 2 * 2)
    inner = frame.reformat(width=inner_w, height=inner_h, format="rgb24").to_image()  # type: ignore[no-untyped-call]
    canvas = Image.new("RGB", (width, height))
    canvas.paste(inner, ((width - inner_w) // 2, (height - inner_h) // 2))
    fitted: av.VideoFrame = av.VideoFrame.from_image(canvas)  # type: ignore[no-untyped-call]
    return fitted.reformat(format="yuv420p")
