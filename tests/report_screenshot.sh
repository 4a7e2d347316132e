#!/bin/sh
# SPDX-License-Identifier: MIT
# Renders the report's index.html in headless Chromium with the network blocked, checks that the
# browser built one <svg> per chart and took a non-trivial screenshot. Exits 77 (CTest: skipped)
# when no Chromium is installed. Usage: tests/report_screenshot.sh [path/to/xpusim] [keep-dir]
set -eu
xpusim=${1:-build/xpusim}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome ||
  command -v google-chrome-stable || true)
if [ -z "$browser" ]; then
  echo "skipped: no chromium on PATH"
  exit 77
fi
out=${2:-$(mktemp -d)}
[ -n "${2:-}" ] || trap 'rm -rf "$out"' EXIT
"$xpusim" report --out "$out/report" --workloads llama3_8b,llama3_70b >/dev/null
# Every host resolves to nothing: a page that needed the network would render broken.
flags="--headless --disable-gpu --no-sandbox --host-resolver-rules=MAP*~NOTFOUND"
# shellcheck disable=SC2086
"$browser" $flags --dump-dom "file://$out/report/index.html" >"$out/dom.html" 2>/dev/null
svgs=$(grep -o '<svg' "$out/dom.html" | wc -l)
[ "$svgs" -ge 6 ] || { echo "FAIL: browser DOM holds $svgs <svg> elements, expected >= 6"; exit 1; }
# shellcheck disable=SC2086
"$browser" $flags --window-size=1280,6000 --screenshot="$out/index.png" \
  "file://$out/report/index.html" >/dev/null 2>&1
size=$(wc -c <"$out/index.png")
[ "$size" -gt 50000 ] || { echo "FAIL: screenshot is $size bytes"; exit 1; }
echo "ok: $svgs charts, screenshot of $size bytes${2:+ in $out/index.png}"
