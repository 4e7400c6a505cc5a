#!/usr/bin/env bash
# Install Veo Desktop for this user: the app under ~/.local/opt, a launcher in the menu, the icon, and
# "Open with Veo Desktop" for images. Run it from the unpacked tarball.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
prefix="${PREFIX:-$HOME/.local}"
mkdir -p "$prefix/opt" "$prefix/bin" "$prefix/share/applications" "$prefix/share/icons/hicolor/256x256/apps"
rm -rf "$prefix/opt/veo-desktop"
cp -r "$here/app" "$prefix/opt/veo-desktop"
ln -sf "$prefix/opt/veo-desktop/veo-desktop" "$prefix/bin/veo-desktop"
cp "$here/veo-desktop.png" "$prefix/share/icons/hicolor/256x256/apps/veo-desktop.png"
sed "s|^Exec=veo-desktop|Exec=$prefix/bin/veo-desktop|" "$here/veo-desktop.desktop" \
    > "$prefix/share/applications/veo-desktop.desktop"
command -v update-desktop-database >/dev/null && update-desktop-database "$prefix/share/applications" || true
echo "Installed. Start it from the menu, or: $prefix/bin/veo-desktop"
