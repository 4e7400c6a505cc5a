#!/usr/bin/env bash
# Wrap dist/Veo Desktop.app into dist/veo-desktop.dmg (run on macOS after python packaging/build.py).
#
# Signing and notarization (needed for Gatekeeper; not done by this script):
#   codesign --deep --force --options runtime --timestamp \
#       --sign "Developer ID Application: NAME (TEAMID)" "dist/Veo Desktop.app"
#   xcrun notarytool submit dist/veo-desktop.dmg --keychain-profile NOTARY --wait
#   xcrun stapler staple dist/veo-desktop.dmg
# Sign the .app before making the .dmg, then sign and notarize the .dmg itself.
set -euo pipefail
cd "$(dirname "$0")/../.."
staging="$(mktemp -d)"
cp -R "dist/Veo Desktop.app" "$staging/"
ln -s /Applications "$staging/Applications"
hdiutil create -volname "Veo Desktop" -srcfolder "$staging" -ov -format UDZO dist/veo-desktop.dmg
rm -rf "$staging"
echo "dist/veo-desktop.dmg"
