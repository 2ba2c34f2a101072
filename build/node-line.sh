#!/usr/bin/env bash
# Fetches a Node line from the npm registry (the `node` package brings the binary) into a cache
# folder and prints the folder holding its `node`, e.g. `bin="$(bash build/node-line.sh 22)"`.
# CI uses it to run npm itself on a supported Node and to test the other supported line.
set -euo pipefail

line="${1:?usage: node-line.sh MAJOR (e.g. 22)}"
cache="${NODE_LINES_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/hds-node-lines}/$line"
mkdir -p "$cache"
npm install --prefix "$cache" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "node@$line" >/dev/null
"$cache/node_modules/.bin/node" --version >/dev/null
echo "$cache/node_modules/.bin"
