"""The headless commands. Each returns an exit code; errors become one clear line (see ``run``).

What only one command needs is imported by that command (the emulator and PyAV, the clip tools,
``datetime``, ``getpass``): ``veo-desktop download`` loads the HTTP stack and the history, nothing more."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import sys
import time
from pathlib import Path

from veo_desktop import paths
from veo_desktop.api import errors, rules
from veo_desktop.api.security import check_key_shape, mask_key, redact
from veo_desktop.api.wire import check_task_id
from veo_desktop.cli import clip_commands, story_command
from veo_desktop.cli.interrupts import Interrupted, InterruptGuard
from veo_desktop.cli.parser import build_parser
from veo_desktop.cli.progress import ProgressPrinter, describe, price_line, status_line
from veo_desktop.cli.session import CliError, open_session, output_target
from veo_desktop.core.clips.framing import Framing, frame_image
from veo_desktop.core.clips.images import ImageRejected, PreparedImage, prepare_image
from veo_desktop.core.history.errors import HistoryNotice
from veo_desktop.core.history.store import HistoryStore, TaskRecord
from veo_desktop.core.keystore import ENV_VAR, KeyringUnavailable, KeyStore
from veo_desktop.core.stamps import stamp_text
from veo_desktop.core.tasks.estimate import RenderTimes
from veo_desktop.core.tasks.manager import TaskIdNotSaved, TaskManager, TaskNotReady
from veo_desktop.logs import setup_logging

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_SERVICE, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def run(argv: list[str]) -> int:
    from veo_desktop.core.history.errors import HistoryUnavailable

    args = build_parser().parse_args(argv)
    setup_logging("cli")
    try:
        return asyncio.run(_dispatch(args))
    except Interrupted as exc:
        return _fail(str(exc), EXIT_INTERRUPTED)
    except KeyboardInterrupt:  # before the command began: nothing was sent
        return _fail("stopped; nothing was sent.", EXIT_INTERRUPTED)
    except TaskIdNotSaved as exc:
        return _fail(str(exc), EXIT_FAILED)
    except CliError as exc:
        return _fail(str(exc), exc.code)
    except HistoryUnavailable as exc:  # refused before anything was sent: nothing changed, nothing spent
        return _fail(str(exc), EXIT_FAILED)
    except (ImageRejected, errors.InvalidRequest, errors.InsecureConnection, KeyringUnavailable) as exc:
        return _fail(str(exc), EXIT_USAGE)
    except ValueError as exc:
        return _fail(str(exc), EXIT_USAGE)
    except TaskNotReady as exc:
        return _fail(str(exc), EXIT_FAILED)
    except errors.VeoError as exc:
        return _fail(str(exc), EXIT_SERVICE)
    except OSError as exc:
        return _fail(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), EXIT_FAILED)


def _fail(message: str, code: int) -> int:
    print(f"veo-desktop: {redact(message)}", file=sys.stderr)
    return code


async def _dispatch(args: argparse.Namespace) -> int:
    commands = {
        "generate": generate,
        "status": status,
        "download": download,
        "tasks": tasks,
        "resume": resume,
        "import": import_task,
        "frame": clip_commands.frame,
        "join": clip_commands.join,
        "story": story_command.story,
        "key": key_command,
        "emulator": emulator,
    }
    guard = InterruptGuard()
    with guard.installed():
        try:
            return await commands[args.command](args)
        except asyncio.CancelledError:
            if guard.stopped:
                raise Interrupted(guard.summary or "stopped; nothing was sent.") from None
            raise


def _request_from(args: argparse.Namespace, *, start: bool) -> rules.VideoRequest:
    """The request as asked; what was left unset is what the model makes (a Flow model's name fixes its
    length, resolution and shape). Refused with the rules' own reasons, images included."""
    model = args.model or rules.DEFAULT_MODEL
    seconds, resolution, aspect_ratio = rules.settings_for(
        model, seconds=args.seconds, resolution=args.resolution, aspect_ratio=args.aspect_ratio
    )
    request = rules.VideoRequest(
        prompt=args.prompt,
        model=model,
        seconds=seconds,
        resolution=resolution,
        aspect_ratio=aspect_ratio,
        negative_prompt=args.negative_prompt,
        seed=rules.parse_seed(args.seed),
    )
    found = rules.problems(request, start=start, end=bool(args.end_frame))
    if found:
        raise CliError("; ".join(found))
    return request


def _notice_history(notice: HistoryNotice | None) -> None:
    """What happened to the history on opening (damaged and copied, journal lost), said once."""
    if notice is not None:
        print(f"veo-desktop: {notice}", file=sys.stderr)


def _finish(record: TaskRecord) -> int:
    """The last line of a successful run is the saved file's path; anything else exits non-zero."""
    if record.state == "completed":
        print(record.output_path)
        return EXIT_OK
    raise CliError(describe(record).split("] ", 1)[1], EXIT_FAILED)


