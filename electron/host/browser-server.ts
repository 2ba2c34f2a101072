// Browser mode: the renderer served over HTTP and the IPC contract over one WebSocket, on
// loopback only, guarded by a random per-run token. Security model:
// - binds 127.0.0.1 and rejects requests whose Host header is not ours (DNS rebinding);
// - the page URL carries the token; a valid page load sets an HttpOnly SameSite=Strict cookie so
//   the page's own assets load. Browsers send cookies to every port of a host, so any web server
//   on 127.0.0.1 receives that cookie: its name carries our port (two servers do not clobber each
//   other) and its value is a second secret that opens static files only, never the WebSocket;
// - the WebSocket needs the token in its URL (never a cookie) and, from a browser, an Origin
//   exactly equal to the page's own (scheme, host and port of the Host it connected to);
// - export downloads need a per-file key derived from the token, so the cookie alone cannot fetch them;
// - every call is validated by StudioHost against the contract, messages are size-capped;
// - each socket has its own back-pressure: a client that cannot keep up stops receiving session
//   batches (it re-reads the snapshot once it catches up) and is disconnected if it stays behind,
//   without slowing the other clients;
// - the renderer runs under the same strict CSP as in Electron.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { basename, join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  IPC_SOCKET_PATH,
  MAX_WIRE_MESSAGE,
  TOKEN_PARAM,
  WireInvoke,
  describeIssues,
  type WireFromHost,
} from '../../shared/ipc';
import { rendererContentSecurityPolicy } from './content-security';
import { contentTypeOf, readStaticFile, resolveStaticFile } from './static-files';
import type { StudioHost } from './studio-host';

const LOOPBACK = '127.0.0.1';
const PAGE_COOKIE_PREFIX = 'hds_page_';
const EXPORT_KEY_PARAM = 'key';
export const EXPORTS_PATH = '/exports/';
const EXPORT_FILE = /^hds-logs-[0-9A-Za-z-]+\.(?:jsonl|csv)$/;

/** When one socket counts as lagging, when it has caught up, and how long it may lag. */
export interface BackPressureLimits {
  /** Unsent bytes above which the socket stops receiving session batches. */
  readonly lagBytes: number;
  /** Unsent bytes below which a lagging socket is sent the newest batch again (and resynchronizes). */
  readonly caughtUpBytes: number;
  /** A socket still lagging after this long is disconnected (its tab says so and can reload). */
  readonly maxLagMs: number;
  /** How often lagging sockets are checked. */
  readonly checkEveryMs: number;
}

export const DEFAULT_BACK_PRESSURE: BackPressureLimits = {
  lagBytes: 8 * 1024 * 1024,
  caughtUpBytes: 1024 * 1024,
  maxLagMs: 30_000,
  checkEveryMs: 100,
};

/** Close code and reason a lagging socket is disconnected with (RFC 6455 1013: try again later). */
const LAGGING_CLOSE_CODE = 1013;

export interface BrowserServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** Folder of the built renderer (index.html + assets). */
  rendererDir: string;
  /** Folder `logs:export` writes to; its files are downloadable under /exports/. */
  exportFolder: string;
  /** Fixed token (tests); a random one otherwise. */
  token?: string;
  /** Per-socket back-pressure thresholds; defaults to DEFAULT_BACK_PRESSURE. */
  backPressure?: Partial<BackPressureLimits>;
}

export interface BrowserServer {
  readonly url: string;
  readonly token: string;
  readonly port: number;
  /** Sockets currently connected. */
  readonly clientCount: number;
  /** Sockets that are currently skipped for session batches because they lag behind. */
  readonly laggingCount: number;
  /** True when there are clients and every one of them lags (the batcher then holds back and elides). */
  allClientsLagging(): boolean;
  /** Relative download link (with its key) for a file in the export folder. */
  exportLink(fileName: string): string;
  close(): Promise<void>;
}

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function sameSecret(given: string | null | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(request: IncomingMessage, cookieName: string): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === cookieName) return value.join('=');
  }
  return null;
}

