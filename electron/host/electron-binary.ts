// Finding, and on a first start fetching, the Electron binary. Since Electron 42 the `electron`
// package downloads nothing when npm installs it: the binary comes on first use, from the package's
// install.js. Requiring the package would start that download synchronously and unbounded (a
// blocked proxy stalls for minutes), so the binary is looked up here without loading the package,
// and the download runs as a child process with a time bound. When the package is absent (npm
// leaves the optional dependency out under a Node older than Electron's engines) or the download
// fails, `hds start` serves browser mode and says how to get the window.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ElectronBinary =
  | { found: true; path: string }
  /**
   * `reason`: why there is no window; `remedy`: the command that brings it; `installer`: the
   * package's install.js when the package is there and only its binary is missing.
   */
  | { found: false; reason: string; remedy: string; installer?: string };

const DOWNLOAD_HINT = 'where github.com is reachable, or with ELECTRON_MIRROR set to a mirror';

export function findElectronBinary(
  resolve: (id: string) => string = createRequire(import.meta.url).resolve,
): ElectronBinary {
  let manifest: string;
  try {
    manifest = resolve('electron/package.json');
  } catch {
    return {
      found: false,
      reason:
        'the optional electron package is not installed (npm leaves it out when the Node that runs npm is older than 22.12)',
      remedy: 'run `npm install electron` with Node 22.12 or later',
    };
  }
  const packageDir = dirname(manifest);
  const binary = binaryPath(packageDir);
  if (binary && existsSync(binary)) return { found: true, path: binary };
  return {
    found: false,
    reason: 'node_modules/electron has no binary yet (Electron fetches it on its first start)',
    remedy: `run \`npx install-electron\` ${DOWNLOAD_HINT}`,
    installer: join(packageDir, 'install.js'),
  };
}

/** The executable the package's installer recorded in path.txt, under its dist folder. */
function binaryPath(packageDir: string): string | undefined {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH)
    return join(process.env.ELECTRON_OVERRIDE_DIST_PATH, 'electron');
  try {
    const relative = readFileSync(join(packageDir, 'path.txt'), 'utf8').trim();
    return relative ? join(packageDir, 'dist', relative) : undefined;
  } catch {
    return undefined;
  }
}

export type DownloadOutcome = { ok: true } | { ok: false; reason: string };

/**
 * Runs the package's installer (it downloads, checks the checksum and unpacks the binary), killed
 * after `timeoutMs`. The reason of a failure is the installer's last meaningful line of output.
 */
export function downloadElectronBinary(installer: string, timeoutMs: number): Promise<DownloadOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [installer], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-4096);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, reason: error.message });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ ok: true });
      else if (signal === 'SIGKILL')
        resolve({ ok: false, reason: `it did not finish within ${timeoutMs / 1000} s` });
      else
        resolve({
          ok: false,
          reason: describeFailure(lastErrorLine(output) ?? `the installer exited with ${code}`),
        });
    });
  });
}

/** Node's fetch reports an unreachable server only as "fetch failed": say what that means. */
function describeFailure(line: string): string {
  return /^TypeError: fetch failed$/.test(line) ? `the download server could not be reached: ${line}` : line;
}

/** The line that says what went wrong: an `Error:` line if there is one, else the last line. */
function lastErrorLine(output: string): string | undefined {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('at '));
  return lines.findLast((line) => /error/i.test(line)) ?? lines.at(-1);
}

/** The one line `hds start` prints before serving browser mode instead of the window. */
export function browserModeNotice(missing: { reason: string; remedy: string }): string {
  return `hds: no Electron window: ${missing.reason}; serving browser mode instead (for the window, ${missing.remedy})`;
}