async def _follow_to_end(manager: TaskManager, record: TaskRecord, printer: ProgressPrinter) -> int:
    async with printer.ticking():  # on a terminal the clocks tick between polls
        ended = await manager.wait([record.id])
    return _finish(ended[0] if ended else record)


async def _frame(path: str | None, request: rules.VideoRequest, framing: str | None) -> PreparedImage | None:
    """A start or end frame read and checked (refused naming the file), framed as ``--framing`` says."""
    if not path:
        return None
    image = await asyncio.to_thread(prepare_image, Path(path))
    if framing:
        how = Framing(mode="crop" if framing == "crop" else "fit")
        image = await asyncio.to_thread(frame_image, image, request.size, request.aspect_ratio, how)
    return image


def _refuse_empty(args: argparse.Namespace) -> None:
    """An empty value (a script's unset variable) is a mistake, never "leave it out": leaving out the
    image would send (and bill) a different task."""
    given = (("IMAGE", args.image), ("--end-frame", args.end_frame), ("--continue-from", args.continue_from))
    for name, value in given:
        if value is not None and not value.strip():
            raise CliError(
                f"{name} is empty (an unset variable?); give a value or leave {name} out. Nothing was sent."
            )


async def generate(args: argparse.Namespace) -> int:
    _refuse_empty(args)
    if args.continue_from:
        return await _continue(args)
    request = _request_from(args, start=bool(args.image))
    output = output_target(args.output)
    image = await _frame(args.image, request, args.framing)
    end = await _frame(args.end_frame, request, args.framing)
    async with open_session(args) as manager:
        return await _submit_and_follow(manager, request, image, end, output)


def _keep_settings(args: argparse.Namespace, kept: rules.VideoRequest) -> None:
    """Fill what the command line left unset from the parent's settings: what it gave wins, and a
    setting the model given fixes (the Flow channel) is the model's, not the parent's."""
    args.model = args.model or kept.model
    model = rules.MODELS[args.model]
    for name in ("seconds", "resolution", "aspect_ratio"):
        allowed = model.allowed(name)
        if getattr(args, name) is None and len(allowed) > 1 and getattr(kept, name) in allowed:
            setattr(args, name, getattr(kept, name))
    if model.extras:
        args.negative_prompt = args.negative_prompt or kept.negative_prompt


async def _continue(args: argparse.Namespace) -> int:
    """``--continue-from TASK_ID``: the task's last frame starts the new clip, with its settings (those
    given on the command line win) and linked to it in the history."""
    from veo_desktop.core.clips.continuing import CannotContinue, continued_request

    if args.image:
        raise CliError("give a start IMAGE or --continue-from TASK_ID, not both")
    task_id = check_task_id(args.continue_from)
    output = output_target(args.output)
    async with open_session(args) as manager:
        parent = await manager.history.by_task_id(task_id)
        if parent is None:
            raise CliError(f"no task {task_id} in the history; `veo-desktop tasks` lists them")
        _keep_settings(args, continued_request(parent, args.prompt))
        request = _request_from(args, start=True)
        try:
            image = await manager.last_frame(parent)
        except CannotContinue as exc:
            raise CliError(str(exc)) from None
        end = await _frame(args.end_frame, request, args.framing)
        return await _submit_and_follow(manager, request, image, end, output, parent=task_id)


async def _submit_and_follow(
    manager: TaskManager,
    request: rules.VideoRequest,
    image: PreparedImage | None,
    end: PreparedImage | None,
    output: Path | None,
    *,
    parent: str = "",
) -> int:
    _notice_history(manager.history_notice)
    await manager.recover_interrupted()
    waiting = len(await manager.history.unfinished())
    if waiting:
        print(
            f"veo-desktop: {waiting} earlier task(s) unfinished: `veo-desktop resume` finishes them",
            file=sys.stderr,
        )
    printer = await progress_printer(manager)
    manager.subscribe(printer)
    record = await manager.submit(request, image, end=end, output=output, parent_task_id=parent)
    printer.say(price_line(record))
    return await _follow_to_end(manager, record, printer)


async def status(args: argparse.Namespace) -> int:
    task_id = check_task_id(args.task_id)
    async with open_session(args) as manager:
        found = await manager.service_status(task_id)
    print(status_line(found))
    return EXIT_OK


async def download(args: argparse.Namespace) -> int:
    task_id = check_task_id(args.task_id)
    output = output_target(args.output)
    async with open_session(args) as manager:
        printer = await progress_printer(manager, since=time.time())  # its clock: from the download
        manager.subscribe(printer)
        async with printer.ticking():
            record = await manager.download_existing(task_id, output)
    return _finish(record)


