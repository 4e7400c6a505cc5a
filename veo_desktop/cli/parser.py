"""The command line, as argparse sees it. Choices come from the shared rules table."""

from __future__ import annotations

import argparse
from typing import Final

from veo_desktop import __version__
from veo_desktop.api import rules

COMMANDS: Final = (
    "generate",
    "status",
    "download",
    "tasks",
    "resume",
    "import",
    "frame",
    "join",
    "story",
    "key",
    "emulator",
)


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError("must be more than 0 and at most 3600 seconds")
    return value


def parse_at(text: str) -> float | None:
    """``--at``: seconds into the video, or ``last`` (None)."""
    if text.strip().lower() in ("last", "end"):
        return None
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds or 'last'") from None
    if not 0 <= value < 86_400:
        raise argparse.ArgumentTypeError("must be a time from 0 seconds into the video, or 'last'")
    return value


def _add_connection(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--base-url", help="API address (default: APIYI_BASE_URL, settings, then the provider)"
    )
    parser.add_argument(
        "--demo", action="store_true", help="use the built-in offline emulator (no key, no cost)"
    )


_FRAMES: Final = {(0,): "text only", (0, 1): "text, or a start frame", (1, 2): "start frame [+ end frame]"}


def channels_text() -> str:
    """The models from the rules table, a line each, by channel: price, length, resolution, shape, frames."""
    lines = ["models (billed only when the video is completed):"]
    titles = {"official": "official channel", "flow": 'Flow channel (the provider\'s "Reverse" series)'}
    for channel, title in titles.items():
        lines.append(f"  {title}:")
        for model in (m for m in rules.MODELS.values() if m.channel == channel):
            shape = "either shape" if len(model.aspect_ratios) > 1 else model.aspect_ratios[0]
            what = [
                f"{'/'.join(model.seconds)} s",
                "/".join(model.resolutions),
                shape,
                _FRAMES.get(model.frames, f"{model.frames} images"),
            ]
            lines.append(f"    {model.id:<30} {model.price_text:>6}  {', '.join(what)}")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="veo-desktop",
        description="Turn one still image into a short video with Google Veo 3.1. "
        "With no command, the window opens.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    gen = sub.add_parser(
        "generate",
        help="make a video (from a start frame, a start and an end frame, or the prompt alone)",
        description="Make a video from IMAGE (the start frame), from IMAGE and --end-frame END (the\n"
        "Flow channel's -fl models), or from the prompt alone. Length, resolution and shape\n"
        "default to 8 s, 720p and 16:9; a Flow model's name fixes them (8 s, 720p, its shape).",
        epilog=channels_text(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    gen.add_argument("image", nargs="?", metavar="IMAGE", help="the start frame; without it, text-to-video")
    gen.add_argument(
        "--end-frame",
        metavar="END",
        help="the image the video ends on (needs IMAGE and a model that takes it: the Flow channel's -fl "
        "models)",
    )
    gen.add_argument(
        "--continue-from",
        metavar="TASK_ID",
        help="start from the last frame of that task's saved video, with its settings (instead of IMAGE)",
    )
    gen.add_argument("--prompt", required=True, help="how the scene should move")
    gen.add_argument("--negative-prompt", default="", help="what to avoid (official channel only)")
    gen.add_argument(
        "--model",
        choices=tuple(rules.MODELS),
        metavar="MODEL",
        help=f"one of the models below (default: {rules.DEFAULT_MODEL})",
    )
    gen.add_argument("--seconds", choices=rules.SECONDS, help="default: 8")
    gen.add_argument("--resolution", choices=rules.RESOLUTIONS, help="default: 720p")
    gen.add_argument(
        "--aspect-ratio",
        choices=rules.ASPECT_RATIOS,
        help="default: 16:9, or the shape in a Flow model's name",
    )
    gen.add_argument("--seed", default="", help=f"0 to {rules.SEED_MAX}; empty for random")
    gen.add_argument("-o", "--output", metavar="PATH", help="a folder, or a .mp4 file path")
    gen.add_argument(
        "--framing",
        choices=("crop", "fit"),
        help="an image of another shape than the video: crop its middle, or fit it whole with black bars "
        "(default: send it as it is and let the service frame it)",
    )
    gen.add_argument(
        "--poll-interval",
        type=_positive_float,
        metavar="SECONDS",
        help=f"fixed time between polls (at least {rules.MIN_POLL_SECONDS:g} s against the service)",
    )
    _add_connection(gen)

    status = sub.add_parser("status", help="show a task's status")
    status.add_argument("task_id", metavar="TASK_ID")
    _add_connection(status)

    download = sub.add_parser("download", help="download a finished task's video")
    download.add_argument("task_id", metavar="TASK_ID")
    download.add_argument("-o", "--output", metavar="PATH", help="a folder, or a .mp4 file path")
    _add_connection(download)

    sub.add_parser("tasks", help="list every task in the history")

    resume = sub.add_parser("resume", help="finish every unfinished task")
    resume.add_argument("--poll-interval", type=_positive_float, metavar="SECONDS")
    _add_connection(resume)

    imp = sub.add_parser("import", help="follow and download an existing task id")
    imp.add_argument("task_id", metavar="TASK_ID")
    imp.add_argument("--poll-interval", type=_positive_float, metavar="SECONDS")
    _add_connection(imp)

    frame = sub.add_parser("frame", help="save one frame of a video as a PNG (the last one by default)")
    frame.add_argument("video", metavar="VIDEO")
    frame.add_argument(
        "--at", type=parse_at, default=None, metavar="SECONDS|last", help="a time in the video, or 'last'"
    )
    frame.add_argument("-o", "--output", required=True, metavar="IMAGE.png")

    join = sub.add_parser(
        "join",
        help="join clips into one film (copied as they are when they match, else encoded again)",
    )
    join.add_argument("clips", nargs="+", metavar="CLIP.mp4")
    join.add_argument("-o", "--output", required=True, metavar="FILM.mp4")

    story = sub.add_parser(
        "story",
        help="film a storyboard: its shots one after another, each from the last frame of the one before",
        description="Film STORY.json: shot 1 from its start picture, each later shot from the last frame\n"
        "of the shot before, then one film of them all. Running it again continues where it stopped\n"
        "(a shot already sent is never sent again).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    story.add_argument("storyboard", metavar="STORY.json")
    story.add_argument("--plan", action="store_true", help="print the shots and the cost; send nothing")
    story.add_argument("-y", "--yes", action="store_true", help="film without asking to confirm the cost")
    story.add_argument("--poll-interval", type=_positive_float, metavar="SECONDS")
    _add_connection(story)

    key = sub.add_parser("key", help="the API key in the OS keyring")
    key_sub = key.add_subparsers(dest="key_command", required=True, metavar="ACTION")
    key_sub.add_parser("set", help="store a key (read from stdin when piped, else asked without echo)")
    key_sub.add_parser("status", help="say where the key comes from (shows at most its last 4 characters)")
    key_sub.add_parser("delete", help="remove the key from the keyring")

    emu = sub.add_parser("emulator", help="run the local emulator of the service (loopback only)")
    emu.add_argument("--port", type=int, default=8765)
    emu.add_argument("--key", default=None, help="the API key it accepts (default: the demo key)")
    emu.add_argument("--queue-seconds", type=float, default=2.0)
    emu.add_argument("--render-seconds", type=float, default=6.0)
    emu.add_argument("--not-ready-seconds", type=float, default=3.0, help="400 on /content after completion")
    emu.add_argument("--throttle", type=float, default=None, metavar="BYTES_PER_SECOND")
    emu.add_argument("--content-size", type=int, default=None, metavar="BYTES", help="pad clips to this size")
    emu.add_argument("--no-ranges", action="store_true", help="refuse Range requests")
    return parser
