"""A probe from outside the team: the Flow channel, ``generate --continue-from``, ``frame`` and ``join``,
run as a user's shell would (the real CLI in a child process, over loopback to the emulator or to a small
hostile server of our own). Each test here failed on the code it was written against; each names the
promise of README.md / docs/RELIABILITY.md it holds the app to.
"""

from __future__ import annotations

import json
import shlex
import signal
import sqlite3
import subprocess
import threading
from collections.abc import Callable
from fractions import Fraction
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import av
import pytest
from PIL import Image

from tests.helpers.cli import (
    PRIVATE_MOUNTS,
    Running,
    can_mount_tmpfs,
    cli_env,
    command,
    run_cli,
    start_cli,
    wait_for,
)
from tests.helpers.clips import colours, make_clip, shade
from tests.helpers.tasks import submissions
from veo_desktop.emulator.render import render_clip
from veo_desktop.emulator.server import EmulatorThread

FAST = ("--poll-interval", "0.1")
FLOW_LANDSCAPE = ("--model", "veo-3.1-landscape-fast-fl")
# A key that shares no 12 characters in a row with the ids below: a run of 12 is masked as an echo of it.
KEY = "sk-probe-7e21c9a4f0b35d68"
SERVICE_ID = "video_0123456789abcdef"  # the Flow channel's own id (its answers carry ``id``, no ``task_id``)


# ----- helpers ----------------------------------------------------------------------------------


def pictures(folder: Path) -> tuple[Path, Path]:
    start, end = folder / "red.png", folder / "blue.png"
    Image.new("RGB", (320, 180), (220, 30, 30)).save(start)
    Image.new("RGB", (320, 180), (30, 30, 220)).save(end)
    return start, end


def rows(home: Path) -> list[tuple[str | None, str, str]]:
    with sqlite3.connect(home / "history.sqlite3") as db:
        return db.execute("SELECT task_id, state, output_path FROM tasks ORDER BY id").fetchall()


def everything_in_history(home: Path) -> str:
    """Every value of every row, as text: where an id the user needs could have been written down."""
    with sqlite3.connect(home / "history.sqlite3") as db:
        return "\n".join(" ".join(str(v) for v in row) for row in db.execute("SELECT * FROM tasks"))


Answer = tuple[int, bytes, str]


class HostileService:
    """A tiny HTTP service on loopback that answers as told: ``create`` for ``POST /v1/videos``, then
    ``statuses[id]`` / ``contents[id]`` for ``GET /v1/videos/{id}`` and ``.../content`` (404 otherwise)."""

    def __init__(
        self,
        create: Callable[[], Answer],
        statuses: dict[str, Callable[[], Answer]] | None = None,
        contents: dict[str, Callable[[], Answer]] | None = None,
    ) -> None:
        self.requests: list[tuple[str, str]] = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _send(self, answer: Answer) -> None:
                code, body, content_type = answer
                self.send_response(code)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("content-length", 0)))
                service.requests.append(("POST", self.path))
                self._send(create())

            def do_GET(self) -> None:
                service.requests.append(("GET", self.path))
                parts = self.path.rstrip("/").split("/")
                table, task = (contents, parts[-2]) if parts[-1] == "content" else (statuses, parts[-1])
                found = (table or {}).get(task)
                if found is None:
                    missing = {"error": {"message": f"task {task} not found", "code": "task_not_found"}}
                    self._send((404, json.dumps(missing).encode(), "application/json"))
                else:
                    self._send(found())

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> HostileService:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def polls(self) -> int:
        return sum(1 for method, path in self.requests if method == "GET" and not path.endswith("/content"))


def answer(data: object, code: int = 200) -> Callable[[], Answer]:
    return lambda: (code, json.dumps(data).encode(), "application/json")


def hostile_env(home: Path, service: HostileService) -> dict[str, str]:
    return cli_env(home, None, APIYI_API_KEY=KEY, APIYI_BASE_URL=service.base_url)


