#!/bin/sh
# SPDX-License-Identifier: MIT
# Renders the report's index.html in headless Chromium with the network blocked: checks that the
# browser built one <svg> per chart, that at a 1400 px window no section, table or chart needs
# horizontal scrolling (measured in the browser, every <details> opened), and took a non-trivial
# screenshot. Exits 77 (CTest: skipped) when no Chromium is installed.
# Usage: tests/report_screenshot.sh [path/to/xpusim] [keep-dir]
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
flags="--headless --disable-gpu --no-sandbox --host-resolver-rules=MAP*~NOTFOUND --window-size=1400,900"
# shellcheck disable=SC2086
"$browser" $flags --dump-dom "file://$out/report/index.html" >"$out/dom.html" 2>/dev/null
svgs=$(grep -o '<svg' "$out/dom.html" | wc -l)
[ "$svgs" -ge 6 ] || { echo "FAIL: browser DOM holds $svgs <svg> elements, expected >= 6"; exit 1; }

# The report holds no script; a copy with one appended measures it. Every element wider than its
# box, or reaching past the window's right edge, is listed with its section.
probe="$out/report/probe.html"
sed 's|</body>|<script>\
document.querySelectorAll("details").forEach(function (d) { d.open = true; });\
var found = [], vw = document.documentElement.clientWidth;\
document.querySelectorAll("body, section, .scroll, table, svg, figure, nav").forEach(function (e) {\
  var s = e.closest("section"), where = (s ? s.id : "page") + " " + e.tagName.toLowerCase();\
  var wide = e.tagName == "svg" ? 0 : e.scrollWidth - e.clientWidth;\
  var past = e.getBoundingClientRect().right - vw;\
  if (wide > 1 \|\| past > 1) found.push(where + " +" + Math.round(Math.max(wide, past)) + "px");\
});\
var p = document.createElement("pre"); p.id = "overflow";\
p.textContent = "viewport " + vw + " px; overflow: " + (found.length ? found.join("; ") : "none");\
document.body.appendChild(p);\
</script></body>|' "$out/report/index.html" >"$probe"
# shellcheck disable=SC2086
"$browser" $flags --dump-dom "file://$probe" >"$out/probe_dom.html" 2>/dev/null
verdict=$(grep -o 'viewport [0-9]* px; overflow: [^<]*' "$out/probe_dom.html" || echo "no measurement")
case "$verdict" in
  *"overflow: none") ;;
  *) echo "FAIL: at 1400 px: $verdict"; exit 1 ;;
esac

# shellcheck disable=SC2086
"$browser" $flags --window-size=1400,6000 --screenshot="$out/index.png" \
  "file://$out/report/index.html" >/dev/null 2>&1
size=$(wc -c <"$out/index.png")
[ "$size" -gt 50000 ] || { echo "FAIL: screenshot is $size bytes"; exit 1; }
echo "ok: $svgs charts, $verdict, screenshot of $size bytes${2:+ in $out/index.png}"
