#!/usr/bin/env bash
# Runs the test suite on another Node line fetched from the npm registry (the `node` package
# brings the binary), e.g. `bash build/test-node-line.sh 22`. `npm test` runs on the project's own
# Node 24 (the `node` devDependency, first on the path of npm scripts), the line Electron (41 and later) bundles;
# CI covers the other supported line this way.
#
# Nothing is rebuilt: better-sqlite3 13 loads the same N-API binary in every Node line, serialport's
# prebuilds and iced-x86's wasm are ABI-independent too. vitest is started by that Node directly
# (not through npm or npx, which would put the project's Node 24 first on the path again), and the
# line's Node is first on the path for every process the tests spawn.
set -euo pipefail
cd "$(dirname "$0")/.."

line="${1:?usage: test-node-line.sh MAJOR (e.g. 22)}"
cache="${NODE_LINES_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/hds-node-lines}/$line"

echo "== Node $line: fetching node@$line from the npm registry into $cache"
mkdir -p "$cache"
npm install --prefix "$cache" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "node@$line" >/dev/null
bin="$cache/node_modules/.bin"
echo "== Node $line: $("$bin/node" --version) ($bin/node)"
PATH="$bin:$PATH" node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"

echo "== Node $line: test suite"
PATH="$bin:$PATH" node node_modules/vitest/vitest.mjs run