def faststart_clip(path: Path, clip: int, frames: int = 48) -> Path:
    """An MP4 with its index (``moov``) first, as streaming services and browsers' downloads have it."""
    with av.open(str(path), mode="w", format="mp4", options={"movflags": "faststart"}) as out:
        video = out.add_stream("libx264", rate=12)
        video.width, video.height, video.pix_fmt = 128, 72, "yuv420p"
        video.options = {"preset": "ultrafast", "qp": "0"}
        for index in range(frames):
            frame = av.VideoFrame.from_image(Image.new("RGB", (128, 72), shade(clip, index)))
            frame.pts = index
            frame.time_base = Fraction(1, 12)
            out.mux(video.encode(frame))
        out.mux(video.encode(None))
    return path


# ----- money: a task the service accepted is never lost -----------------------------------------


def test_an_accepted_task_id_is_written_down_even_when_the_video_name_cannot_be_planned(
    tmp_path: Path, emulator: EmulatorThread, app_home: Path
) -> None:
    """RELIABILITY: "It is written to the history (fsynced) the instant the answer arrives, before anything
    else happens." The output folder passes the check made before sending (a file can be created in it),
    but the video's planned name in it is longer than the system allows. The name is planned *between* the
    answer and writing the id down, so the OSError loses the id: the service has (and bills) the task,
    the history row stays "submitting" without an id, and the user reads only "File name too long"."""
    start, _ = pictures(tmp_path)
    folder = tmp_path
    while len(str(folder)) < 4036:  # a folder near PATH_MAX: fine for a temp file, not for a video's name
        folder = folder / ("d" * min(200, 4036 - len(str(folder)) - 1))
    folder.mkdir(parents=True)
    done = run_cli(
        "generate",
        str(start),
        *FLOW_LANDSCAPE,
        "--prompt",
        "a lighthouse at dusk while the waves roll slowly in",
        "-o",
        str(folder),
        *FAST,
        env=cli_env(app_home, emulator),
    )
    [accepted] = emulator.server.tasks  # the service took the task: it is billed when it completes
    told = done.stdout + done.stderr
    assert accepted in everything_in_history(app_home) or accepted in told, (
        f"the service accepted {accepted}; the user got exit {done.returncode}: "
        f"{done.stderr.strip()[-300:]}; history: {rows(app_home)}"
    )


def test_a_flow_answer_with_a_readable_id_but_an_unfamiliar_status_keeps_the_id(
    tmp_path: Path, app_home: Path
) -> None:
    """README: "A task the service accepted is never lost". The Flow channel already says "processing"
    where the official one says "in_progress"; a create answer with a good ``id`` and another word for
    waiting ("pending") is thrown away whole: "outcome unknown", and the id, which was right there, is
    in neither the history nor anything the user is told, so `veo-desktop import` cannot fetch the
    video the service will bill."""
    start, end = pictures(tmp_path)
    create = answer({"id": SERVICE_ID, "object": "video", "status": "pending", "created": 1})
    processing = answer({"id": SERVICE_ID, "object": "video", "status": "processing", "created": 1})
    with HostileService(create, {SERVICE_ID: processing}) as service:
        running = Running(
            start_cli(
                "generate",
                str(start),
                "--end-frame",
                str(end),
                *FLOW_LANDSCAPE,
                "--prompt",
                "dusk",
                *FAST,
                env=hostile_env(app_home, service),
            )
        )
        try:  # the task is followed (the service keeps saying "processing"): the id must be written down
            wait_for(
                lambda: running.process.poll() is not None or service.polls() >= 2, "an end or polls", 60
            )
        finally:
            if running.process.poll() is None:
                running.process.send_signal(signal.SIGINT)
            code, out, err = running.finish(60)
    assert [r for r in service.requests if r[0] == "POST"] == [("POST", "/v1/videos")]
    assert SERVICE_ID in everything_in_history(app_home) or SERVICE_ID in out + err, (
        f"exit {code}: {err.strip().splitlines()[-1]}"
    )


