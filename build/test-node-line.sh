#!/usr/bin/env bash
# Runs the test suite on another Node line fetched from the npm registry (the `node` package
# brings the binary and its headers), e.g. `bash build/test-node-line.sh 24`. Electron's main
# process runs the Node it bundles, not the machine's, so CI covers the supported lines this way.
#
# better-sqlite3 is the one native module built per Node ABI (serialport's prebuilds and
# iced-x86's wasm are ABI-independent): it is rebuilt for the line from source with that line's
# headers, and the machine's own build is put back on exit, so node_modules stays usable.
set -euo pipefail
cd "$(dirname "$0")/.."

line="${1:?usage: test-node-line.sh MAJOR (e.g. 22)}"
cache="${NODE_LINES_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/hds-node-lines}/$line"
addon=node_modules/better-sqlite3/build/Release/better_sqlite3.node

echo "== Node $line: fetching node@$line from the npm registry into $cache"
mkdir -p "$cache"
npm install --prefix "$cache" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "node@$line" >/dev/null
bin="$cache/node_modules/.bin"
headers="$(find "$cache/node_modules" -path '*/include/node/node_version.h' -print -quit)"
[ -n "$headers" ] || { echo "node@$line brought no headers (include/node); cannot build better-sqlite3" >&2; exit 1; }
nodedir="$(dirname "$(dirname "$(dirname "$headers")")")"
echo "== Node $line: $("$bin/node" --version) ($bin/node)"

saved="$(mktemp)"
cp "$addon" "$saved"
restore() { cp "$saved" "$addon" && rm -f "$saved"; }
trap restore EXIT

echo "== Node $line: building better-sqlite3 for its ABI"
PATH="$bin:$PATH" npm_config_nodedir="$nodedir" npm rebuild better-sqlite3 --loglevel=error >/dev/null
PATH="$bin:$PATH" node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"

echo "== Node $line: test suite"
PATH="$bin:$PATH" npx vitest run