async def import_task(args: argparse.Namespace) -> int:
    check_task_id(args.task_id)  # refused before anything opens
    async with open_session(args) as manager:
        printer = await progress_printer(manager)
        manager.subscribe(printer)
        record = await manager.import_task(args.task_id)
        printer.say(price_line(record))
        return await _follow_to_end(manager, record, printer)


async def resume(args: argparse.Namespace) -> int:
    async with open_session(args) as manager:
        _notice_history(manager.history_notice)
        printer = await progress_printer(manager, ends_said=False)
        manager.subscribe(printer)
        resumed = await manager.resume()
        if manager.elsewhere:
            printer.say(
                f"veo-desktop: {len(manager.elsewhere)} unfinished task(s) are followed by another "
                "Veo Desktop (the window, or another command) and are left to it"
            )
        if not resumed:
            if not manager.elsewhere:
                printer.say("Nothing to resume: every task has ended.")
            return EXIT_OK
        async with printer.ticking():
            ended = await manager.wait([r.id for r in resumed])
    for record in ended:
        if record.state == "completed":
            print(record.output_path)
    left = [r for r in ended if r.state != "completed"]
    if left:
        raise CliError(
            f"{len(left)} of {len(ended)} task(s) did not complete: see `veo-desktop tasks`", EXIT_FAILED
        )
    return EXIT_OK


async def tasks(args: argparse.Namespace) -> int:
    store = HistoryStore(paths.history_db())
    try:
        _notice_history(store.recovered_from)
        records = store.records()
    finally:
        store.close()
    if not records:
        print("No tasks yet.", file=sys.stderr)
    for record in records:
        created = stamp_text(record.created_at, "%Y-%m-%d %H:%M", "unknown date")
        prompt = " ".join(record.prompt.split())
        excerpt = prompt if len(prompt) <= 40 else prompt[:39] + "…"
        demo = " [demo]" if record.demo else ""
        print(
            "\t".join(
                [
                    record.task_id or f"#{record.id}",
                    record.state + demo,
                    created,
                    excerpt,
                    # Only a saved video has a file; a planned name is no video (a failed task's).
                    record.output_path if record.state == "completed" and record.output_path else "-",
                ]
            )
        )
    return EXIT_OK


async def key_command(args: argparse.Namespace) -> int:
    import getpass

    keys = KeyStore()
    if args.key_command == "set":
        text = getpass.getpass("API key (input hidden): ") if sys.stdin.isatty() else sys.stdin.readline()
        key = check_key_shape(text)
        keys.set(key)
        print(f"Stored the key {mask_key(key)} in the OS keyring.")
        if os.environ.get(ENV_VAR, "").strip():
            print(f"Note: {ENV_VAR} is set in this environment and takes precedence over the keyring.")
        return EXIT_OK
    if args.key_command == "delete":
        removed = keys.delete()
        print("Removed the key from the OS keyring." if removed else "There was no key in the OS keyring.")
        return EXIT_OK
    try:
        found = keys.get()
    except KeyringUnavailable as exc:
        print(f"No key in the environment, and {exc}")
        return EXIT_FAILED
    where = {
        "environment": "from APIYI_API_KEY",
        "keyring": "from the OS keyring",
        "session": "for this session",
    }
    if found.key is None:
        print("No API key is set. `veo-desktop key set` stores one; --demo needs none.")
        return EXIT_FAILED
    print(f"Using the key {mask_key(found.key)} {where[found.source]}.")
    return EXIT_OK


async def emulator(args: argparse.Namespace) -> int:
    from veo_desktop.emulator.faults import FaultPlan
    from veo_desktop.emulator.server import DEMO_KEY, EmulatorConfig, EmulatorServer

    config = EmulatorConfig(
        api_key=args.key or DEMO_KEY,
        queue_seconds=args.queue_seconds,
        render_seconds=args.render_seconds,
        content_not_ready_seconds=args.not_ready_seconds,
        throttle_bytes_per_second=args.throttle,
        content_size=args.content_size,
        accept_ranges=not args.no_ranges,
    )
    server = EmulatorServer(config, FaultPlan())
    base_url = await server.start(port=args.port)
    print(f"Emulator listening on {base_url} (key: {config.api_key}); Ctrl+C stops it.", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        # Windows' event loops have no signal handlers: Ctrl+C raises KeyboardInterrupt there instead.
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await server.stop()
    return EXIT_OK


async def progress_printer(
    manager: TaskManager, since: float | None = None, *, ends_said: bool = True
) -> ProgressPrinter:
    """Progress lines whose estimates use this user's own render times (``since``: the clocks' start).
    ``ends_said``: the command's last line says how its one task went wrong (see :func:`_finish`), so
    the progress does not say it too; ``resume`` follows many and says each one's end in its progress."""
    finished = await manager.history.finished(limit=500)
    return ProgressPrinter(times=RenderTimes.from_history(finished), since=since, ends_said=ends_said)