@pytest.mark.parametrize(
    "decoy",
    ["task_fedcba9876543210", 12345],
    ids=["task_id-disagrees", "task_id-is-a-number"],
)
def test_a_flow_answer_whose_task_id_disagrees_with_its_id_does_not_lose_the_services_id(
    tmp_path: Path, app_home: Path, decoy: object
) -> None:
    """README: "Its id is written down the instant the answer arrives". A Flow answer carries its id in
    ``id``; when it also carries a ``task_id`` that disagrees, the app keeps ``task_id`` and drops ``id``:
    it then follows an id the service does not know (404 after 404, "the address may be wrong") while the
    real, billed task is nowhere in the history. A ``task_id`` that is a number hides the good ``id`` too:
    "no task id in the answer", outcome unknown."""
    start, end = pictures(tmp_path)
    video = render_clip(
        seconds=8, aspect_ratio="16:9", image=None, end=None, prompt="x", fps=8, short_side=96
    )
    create = answer(
        {"id": SERVICE_ID, "task_id": decoy, "object": "video", "status": "processing", "created": 1}
    )
    completed = answer({"id": SERVICE_ID, "object": "video", "status": "completed", "created": 1})
    with HostileService(
        create, {SERVICE_ID: completed}, {SERVICE_ID: lambda: (200, video, "video/mp4")}
    ) as service:
        running = Running(
            start_cli(
                "generate",
                str(start),
                "--end-frame",
                str(end),
                *FLOW_LANDSCAPE,
                "--prompt",
                "dusk",
                *FAST,
                env=hostile_env(app_home, service),
            )
        )
        try:
            wait_for(
                lambda: running.process.poll() is not None or service.polls() >= 4, "an end or polls", 60
            )
        finally:
            if running.process.poll() is None:
                running.process.send_signal(signal.SIGINT)
            code, out, err = running.finish(60)
    told = out + err
    assert SERVICE_ID in everything_in_history(app_home) or SERVICE_ID in told, (
        f"exit {code}; history {rows(app_home)}; polled {sorted(set(p for _, p in service.requests))}"
    )


