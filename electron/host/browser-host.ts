// One call that brings up browser mode: session backend + StudioHost + HTTP/WebSocket server.
// Used by `hds start` when the Electron binary is missing, by the e2e tests and by the UI bench.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandOutcome } from '../../shared/ipc';
import type { SessionBackend } from './backend';
import { serveBrowserHost, type BrowserServer } from './browser-server';
import { RENDERER_DIST_DIR } from './paths';
import { PreferencesStore } from './preferences';
import type { SimEndpointOptions } from '../app/in-process-simulator';
import { createSessionBackend } from './session-backend';
import { StudioHost } from './studio-host';

export interface BrowserHostOptions {
  /** Connect to this endpoint right away (e.g. `sim`); without it the page's Connect pane decides. */
  endpoint?: string;
  signature?: string;
  /** 0 or absent picks a free port. */
  port?: number;
  /** Options of the in-process simulator used by the `sim` endpoint. */
  simOptions?: SimEndpointOptions;
  /** Built renderer folder; default dist/renderer. */
  rendererDir?: string;
  /** Settings/layouts/exports folder; default a fresh temporary folder (tests never touch the user's). */
  dataDir?: string;
  /** A ready backend instead of the session core (tests). */
  backend?: SessionBackend;
  /** Fixed token instead of a random one (tests). */
  token?: string;
}

export interface BrowserHostHandle {
  readonly url: string;
  readonly token: string;
  readonly host: StudioHost;
  /** Outcome of the connect to `options.endpoint` (null when none was given). */
  readonly connected: Promise<CommandOutcome> | null;
  /** Closes the session like `.debug close`, then the server. */
  close(): Promise<void>;
}

export async function startBrowserHost(options: BrowserHostOptions = {}): Promise<BrowserHostHandle> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'hds-browser-')));
  const exportFolder = join(dataDir, 'exports');
  const backend =
    options.backend ??
    createSessionBackend({
      simOptions: options.simOptions,
      // The session archive lives in the data folder (hds start: the user's; tests: a temporary one).
      logs: { folder: join(dataDir, 'sessions') },
    });
  let server: BrowserServer | undefined;
  const host = new StudioHost({
    backend,
    preferences: new PreferencesStore(dataDir),
    exportFolder,
    allowExportPaths: false,
    // Relative to the page (served at /), so it resolves against whatever host:port the browser used.
    exportDownloadUrl: (fileName) => server?.exportLink(fileName) ?? null,
    // Each socket lags on its own; only when every client lags does the batcher hold back and elide.
    batcher: { canSend: () => server === undefined || !server.allClientsLagging() },
  });
  try {
    server = await serveBrowserHost(host, {
      port: options.port ?? 0,
      rendererDir: options.rendererDir ?? RENDERER_DIST_DIR,
      exportFolder,
      token: options.token,
    });
  } catch (error) {
    await host.close();
    throw error;
  }
  // The handshake can take long (a debuggee that is not up yet); its progress reaches the page.
  const connected =
    options.endpoint === undefined
      ? null
      : host
          .invoke('session:connect', { endpoint: options.endpoint, signature: options.signature ?? null })
          .then((outcome): CommandOutcome =>
            outcome.ok ? (outcome.value as CommandOutcome) : { ok: false, message: outcome.error.message },
          );
  const running = server;
  return {
    url: running.url,
    token: running.token,
    host,
    connected,
    async close() {
      try {
        await host.close();
      } finally {
        await running.close();
      }
    },
  };
}
