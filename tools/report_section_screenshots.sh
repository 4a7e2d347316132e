#!/bin/sh
# SPDX-License-Identifier: MIT
# PNG screenshots of sections of a written report, as a reader sees them in a 1400 px window:
# for each section id, a copy of index.html that shows only that section is rendered in headless
# Chromium (network blocked) and the first 1400 x HEIGHT px are kept.
# Usage: tools/report_section_screenshots.sh REPORT_DIR OUT_DIR HEIGHT ID...
set -eu
report=$1 out=$2 height=$3
shift 3
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "no chromium on PATH"; exit 77; }
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for id in "$@"; do
  sed "s|</style>|body>:not(#$id){display:none}</style>|" "$report/index.html" >"$tmp/$id.html"
  "$browser" --headless --disable-gpu --no-sandbox --hide-scrollbars \
    --host-resolver-rules="MAP * ~NOTFOUND" --window-size="1400,$height" \
    --screenshot="$out/$id.png" "file://$tmp/$id.html" >/dev/null 2>&1
  echo "$out/$id.png: $(wc -c <"$out/$id.png") bytes"
done