# ----- money: nothing is sent for bad input ------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["generate", "--continue-from", "", "--prompt", "the next shot"],
        ["generate", "", "--prompt", "the next shot"],
        ["generate", "{start}", "--end-frame", "", *FLOW_LANDSCAPE, "--prompt", "day to night"],
    ],
    ids=["continue-from-empty", "image-empty", "end-frame-empty"],
)
def test_an_empty_image_path_or_task_id_is_bad_input_and_nothing_is_sent(
    tmp_path: Path, emulator: EmulatorThread, app_home: Path, args: list[str]
) -> None:
    """README: bad input is exit 2 with nothing sent. A script's unset variable (`--continue-from "$LAST"`,
    `generate "$IMG"`, `--end-frame "$END"`) gives an empty argument; the app reads it as "not given" and
    sends (and the service bills) another task than the one asked for: a text-only video instead of a
    continuation or an image-to-video, a clip without the end frame it was asked to end on."""
    start, _ = pictures(tmp_path)
    done = run_cli(*(a.format(start=start) for a in args), *FAST, env=cli_env(app_home, emulator))
    assert submissions(emulator) == [], f"sent {len(submissions(emulator))} task(s); exit {done.returncode}"
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_continue_from_refuses_a_task_whose_file_now_holds_another_tasks_video(
    tmp_path: Path, emulator: EmulatorThread, app_home: Path
) -> None:
    """README: "A task whose video is not saved, or no longer where it was, is refused with what to do."
    Task A was saved as shot.mp4; the user cleared it away, and a later task B was saved under the same
    name. The history still says shot.mp4 is A's video: `--continue-from A` takes B's last frame and
    sends (and pays for) a clip continuing the wrong shot, and `download A` calls B's file A's video."""
    start, end = pictures(tmp_path)
    env = cli_env(app_home, emulator)
    out = tmp_path / "out"
    out.mkdir()
    first = run_cli(
        "generate",
        str(start),
        *FLOW_LANDSCAPE,
        "--prompt",
        "red",
        "-o",
        str(out / "shot.mp4"),
        *FAST,
        env=env,
    )
    assert first.returncode == 0, first.stderr
    [task_a] = emulator.server.tasks
    (out / "shot.mp4").unlink()
    (out / "shot.json").unlink()
    second = run_cli(
        "generate", str(end), *FLOW_LANDSCAPE, "--prompt", "blue", "-o", str(out / "shot.mp4"), *FAST, env=env
    )
    assert second.returncode == 0, second.stderr
    sent = len(submissions(emulator))
    done = run_cli("generate", "--continue-from", task_a, "--prompt", "night falls", *FAST, env=env)
    assert len(submissions(emulator)) == sent, "a paid clip was sent from another task's last frame"
    assert done.returncode == 2 and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("parent", "model"),
    [
        (
            ["--model", "veo-3.1-fast-fl"],
            "veo-3.1-landscape-fast-fl",
        ),  # a portrait Flow clip, continued landscape
        (["--seconds", "4"], "veo-3.1-landscape-fast-fl"),  # a 4-second official clip, continued on Flow
    ],
    ids=["flow-portrait-to-landscape", "official-4s-to-flow"],
)
def test_continue_from_lets_the_model_given_on_the_command_line_win(
    tmp_path: Path, emulator: EmulatorThread, app_home: Path, parent: list[str], model: str
) -> None:
    """README: `--continue-from` "keeps its settings (those given on the command line win)", and on Flow
    "the model's name fixes the clip". Given only `--model`, the parent's kept shape or length is put
    against it and the command is refused ("makes landscape (16:9) videos; for 9:16 use ...", "makes
    8-second clips only (got 4)"): a length or shape the user never typed."""
    start, _ = pictures(tmp_path)
    env = cli_env(app_home, emulator)
    made = run_cli("generate", str(start), *parent, "--prompt", "first shot", *FAST, env=env)
    assert made.returncode == 0, made.stderr
    [task] = emulator.server.tasks
    done = run_cli(
        "generate", "--continue-from", task, "--model", model, "--prompt", "next shot", *FAST, env=env
    )
    assert done.returncode == 0, done.stderr.strip().splitlines()[-1]
    last = submissions(emulator)[-1].submission
    assert last is not None and last.request.model == model


# ----- clips: join and frame --------------------------------------------------------------------


def test_join_does_not_pass_off_a_truncated_clip_as_whole(tmp_path: Path, app_home: Path) -> None:
    """README: `join` "makes one MP4 of every frame and all the sound"; "A file that is not a video is
    refused (exit 2) before anything is written." A clip cut short (its index first, as a browser's
    interrupted download leaves it) is joined without a word: exit 0, "2 clips, 8.0 s", and a film of
    about 5 s that is missing most of the second clip."""
    first = faststart_clip(tmp_path / "first.mp4", 0)
    whole = faststart_clip(tmp_path / "second.mp4", 1).read_bytes()
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(whole[: int(len(whole) * 0.4)])
    out = tmp_path / "out"
    out.mkdir()
    done = run_cli("join", str(first), str(cut), "-o", str(out / "film.mp4"), env=cli_env(app_home))
    if done.returncode == 0:
        film = Path(done.stdout.strip())
        assert len(colours(film)) == 96, f"{len(colours(film))} of 96 frames; the CLI said: {done.stderr}"
    else:
        assert done.returncode == 2 and "Traceback" not in done.stderr
        assert list(out.iterdir()) == []


def test_frame_does_not_pass_off_a_middle_frame_of_a_truncated_clip_as_the_last(
    tmp_path: Path, app_home: Path
) -> None:
    """`frame` saves "the last by default", and `--continue-from` builds on the same last frame. From a
    clip cut short it silently saves a frame from the middle (exit 0), as if it were the last."""
    whole = faststart_clip(tmp_path / "whole.mp4", 1).read_bytes()
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(whole[: int(len(whole) * 0.4)])
    done = run_cli("frame", str(cut), "-o", str(tmp_path / "last.png"), env=cli_env(app_home))
    if done.returncode == 0:
        with Image.open(done.stdout.strip()) as image:
            got: tuple[int, int, int] = image.convert("RGB").getpixel((5, 5))  # type: ignore[assignment]
        wanted = shade(1, 47)
        assert all(abs(a - b) <= 12 for a, b in zip(got, wanted, strict=True)), (
            f"saved {got} as the last frame; the last frame is {wanted}"
        )
    else:
        assert done.returncode == 2 and "Traceback" not in done.stderr
        assert not (tmp_path / "last.png").exists()


