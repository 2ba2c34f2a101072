// `hds start` (what `npm start` runs): the Electron window when its binary is installed, else the
// same UI in browser mode on loopback. With no endpoint it connects to the built-in simulator.
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliCommand } from '../main';
import { startBrowserHost, type BrowserHostHandle } from '../../host/browser-host';
import {
  browserModeNotice,
  downloadElectronBinary,
  findElectronBinary,
  type ElectronBinary,
} from '../../host/electron-binary';
import { PROJECT_ROOT, userDataFolder } from '../../host/paths';
import { buildRenderer, newestModification, rendererBuildReason } from '../../host/renderer-build';
import { parseStartOptions, START_USAGE, type StartOptions } from '../../host/start-options';
import { describeSystemError } from '../../transport/system-errors';
import { isSimulatorEndpoint } from '../../app/connect';

const MAIN_BUNDLE = join(PROJECT_ROOT, 'dist', 'electron', 'main.cjs');
/** How long the browser launcher file (which holds the token) stays on disk. */
const LAUNCHER_LIFETIME_MS = 60_000;

function say(text: string): void {
  process.stdout.write(text + '\n');
}

async function ensureRenderer(): Promise<boolean> {
  const reason = rendererBuildReason();
  if (reason === null) return true;
  say(`hds: building the renderer (${reason})…`);
  const code = await buildRenderer();
  if (code !== 0) {
    process.stderr.write(
      'hds: the renderer build failed (see above); fix it or run `npx vite build` to see the errors\n',
    );
    return false;
  }
  return true;
}

/** Rebuilds dist/electron when missing or older than electron/ and shared/. */
async function ensureMainBundle(): Promise<void> {
  const newestSource = Math.max(
    newestModification(join(PROJECT_ROOT, 'electron')),
    newestModification(join(PROJECT_ROOT, 'shared')),
  );
  if (existsSync(MAIN_BUNDLE) && statSync(MAIN_BUNDLE).mtimeMs >= newestSource) return;
  say('hds: bundling the Electron main process…');
  const { buildMain } = await import('../../../build/build-main');
  await buildMain();
}

function passThroughFlags(options: StartOptions): string[] {
  const flags = ['--endpoint', options.endpoint];
  if (options.signature !== null) flags.push('--signature', options.signature);
  return flags;
}

