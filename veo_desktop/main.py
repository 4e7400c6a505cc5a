"""``veo-desktop``: with a command it runs headless; without one it opens the window."""

from __future__ import annotations

import sys

from veo_desktop.cli.parser import COMMANDS


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(sys.argv[1:] if argv is None else argv)
    except KeyboardInterrupt:  # Ctrl+C before a command took over its own signals: nothing was sent
        print("veo-desktop: stopped; nothing was sent.", file=sys.stderr)
        return 130


def _main(args: list[str]) -> int:
    if args == ["--self-test"]:
        from veo_desktop.selftest import run_self_test

        return run_self_test()
    if args[:1] and (args[0] in COMMANDS or args[0] in ("-h", "--help", "--version")):
        from veo_desktop.cli.commands import run

        return run(args)
    from veo_desktop.gui.shell.launch import run_gui  # paints the window, then imports the rest

    return run_gui(args)


if __name__ == "__main__":
    raise SystemExit(main())