@pytest.mark.parametrize("fmt", ["GIF", "ICO"])
def test_join_refuses_a_still_image_as_a_clip(tmp_path: Path, app_home: Path, fmt: str) -> None:
    """README: "A file that is not a video is refused (exit 2) before anything is written." The app itself
    lists GIF among the pictures it takes; a still GIF (or an icon) given to `join` becomes a "clip" of
    one frame in the film, exit 0."""
    clip = make_clip(tmp_path / "clip.mp4")
    still = tmp_path / f"still.{fmt.lower()}"
    Image.new("RGB", (128, 72), (200, 10, 10)).save(still, fmt)
    out = tmp_path / "out"
    out.mkdir()
    done = run_cli("join", str(clip), str(still), "-o", str(out / "film.mp4"), env=cli_env(app_home))
    assert done.returncode == 2, f"exit {done.returncode}: {done.stderr.strip().splitlines()[-1]}"
    assert "Traceback" not in done.stderr and list(out.iterdir()) == []


def _clip_with_short_sound(path: Path, clip: int, sound_seconds: float) -> Path:
    """A 2-second clip (24 frames at 12 fps) whose sound track lasts ``sound_seconds``."""
    with av.open(str(path), mode="w", format="mp4") as out:
        video = out.add_stream("libx264", rate=12)
        video.width, video.height, video.pix_fmt = 128, 72, "yuv420p"
        video.options = {"preset": "ultrafast", "qp": "0"}
        sound = out.add_stream("aac", rate=48_000)
        sound.layout = "mono"
        for index in range(24):
            frame = av.VideoFrame.from_image(Image.new("RGB", (128, 72), shade(clip, index)))
            frame.pts = index
            frame.time_base = Fraction(1, 12)
            out.mux(video.encode(frame))
        out.mux(video.encode(None))
        total = int(sound_seconds * 48_000)
        for begin in range(0, total, 1024):
            part = av.AudioFrame(format="fltp", layout="mono", samples=min(1024, total - begin))
            for plane in part.planes:
                plane.update(bytes(plane.buffer_size))
            part.sample_rate = 48_000
            part.pts = begin
            out.mux(sound.encode(part))
        out.mux(sound.encode(None))
    return path


def test_a_copied_film_keeps_each_clips_sound_with_its_pictures(tmp_path: Path, app_home: Path) -> None:
    """`join` copies matching clips, and "A clip without sound (or with less sound than pictures) gets
    silence, to stay in step" when it encodes. The copy path moves each stream on from its own end: after
    a clip whose sound is shorter than its pictures, the next clip's sound starts under the previous
    clip's pictures (here a whole second early), and the gap adds up clip after clip."""
    clips = [_clip_with_short_sound(tmp_path / f"clip{n}.mp4", n, 1.0) for n in range(2)]
    done = run_cli("join", *map(str, clips), "-o", str(tmp_path / "film.mp4"), env=cli_env(app_home))
    assert done.returncode == 0, done.stderr
    with av.open(done.stdout.strip()) as film:
        times = sorted(
            float(p.pts * p.time_base)
            for p in film.demux(film.streams.audio[0])
            if p.size and p.pts is not None
        )
    # The second clip's pictures start at 2.0 s; its sound must not start before them.
    second_clip_sound = [t for t in times if t > 1.05]  # the first clip's sound ends at 1.0 s
    assert second_clip_sound and second_clip_sound[0] >= 1.95, (
        f"the second clip's sound starts at {second_clip_sound[0]:.2f} s, its pictures at 2.00 s"
    )


