"""``veo-desktop story STORY.json``: film a storyboard headless, shot after shot, then cut the film.

The storyboard is read and checked whole before anything is sent (exit 2, each problem naming its
shot). ``--plan`` prints the shots and the cost and sends nothing; otherwise the user confirms the cost
(``--yes`` skips the question; without a terminal to ask on, nothing is sent without ``--yes``).
Running it again continues where it stopped: see :mod:`veo_desktop.core.storyboard.filming`.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from pathlib import Path

from veo_desktop import paths
from veo_desktop.api import rules
from veo_desktop.cli.progress import ProgressPrinter
from veo_desktop.cli.session import CliError, open_session
from veo_desktop.core.history.store import HistoryStore
from veo_desktop.core.storyboard import document, progress, validation
from veo_desktop.core.storyboard.plan import Plan, survey
from veo_desktop.core.task_record import TaskRecord
from veo_desktop.core.tasks.describe import excerpt
from veo_desktop.core.tasks.estimate import RenderTimes

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
STANDING_WORDS = {
    "saved": "saved",
    "running": "sent, running",
    "unknown": "outcome unknown",
    "to_send": "to send",
}


def _err(text: str) -> None:
    print(f"veo-desktop: {text}", file=sys.stderr, flush=True)


async def _read(path: Path) -> document.Storyboard:
    """The storyboard, checked whole: refused with every problem (each naming its shot), exit 2."""
    story = await asyncio.to_thread(document.load, path)
    found = await asyncio.to_thread(validation.problems, story)
    if found:
        for problem in found:
            _err(f"{story.path.name}: {problem}")
        raise CliError(f"{story.path.name}: {len(found)} problem(s) above; nothing was sent", EXIT_USAGE)
    return story


def _survey_history(story: document.Storyboard, kept: progress.Progress, demo: bool) -> Plan:
    """Where each shot stands, read from the history without a connection (blocking)."""
    prints = [progress.fingerprint(story, n, shot) for n, shot in enumerate(story.shots, 1)]
    store = HistoryStore(paths.history_db())
    try:
        return survey(story, kept, prints, store, lambda: store.records(limit=500), demo=demo)
    finally:
        store.close()


def plan_lines(story: document.Storyboard, plan: Plan, *, demo: bool) -> list[str]:
    lines = [f"Storyboard {story.path.name}: {len(plan.shots)} shot(s); the film: {story.film_path}"]
    for status in plan.shots:
        model = rules.MODELS.get(status.request.model)
        price = model.price_text if model else "?"
        end = f", ends on {status.shot.end_frame}" if status.shot.end_frame else ""
        settings = f"{status.request.seconds} s, {status.request.resolution}, {status.request.aspect_ratio}"
        words = STANDING_WORDS[status.standing]
        if status.record is not None and status.record.task_id and status.standing != "to_send":
            words += f" ({status.record.task_id})"
        note = f"; {status.note_text}" if status.note else ""
        lines.append(
            f"  {status.number}. {status.request.model} {price} ({settings}{end}) [{words}{note}] "
            f"“{excerpt(status.request.prompt, 50)}”"
        )
    charge = "the demo charges nothing" if demo else "billed only for completed videos; failed shots are free"
    total = rules.format_cents(plan.total_cents)
    lines.append(f"Total: {total} for {len(plan.shots)} shot(s) ({charge})")
    sending = plan.to_send
    lines.append(f"To send now: {len(sending)} shot(s), {rules.format_cents(plan.to_send_cents)}")
    if plan.unknown is not None:
        lines.append(
            f"Shot {plan.unknown.number} was sent but its outcome is unknown: filming stops there "
            "(it is never sent again on its own)"
        )
    return lines


def _ask(question: str) -> bool:
    """Asked on the terminal; Ctrl+C here stops the command with nothing sent."""
    previous = signal.getsignal(signal.SIGINT)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        print(question, end=" ", file=sys.stderr, flush=True)
        answer = sys.stdin.readline()
    finally:
        signal.signal(signal.SIGINT, previous)
    return answer.strip().lower() in ("y", "yes")


def _confirm(plan: Plan, args: argparse.Namespace) -> None:
    sending = plan.to_send
    if not sending or args.yes:
        return
    cost = rules.format_cents(plan.to_send_cents) + (" (demo: free)" if args.demo else "")
    if not sys.stdin.isatty():
        raise CliError(
            f"filming sends {len(sending)} shot(s) for {cost}: pass --yes to film without being asked "
            "(there is no terminal to ask on); nothing was sent",
            EXIT_USAGE,
        )
    if not _ask(f"Film {len(sending)} shots for {cost}? [y/N]"):
        raise CliError("not filmed; nothing was sent", EXIT_USAGE)


async def story(args: argparse.Namespace) -> int:
    from veo_desktop.core.storyboard.film_output import listing_note
    from veo_desktop.core.storyboard.filming import Filming, ShotStopped

    story = await _read(Path(args.storyboard))
    with progress.filming_lock(story):
        kept = await asyncio.to_thread(lambda: progress.load(story, demo=bool(args.demo)))
        plan = await asyncio.to_thread(_survey_history, story, kept, bool(args.demo))
        lines = plan_lines(story, plan, demo=bool(args.demo))
        if args.plan:
            print("\n".join(lines))
            return EXIT_OK
        print("\n".join(lines), file=sys.stderr, flush=True)
        _confirm(plan, args)
        async with open_session(args) as manager:
            finished = await manager.history.finished(limit=500)
            printer = ProgressPrinter(times=RenderTimes.from_history(finished), ends_said=True)
            manager.subscribe(printer)
            filming = Filming(manager, story, kept, lambda text: printer.say(f"veo-desktop: {text}"))
            try:
                async with printer.ticking():
                    filmed = await filming.run()
            except ShotStopped as exc:
                raise CliError(str(exc), EXIT_FAILED) from None
            except asyncio.CancelledError:
                _err(f"the storyboard stopped here; `veo-desktop story {args.storyboard}` continues it")
                raise
    film = filmed.film
    how = "copied without re-encoding" if film.copied else "encoded again as H.264/AAC"
    made = "made by an earlier run" if film.again else how
    _err(
        f"the film: {len(filmed.records)} shot(s), {film.seconds:.1f} s, {made}; "
        f"total {rules.format_cents(film.total_cents)}{_demo_note(filmed.records)}"
    )
    note = listing_note(film)
    if note:
        _err(note)
    print(film.path)
    return EXIT_OK


def _demo_note(records: tuple[TaskRecord, ...]) -> str:
    return " (the demo charges nothing)" if any(r.demo for r in records) else ""
