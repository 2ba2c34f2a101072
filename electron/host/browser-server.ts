// Browser mode: the renderer served over HTTP and the IPC contract over one WebSocket, on
// loopback only, guarded by a random per-run token. Security model:
// - binds 127.0.0.1 and rejects requests whose Host header is not ours (DNS rebinding);
// - the page URL carries the token; a valid page load sets it as an HttpOnly SameSite=Strict
//   cookie so the page's own assets load, everything else without it gets 403;
// - the WebSocket needs the token in its URL and an Origin equal to ours (no cross-site sockets);
// - every call is validated by StudioHost against the contract, messages are size-capped;
// - the renderer runs under the same strict CSP as in Electron.
import { randomBytes, timingSafeEqual } from 'node:crypto';
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
const TOKEN_COOKIE = 'hds_token';
/** Unsent bytes per socket above which the batcher holds batches back (live tail gets elided). */
export const SOCKET_CONGESTION_BYTES = 8 * 1024 * 1024;
export const EXPORTS_PATH = '/exports/';
const EXPORT_FILE = /^hds-logs-[0-9A-Za-z-]+\.(?:jsonl|csv)$/;

export interface BrowserServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** Folder of the built renderer (index.html + assets). */
  rendererDir: string;
  /** Folder `logs:export` writes to; its files are downloadable under /exports/. */
  exportFolder: string;
  /** Fixed token (tests); a random one otherwise. */
  token?: string;
}

export interface BrowserServer {
  readonly url: string;
  readonly token: string;
  readonly port: number;
  /** Sockets currently connected. */
  readonly clientCount: number;
  /** True when any socket has more unsent data than SOCKET_CONGESTION_BYTES. */
  congested(): boolean;
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

function cookieToken(request: IncomingMessage): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return value.join('=');
  }
  return null;
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
  const sockets = new Set<WebSocket>();
  let port = 0;
  const allowedHosts = (): string[] => [`${LOOPBACK}:${port}`, `localhost:${port}`];
  const ownOrigins = (): string[] => allowedHosts().map((h) => `http://${h}`);

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
    if (!fromQuery && !sameSecret(cookieToken(request), token)) {
      reply(
        response,
        403,
        'hds: wrong or missing token; open the exact URL `hds start` printed (it changes every run)',
      );
      return;
    }
    const headers: Record<string, string> = securityHeaders();
    if (fromQuery) headers['Set-Cookie'] = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;

    if (url.pathname.startsWith(EXPORTS_PATH)) {
      const name = basename(url.pathname.slice(EXPORTS_PATH.length));
      if (!EXPORT_FILE.test(name)) {
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
    if (url.pathname !== IPC_SOCKET_PATH) return refuse('404 Not Found');
    if (!allowedHosts().includes(request.headers.host ?? '')) return refuse('403 Forbidden');
    if (origin !== undefined && !ownOrigins().includes(origin)) return refuse('403 Forbidden');
    if (!sameSecret(url.searchParams.get(TOKEN_PARAM), token)) return refuse('403 Forbidden');
    wss.handleUpgrade(request, socket, head, (ws) => attach(ws));
  });

  const send = (ws: WebSocket, message: WireFromHost): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };

  function attach(ws: WebSocket): void {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('error', () => sockets.delete(ws));
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

  const removePushListener = host.onPush((channel, payload) => {
    if (sockets.size === 0) return;
    const text = JSON.stringify({ type: 'push', channel, payload } satisfies WireFromHost);
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });

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
    congested: () => [...sockets].some((ws) => ws.bufferedAmount > SOCKET_CONGESTION_BYTES),
    async close() {
      removePushListener();
      for (const ws of sockets) ws.terminate();
      wss.close();
      const closed = new Promise<void>((resolveClose) => server.close(() => resolveClose()));
      server.closeAllConnections();
      await closed;
    },
  };
}
