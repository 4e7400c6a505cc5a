"""Build the installable app for the OS this runs on, into dist/.

    .venv/bin/python packaging/build.py            # icons, the PyInstaller bundle, the OS package
    .venv/bin/python packaging/build.py --measure  # also build once with every Qt module, to compare sizes

Linux: dist/veo-desktop/ (one folder) and dist/veo-desktop-linux-x86_64.tar.xz with a .desktop file, the
icon and an "Open with" entry for images (install: packaging/linux/install.sh inside the tarball). xz, not
gzip: 78 MB instead of 106 MB for the same files (docs/PERFORMANCE.md); unpack with `tar -xf`.
Windows: the one folder, then packaging/windows/veo-desktop.iss with Inno Setup (iscc).
macOS: dist/Veo Desktop.app, then packaging/macos/make-dmg.sh.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path
from typing import Literal

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
sys.path.insert(0, str(ROOT / "packaging"))

from make_icons import make_icons  # noqa: E402


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def pyinstaller(*extra: str) -> float:
    started = time.monotonic()
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(DIST),
        "--workpath",
        str(ROOT / "build" / "pyinstaller"),
        str(ROOT / "packaging" / "veo-desktop.spec"),
        *extra,
    ]
    subprocess.run(command, check=True, cwd=ROOT)
    return time.monotonic() - started


def linux_tarball(bundle: Path, compression: Literal["xz", "gz"] = "xz") -> Path:
    staging = ROOT / "build" / "linux" / "veo-desktop"
    shutil.rmtree(staging.parent, ignore_errors=True)
    shutil.copytree(bundle, staging / "app", symlinks=True)
    shutil.copy(ROOT / "build" / "icons" / "icon-256.png", staging / "veo-desktop.png")
    shutil.copy(ROOT / "packaging" / "linux" / "veo-desktop.desktop", staging)
    shutil.copy(ROOT / "packaging" / "linux" / "install.sh", staging)
    target = DIST / f"veo-desktop-linux-{platform.machine()}.tar.{compression}"
    for stale in DIST.glob(f"veo-desktop-linux-{platform.machine()}.tar.*"):
        stale.unlink()
    mode: Literal["w:xz", "w:gz"] = "w:xz" if compression == "xz" else "w:gz"
    with tarfile.open(target, mode) as archive:  # xz: preset 6, about 100 MB of memory to pack
        archive.add(staging, arcname="veo-desktop")
    return target


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--measure", action="store_true", help="compare with a bundle that keeps every Qt module"
    )
    args = parser.parse_args()
    make_icons(ROOT / "build" / "icons")
    if args.measure:
        seconds = pyinstaller("--", "--keep-all-qt")
        full = folder_size(DIST / "veo-desktop")
        print(f"every Qt module: {full / 2**20:.0f} MB, built in {seconds:.0f} s")
    seconds = pyinstaller()
    bundle = DIST / "veo-desktop"
    print(
        f"bundle {bundle.relative_to(ROOT)}: {folder_size(bundle) / 2**20:.0f} MB, built in {seconds:.0f} s"
    )
    if sys.platform.startswith("linux"):
        if args.measure:
            gzipped = linux_tarball(bundle, "gz")
            print(f"as .tar.gz it would be {gzipped.stat().st_size / 2**20:.0f} MB")
        tarball = linux_tarball(bundle)
        print(f"package {tarball.relative_to(ROOT)}: {tarball.stat().st_size / 2**20:.0f} MB")
    elif sys.platform == "win32":
        print("next: iscc packaging/windows/veo-desktop.iss")
    else:
        print("next: bash packaging/macos/make-dmg.sh")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