function exportKey(token: string, fileName: string): string {
  return createHmac('sha256', token).update(`export:${fileName}`).digest('base64url').slice(0, 32);
}

function reply(
  response: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    ...headers,
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  response.end(text + '\n');
}

export async function serveBrowserHost(
  host: StudioHost,
  options: BrowserServerOptions,
): Promise<BrowserServer> {
  const token = options.token ?? newToken();
  const pageSecret = newToken();
  const limits: BackPressureLimits = { ...DEFAULT_BACK_PRESSURE, ...options.backPressure };
  const sockets = new Set<WebSocket>();
  /** Lagging sockets: since when, and the newest batch they missed (sent again once they catch up). */
  const lagging = new Map<WebSocket, { since: number; missed: string | undefined }>();
  let port = 0;
  const pageCookie = (): string => `${PAGE_COOKIE_PREFIX}${port}`;
  const allowedHosts = (): string[] => [`${LOOPBACK}:${port}`, `localhost:${port}`];

  const securityHeaders = (): Record<string, string> => ({
    'Content-Security-Policy': rendererContentSecurityPolicy(
      `ws://${LOOPBACK}:${port} ws://localhost:${port}`,
    ),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
  });

  async function handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!allowedHosts().includes(request.headers.host ?? '')) {
      reply(response, 403, 'hds: unexpected Host header; open the URL printed by `hds start`');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      reply(response, 405, 'hds: only GET is served');
      return;
    }
    const url = new URL(request.url ?? '/', `http://${LOOPBACK}:${port}`);
    const queryToken = url.searchParams.get(TOKEN_PARAM);
    const fromQuery = sameSecret(queryToken, token);
    if (!fromQuery && !sameSecret(cookieValue(request, pageCookie()), pageSecret)) {
      reply(
        response,
        403,
        'hds: wrong or missing token; open the exact URL `hds start` printed (it changes every run)',
      );
      return;
    }
    const headers: Record<string, string> = securityHeaders();
    if (fromQuery) headers['Set-Cookie'] = `${pageCookie()}=${pageSecret}; HttpOnly; SameSite=Strict; Path=/`;

    if (url.pathname.startsWith(EXPORTS_PATH)) {
      const name = basename(decodeURIComponent(url.pathname.slice(EXPORTS_PATH.length)));
      if (
        !EXPORT_FILE.test(name) ||
        !sameSecret(url.searchParams.get(EXPORT_KEY_PARAM), exportKey(token, name))
      ) {
        reply(response, 404, 'hds: no such export', headers);
        return;
      }
      try {
        const body = await readStaticFile(join(options.exportFolder, name));
        response.writeHead(200, {
          ...headers,
          'Content-Type': name.endsWith('.csv')
            ? 'text/csv; charset=utf-8'
            : 'application/x-ndjson; charset=utf-8',
          'Content-Disposition': `attachment; filename="${name}"`,
        });
        response.end(request.method === 'HEAD' ? undefined : body);
      } catch {
        reply(response, 404, 'hds: no such export', headers);
      }
      return;
    }

    const file = await resolveStaticFile(options.rendererDir, url.pathname);
    if (file === null) {
      if (url.pathname === '/' || url.pathname === '/index.html') {
        reply(
          response,
          503,
          `hds: the renderer is not built (no ${join(options.rendererDir, 'index.html')}); run \`npx vite build\` or \`hds start\`, which builds it`,
          // An authenticated visit still gets its cookie: exports and the socket do not need the page.
          headers,
        );
      } else {
        reply(response, 404, 'hds: not found', headers);
      }
      return;
    }
    const body = await readStaticFile(file);
    headers['Content-Type'] = contentTypeOf(file);
    headers['Cache-Control'] = file.endsWith('.html') ? 'no-store' : 'max-age=3600';
    response.writeHead(200, headers);
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  const server = createServer((request, response) => {
    handleHttp(request, response).catch((error: unknown) => {
      if (!response.headersSent)
        reply(response, 500, `hds: ${error instanceof Error ? error.message : String(error)}`);
      else response.destroy();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WIRE_MESSAGE });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', `http://${LOOPBACK}:${port}`);
    const origin = request.headers.origin;
    const refuse = (status: string): void => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const hostHeader = request.headers.host ?? '';
    if (url.pathname !== IPC_SOCKET_PATH) return refuse('404 Not Found');
    if (!allowedHosts().includes(hostHeader)) return refuse('403 Forbidden');
    // Browsers always send Origin; it must be the page's own origin on the host it connected to.
    // Non-browser clients (tests, tools) send none and are held to the token alone.
    if (origin !== undefined && origin !== `http://${hostHeader}`) return refuse('403 Forbidden');
    if (!sameSecret(url.searchParams.get(TOKEN_PARAM), token)) return refuse('403 Forbidden');
    wss.handleUpgrade(request, socket, head, (ws) => attach(ws));
  });

  const send = (ws: WebSocket, message: WireFromHost): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };

  const forget = (ws: WebSocket): void => {
    sockets.delete(ws);
    lagging.delete(ws);
  };

  function attach(ws: WebSocket): void {
    sockets.add(ws);
    ws.on('close', () => forget(ws));
    ws.on('error', () => forget(ws));
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        ws.close(1003, 'text JSON messages only');
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(data.toString());
      } catch {
        ws.close(1007, 'not JSON');
        return;
      }
      const call = WireInvoke.safeParse(json);
      if (!call.success) {
        // Without a usable id nothing can be answered; a correct client never sends this.
        ws.close(1008, `not an invoke message: ${describeIssues(call.error)}`.slice(0, 120));
        return;
      }
      const { id, channel, payload } = call.data;
      void host.invoke(channel, payload).then((outcome) => send(ws, { type: 'result', id, outcome }));
    });
  }

  /** Session batches skip a lagging socket; everything else (results, UI actions) is small and always sent. */
  const removePushListener = host.onPush((channel, payload) => {
    if (sockets.size === 0) return;
    const text = JSON.stringify({ type: 'push', channel, payload } satisfies WireFromHost);
    const now = performance.now();
    for (const ws of sockets) {
      if (ws.readyState !== ws.OPEN) continue;
      if (channel === 'session:batch') {
        const behind = lagging.get(ws);
        if (behind) {
          behind.missed = text;
          continue;
        }
        if (ws.bufferedAmount > limits.lagBytes) {
          lagging.set(ws, { since: now, missed: text });
          continue;
        }
      }
      ws.send(text);
    }
  });

  /** Sends a caught-up socket the newest batch it missed (its sequence gap makes it re-read the snapshot). */
  const checkLagging = setInterval(() => {
    const now = performance.now();
    for (const [ws, behind] of lagging) {
      if (ws.bufferedAmount <= limits.caughtUpBytes) {
        lagging.delete(ws);
        if (behind.missed !== undefined && ws.readyState === ws.OPEN) ws.send(behind.missed);
      } else if (now - behind.since > limits.maxLagMs) {
        forget(ws);
        // The close frame waits behind the unread data; a peer that still does not read is cut off.
        ws.close(LAGGING_CLOSE_CODE, 'this tab fell too far behind the session; reload it');
        setTimeout(() => ws.terminate(), 1000).unref();
      }
    }
  }, limits.checkEveryMs);
  checkLagging.unref();

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, LOOPBACK, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://${LOOPBACK}:${port}/?${TOKEN_PARAM}=${token}`,
    token,
    port,
    get clientCount() {
      return sockets.size;
    },
    get laggingCount() {
      return lagging.size;
    },
    allClientsLagging: () => sockets.size > 0 && lagging.size >= sockets.size,
    exportLink: (fileName) =>
      `${EXPORTS_PATH.slice(1)}${encodeURIComponent(fileName)}?${EXPORT_KEY_PARAM}=${exportKey(token, fileName)}`,
    async close() {
      clearInterval(checkLagging);
      removePushListener();
      for (const ws of sockets) ws.terminate();
      wss.close();
      const closed = new Promise<void>((resolveClose) => server.close(() => resolveClose()));
      server.closeAllConnections();
      await closed;
    },
  };
}