def _slow_to_decode(path: Path) -> Path:
    """A small file that takes seconds to decode to its last frame: 4K pictures, one keyframe."""
    with av.open(str(path), mode="w", format="mp4") as out:
        video = out.add_stream("libx264", rate=24)
        video.width, video.height, video.pix_fmt = 3840, 2160, "yuv420p"
        video.options = {"preset": "ultrafast", "g": "100000"}
        picture = av.VideoFrame.from_image(Image.new("RGB", (3840, 2160), (10, 200, 30))).reformat(
            format="yuv420p"
        )
        for index in range(400):
            picture.pts = index
            picture.time_base = Fraction(1, 24)
            for packet in video.encode(picture):
                out.mux(packet)
        out.mux(video.encode(None))
    return path


def _has_open(pid: int, path: Path) -> bool:
    try:
        return any(str(fd.readlink()) == str(path) for fd in Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="watches the child through /proc")
def test_ctrl_c_on_frame_does_not_say_stopped_and_still_write_the_frame(
    tmp_path: Path, app_home: Path
) -> None:
    """The brief of `frame`/`join`: written beside, named only when whole, and "Ctrl+C leaves nothing".
    Ctrl+C while `frame` decodes is not acted on: the command waits for the decoding to end, writes and
    names the PNG, and then says "stopped" and exits 130, so the user believes nothing was saved."""
    video = _slow_to_decode(tmp_path / "long.mp4")
    out = tmp_path / "out"
    out.mkdir()
    running = Running(start_cli("frame", str(video), "-o", str(out / "last.png"), env=cli_env(app_home)))
    wait_for(lambda: _has_open(running.process.pid, video) or running.process.poll() is not None, "decoding")
    running.process.send_signal(signal.SIGINT)
    code, _out, err = running.finish(120)
    written = sorted(p.name for p in out.iterdir())
    assert not (code == 130 and written), f"exit 130 ({err.strip()}) yet {written} was written and named"


@pytest.mark.skipif(not can_mount_tmpfs(), reason="needs a private tmpfs")
def test_the_printed_id_of_a_task_the_history_could_not_take_is_not_masked_as_a_key(
    tmp_path: Path, app_home: Path
) -> None:
    """RELIABILITY: if the history cannot take the id (a full disk) "it is printed ... with the command
    that fetches the video: `veo-desktop import TASK_ID`". Every last line goes through the key masker,
    which takes anything that reads "sk-" plus four letters for a key: a task id such as
    ``task-0123456789abcdef`` (its "sk-…") is printed as "`veo-desktop import task-…cdef`", a command that
    fetches nothing, in the very line meant to save the only copy of a billed task's id."""
    task_id = "task-0123456789abcdef"
    start, _ = pictures(tmp_path)

    def held_answer() -> Answer:
        wait_for((tmp_path / "filled").exists, "the disk to fill")
        return 200, json.dumps({"id": task_id, "status": "queued"}).encode(), "application/json"

    home = tmp_path / "small-home"
    home.mkdir()
    videos = tmp_path / "videos"
    videos.mkdir()
    q = shlex.quote
    generate = shlex.join(command("generate", str(start), "--prompt", "harbour", "-o", str(videos), *FAST))
    fill = q(str(home / "fill"))
    script = (
        f"mount -t tmpfs -o size=1m tmpfs {q(str(home))} || exit 99; {generate} & pid=$!; "
        f"while [ ! -e {q(str(tmp_path / 'go'))} ]; do sleep 0.02; done; "
        f"dd if=/dev/zero of={fill} bs=4k 2>/dev/null; touch {q(str(tmp_path / 'filled'))}; wait $pid"
    )
    with HostileService(held_answer) as service:
        process = subprocess.Popen(
            [*PRIVATE_MOUNTS, script],
            env=hostile_env(home, service),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        wait_for(lambda: ("POST", "/v1/videos") in service.requests, "the submission")
        (tmp_path / "go").touch()
        _out, err = process.communicate(timeout=60)
    last = err.strip().splitlines()[-1]
    assert "history could not be written" in last, err
    assert f"`veo-desktop import {task_id}`" in last, last