async function runElectron(binary: string, options: StartOptions): Promise<number> {
  await ensureMainBundle();
  say('hds: opening the HyperDbg Studio window…');
  return new Promise((resolve) => {
    const child = spawn(binary, [PROJECT_ROOT, ...passThroughFlags(options)], { stdio: 'inherit' });
    child.on('error', (error) => {
      process.stderr.write(`hds: could not run Electron (${error.message})\n`);
      resolve(1);
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

/**
 * Opens the page without putting its token on a command line (`ps` shows every user's command
 * lines): the browser is given a private launcher file (mode 0600 in a 0700 folder) that forwards
 * to the URL, and the file is deleted once the browser had time to read it.
 */
async function openInBrowser(url: string): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), 'hds-open-'));
  const launcher = join(folder, 'open-hyperdbg-studio.html');
  const target = url.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
  await writeFile(
    launcher,
    `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${target}">` +
      `<title>HyperDbg Studio</title><a href="${target}">Open HyperDbg Studio</a>\n`,
    { mode: 0o600 },
  );
  setTimeout(() => void rm(folder, { recursive: true, force: true }), LAUNCHER_LIFETIME_MS).unref();
  const [command, args] =
    process.platform === 'win32'
      ? ['cmd', ['/c', 'start', '""', launcher]]
      : process.platform === 'darwin'
        ? ['open', [launcher]]
        : ['xdg-open', [launcher]];
  const child = spawn(command, args as string[], { stdio: 'ignore', detached: true });
  child.on('error', () => say('hds: could not open a browser; open the URL above yourself'));
  child.unref();
}

async function runBrowserMode(options: StartOptions): Promise<number> {
  const handle = await startBrowserHost({
    endpoint: options.endpoint,
    signature: options.signature ?? undefined,
    port: options.port,
    dataDir: userDataFolder(),
  });
  if (options.smoke) return smokeTest(handle);
  say(`hds: HyperDbg Studio (browser mode) is at\n\n    ${handle.url}\n`);
  say(
    `hds: link: ${options.endpoint}${isSimulatorEndpoint(options.endpoint) ? ' (the built-in simulated debuggee)' : ''}; press Ctrl+C to close the session and stop`,
  );
  if (options.open) {
    await openInBrowser(handle.url).catch((error: unknown) =>
      say(
        `hds: could not open a browser (${describeSystemError(error) ?? String(error)}); open the URL above yourself`,
      ),
    );
  }
  void handle.connected?.then((outcome) =>
    say(
      outcome.ok
        ? `hds: connected to ${options.endpoint}`
        : `hds: could not connect to ${options.endpoint}: ${outcome.message}`,
    ),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  say('hds: closing the session (.debug close)…');
  await handle.close();
  return 0;
}

/** `--smoke`: the page is served and the session connects; then everything closes again. */
async function smokeTest(handle: BrowserHostHandle): Promise<number> {
  const failures: string[] = [];
  try {
    const page = await fetch(handle.url, { signal: AbortSignal.timeout(30_000) });
    const body = await page.text();
    if (page.status !== 200 || !body.includes('<div id="root">'))
      failures.push(`the page answered ${page.status} without the app's root element`);
  } catch (error) {
    failures.push(
      `the page could not be fetched (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const outcome = await handle.connected;
  if (outcome && !outcome.ok) failures.push(`the session did not connect: ${outcome.message}`);
  await handle.close();
  if (failures.length > 0) {
    process.stderr.write(`hds: smoke test failed: ${failures.join('; ')}\n`);
    return 1;
  }
  say(
    `hds: smoke test passed: browser mode served ${new URL(handle.url).origin} and connected to the debuggee`,
  );
  return 0;
}

/** How long a first start waits for the Electron download (about 100 MB) before serving browser mode. */
function downloadTimeoutMs(): number {
  const seconds = Number(process.env.HDS_ELECTRON_DOWNLOAD_TIMEOUT_S);
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : 180) * 1000;
}

/** The binary, downloaded first when the package is installed without it (Electron 42 and later). */
async function fetchElectronOnFirstStart(): Promise<ElectronBinary> {
  const electron = findElectronBinary();
  if (electron.found || !electron.installer) return electron;
  const timeoutMs = downloadTimeoutMs();
  say(`hds: first start: downloading the Electron binary (about 100 MB, at most ${timeoutMs / 1000} s)...`);
  const outcome = await downloadElectronBinary(electron.installer, timeoutMs);
  if (outcome.ok) return findElectronBinary();
  return { ...electron, reason: `the Electron binary could not be downloaded (${outcome.reason})` };
}

export const command: CliCommand = {
  summary: 'open HyperDbg Studio (Electron window; browser mode when the Electron binary is missing)',
  async run(args) {
    if (args.includes('--help') || args.includes('-h')) {
      process.stdout.write(START_USAGE);
      return 0;
    }
    const parsed = parseStartOptions(args);
    if (!parsed.ok) {
      process.stderr.write(parsed.error + '\n');
      return 1;
    }
    const options = parsed.options;
    if (!(await ensureRenderer())) return 1;
    const electron = options.browser ? findElectronBinary() : await fetchElectronOnFirstStart();
    if (electron.found && !options.browser) {
      if (options.smoke) {
        say(`hds: smoke test: the Electron window would open with ${electron.path}`);
        return 0;
      }
      return runElectron(electron.path, options);
    }
    if (!electron.found) say(browserModeNotice(electron));
    return runBrowserMode(options);
  },
};
