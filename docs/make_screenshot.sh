#!/usr/bin/env bash
# Runs Veo Desktop as a user would, on a virtual X display, against the local emulator:
# opens the window with an image, types a prompt, presses Ctrl+Return, waits for the video and
# saves a screenshot of the screen to docs/main-window.png.  Needs: bash .ci/setup (xvfb, xdotool)
# and imagemagick (`import`); for Chinese, a CJK font (fonts-wqy-microhei).
#   RENDER=120 WAIT=25 docs/make_screenshot.sh docs/in-progress.png     a task still generating
#   VEO_LANGUAGE=zh_CN docs/make_screenshot.sh docs/chinese.png         the window in Chinese
#   END_FRAME=1 docs/make_screenshot.sh docs/end-frame.png             a start and an end frame (Flow)
#   SEQUENCE=1 WAIT=6 docs/make_screenshot.sh docs/sequence.png        a chain of clips in the Sequence tab
#   SIZE=900x600 docs/make_screenshot.sh docs/small-window.png         the window at 900x600 (a small laptop)
#   SCHEME=light SIZE=1366x768 docs/make_screenshot.sh docs/main-window-light.png   a desktop set to light
# SCREEN sets the virtual screen (1600x1000 by default); SCHEME what its desktop says (dark by default).
# Without imagemagick's `import`, Pillow takes the picture.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/main-window.png}"
work="$(mktemp -d)"
finish() {
    kill $(jobs -p) 2>/dev/null || true
    [ -z "${VERBOSE:-}" ] || cat "$work/app.log" "$work"/home/logs/*.log 2>/dev/null
    rm -rf "$work"
}
trap finish EXIT

export DISPLAY=:77 VEO_DESKTOP_HOME="$work/home"
Xvfb :77 -screen 0 "${SCREEN:-1600x1000}x24" >/dev/null 2>&1 &
.venv/bin/veo-desktop emulator --port 8799 --queue-seconds 2 --render-seconds "${RENDER:-4}" >/dev/null &
mkdir -p "$VEO_DESKTOP_HOME/config"
echo "{\"language\": \"${VEO_LANGUAGE:-en}\"}" >"$VEO_DESKTOP_HOME/config/settings.json"
.venv/bin/python - "$work/lighthouse.png" "$work/night.png" <<'PY'
import sys
from PIL import Image, ImageDraw
for path, night in zip(sys.argv[1:], (False, True)):
    picture = Image.new("RGB", (1280, 853), (10, 16, 45) if night else (40, 70, 110))
    draw = ImageDraw.Draw(picture)
    for y in range(0, 650, 6):
        sky = (8 + y // 30, 12 + y // 30, 40 + y // 20) if night else (40 + y // 8, 70 + y // 12, 110 + y // 10)
        draw.line([(0, y), (1280, y)], fill=sky)
    if night:  # the same lighthouse after dark: its lamp lit, a beam across the sky
        draw.polygon([(640, 180), (1280, 60), (1280, 200)], fill=(120, 120, 90))
        draw.ellipse((1000, 80, 1060, 140), fill=(230, 230, 200))
    draw.rectangle((560, 220, 720, 700), fill=(120, 118, 110) if night else (235, 232, 220))
    draw.rectangle((560, 330, 720, 380), fill=(110, 25, 25) if night else (200, 40, 40))
    draw.polygon([(540, 220), (740, 220), (640, 140)], fill=(110, 25, 25) if night else (200, 40, 40))
    draw.rectangle((600, 160, 680, 220), fill=(255, 230, 120) if night else (90, 90, 90))
    draw.rectangle((0, 650, 1280, 853), fill=(10, 20, 40) if night else (25, 45, 75))
    picture.save(path)
PY
end_frame=()
prompt="The camera slowly rises from the base of the lighthouse to the top, dusk light, waves"
if [ -n "${END_FRAME:-}" ]; then
    # The Flow channel's fast choice, as if picked last time, and the same lighthouse after dark.
    printf '[choices]\nmodel=veo-3.1-landscape-fast-fl\n' >"$VEO_DESKTOP_HOME/config/window.ini"
    end_frame=(--end-frame "$work/night.png")
    prompt="Dusk turns to night around the lighthouse, its lamp comes on, waves roll in"
fi
export APIYI_API_KEY=sk-demo-offline-veo-desktop APIYI_BASE_URL=http://127.0.0.1:8799/v1
launch=(.venv/bin/python docs/window_screenshot.py "$work/lighthouse.png" "${end_frame[@]}")
export SCHEME="${SCHEME:-dark}"
generate=(ctrl+Return)
sleep 1
if [ -n "${SEQUENCE:-}" ]; then
    # Three clips chained on the command line, each from the last frame of the one before (day to night,
    # to dawn, to night again); then the window with that chain in the Sequence tab, playing, and the
    # last clip continued: its last frame is the start frame, the next shot is being described.
    flow=(--model veo-3.1-landscape-fast-fl --poll-interval 0.5)
    video=$(.venv/bin/veo-desktop generate "$work/lighthouse.png" --end-frame "$work/night.png" "${flow[@]}" \
        --prompt "Dusk turns to night around the lighthouse, its lamp comes on")
    for step in "lighthouse:Night lifts into a clear dawn, the lamp goes out" \
        "night:The sky darkens again, a storm rolls in over the lighthouse"; do
        parent=$(.venv/bin/python -c 'import json, sys; print(json.load(open(sys.argv[1]))["task_id"])' \
            "${video%.mp4}.json")
        video=$(.venv/bin/veo-desktop generate --continue-from "$parent" --end-frame "$work/${step%%:*}.png" \
            "${flow[@]}" --prompt "${step#*:}")
    done
    launch=(.venv/bin/python docs/sequence_screenshot.py)
    generate=()  # the next shot is only described: the chain plays
    prompt="The storm clears and gulls circle the lamp in the morning light"
fi
"${launch[@]}" >"$work/app.log" 2>&1 &
for _ in $(seq 50); do xdotool search --name "Veo Desktop" >/dev/null 2>&1 && break; sleep 0.2; done
sleep 1.5
# No window manager on Xvfb: give the window the focus a desktop would give it.
window="$(xdotool search --name "Veo Desktop" | head -1)"
xdotool windowfocus --sync "$window"
[ -z "${SIZE:-}" ] || xdotool windowsize --sync "$window" "${SIZE%x*}" "${SIZE#*x}"
xdotool type --delay 15 "${PROMPT:-$prompt}"
[ ${#generate[@]} -eq 0 ] || xdotool key "${generate[@]}"
sleep "${WAIT:-30}"
if command -v import >/dev/null; then
    import -window root ${SIZE:+-crop "$SIZE+0+0"} "$out"
else
    size="${SIZE:-${SCREEN:-1600x1000}}"
    .venv/bin/python -c 'import sys; from PIL import ImageGrab
w, h = map(int, sys.argv[1].split("x")); ImageGrab.grab(xdisplay=":77").crop((0, 0, w, h)).save(sys.argv[2])' \
        "$size" "$out"
fi
echo "saved $out"
