#!/usr/bin/env bash
# Runs the test suite on another Node line fetched from the npm registry, e.g.
# `bash build/test-node-line.sh 22`. `npm test` runs on the project's own Node 24 (the `node`
# devDependency, first on the path of npm scripts), the line Electron bundles; CI covers the other
# supported lines (22 and 26) this way.
#
# Nothing is rebuilt: better-sqlite3 13 loads the same N-API binary in every Node line, serialport's
# prebuilds and iced-x86's wasm are ABI-independent too. vitest is started by that Node directly
# (not through npm or npx, which would put the project's Node 24 first on the path again), and the
# line's Node is first on the path for every process the tests spawn.
set -euo pipefail
cd "$(dirname "$0")/.."

line="${1:?usage: test-node-line.sh MAJOR (e.g. 22)}"
echo "== Node $line: fetching node@$line from the npm registry"
bin="$(bash build/node-line.sh "$line")"
echo "== Node $line: $("$bin/node" --version) ($bin/node)"
PATH="$bin:$PATH" node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"

echo "== Node $line: test suite"
PATH="$bin:$PATH" node node_modules/vitest/vitest.mjs run
