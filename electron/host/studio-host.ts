// The main-process side of the IPC contract, independent of how messages travel. Electron's
// `main-ipc.ts` and the browser-mode server both hand every call to `StudioHost.invoke`, which
// validates it, runs it against the session backend and validates the answer; session changes
// come back through one `SessionBatcher`, so every window/tab sees the same batches.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  checkRequest,
  checkResponse,
  type InvokeOutcome,
  type PushChannel,
  type PushOf,
  type RequestChannel,
  type RequestOf,
  type ResponseOf,
  type UiAction,
} from '../../shared/ipc';
import type { LogCallControl, SessionBackend } from './backend';
import { SessionBatcher, type BatcherOptions } from './batcher';
import type { PreferencesStore } from './preferences';
import { isSimulatorEndpoint } from '../app/connect';
import { Emitter } from '../../shared/events/emitter';

export interface StudioHostOptions {
  backend: SessionBackend;
  preferences: PreferencesStore;
  /** Where `logs:export` writes when the call gives no path. */
  exportFolder: string;
  /**
   * Whether a call may name the file to export to. True in Electron (the path comes from the save
   * dialog); false in browser mode, where a page must not choose files on the host.
   */
  allowExportPaths: boolean;
  /** Asks the user for an export file (Electron's save dialog); absent in browser mode. */
  chooseExportPath?: (format: 'jsonl' | 'csv') => Promise<string | null>;
  /** Download URL of a file in the export folder (browser mode), or null. */
  exportDownloadUrl?: (fileName: string) => string | null;
  batcher?: Partial<BatcherOptions>;
  /** Longest `close` (quit) waits for a clean `.debug close` before ending the session here. */
  closeBoundMs?: number;
}

/**
 * Quit's bound: the session's own close takes at most 6 s (break-in 3 s, close frames) plus 2 s
 * for the transport; the rest is for the log store folding its write-ahead log into the file.
 */
export const QUIT_CLOSE_BOUND_MS = 10_000;

/** Matches the contract's cap on `Settings.recentConnections`. */
const MAX_RECENT_CONNECTIONS = 20;

type PushListener = <C extends PushChannel>(channel: C, payload: PushOf<C>) => void;
/** One pushed message; its receivers relay every channel to a window or socket, so there is one event. */
type PushMessage = { [C in PushChannel]: { channel: C; payload: PushOf<C> } }[PushChannel];
type Handlers = { [C in RequestChannel]: (request: RequestOf<C>) => Promise<ResponseOf<C>> };

export class StudioHost {
  private readonly pushes = new Emitter<{ push: PushMessage }>();
  private readonly batcher: SessionBatcher;
  private readonly unsubscribeBackend: () => void;
  private readonly handlers: Handlers;
  /** Logs calls that carry a request id, so `logs:cancel` can stop them. */
  private readonly running = new Map<number, AbortController>();
  private closed = false;

  constructor(private readonly options: StudioHostOptions) {
    this.batcher = new SessionBatcher(
      (batch) => this.pushes.emit('push', { channel: 'session:batch', payload: batch }),
      options.batcher,
    );
    const batcher = this.batcher;
    this.unsubscribeBackend = options.backend.subscribe({
      state: (state) => batcher.setState(state),
      paused: (context) => batcher.setPaused(context),
      handshake: (status) => batcher.setHandshake(status),
      console: (chunk) => batcher.appendConsole(chunk),
      log: (entry) => batcher.appendLog(entry),
      logCounts: (counts) => batcher.setLogCounts(counts),
      events: (update) => batcher.updateEvents(update),
      pools: (update) => batcher.setPools(update),
      breakpoints: (rows) => batcher.setBreakpoints(rows),
      cores: (rows) => batcher.setCores(rows),
      link: (stats) => batcher.setLink(stats),
    });
    this.handlers = this.createHandlers();
  }

  /** Validates and runs one call. Never throws: failures come back as an `InvokeOutcome`. */
  async invoke(channel: unknown, payload: unknown): Promise<InvokeOutcome> {
    const checked = checkRequest(channel, payload);
    if (!checked.ok) return { ok: false, error: checked.error };
    const { channel: name, request } = checked.value;
    let value: unknown;
    try {
      const handler = this.handlers[name] as (request: unknown) => Promise<unknown>;
      value = await handler(request);
    } catch (error) {
      return { ok: false, error: { code: 'failed', message: errorMessage(error), channel: name } };
    }
    const response = checkResponse(name, value);
    if (!response.ok) {
      // A bug on our side: say it loudly in the main process too, not only in the renderer.
      process.stderr.write(`hds: ${response.error.message}\n`);
      return { ok: false, error: response.error };
    }
    return { ok: true, value: response.value };
  }

  /** Adds a receiver of pushed channels (one per window or browser tab). */
  onPush(listener: PushListener): () => void {
    return this.pushes.on('push', ({ channel, payload }) => listener(channel, payload));
  }

  /** Routes a menu item or shortcut of the Electron shell to the renderer. */
  sendUiAction(action: UiAction['action']): void {
    this.pushes.emit('push', { channel: 'ui:action', payload: { action } });
  }

  /** Sends pending updates now (tests, and before closing). */
  flush(): void {
    this.batcher.flush();
  }

  /**
   * Closes the session like `.debug close` and stops batching. Safe to call twice. Never hangs:
   * the session sends the close request only when the link can take it (a halted debuggee, or a
   * running one that breaks in within its bound; nothing on a lost or handshaking link), and when
   * even that does not finish within `closeBoundMs` the session is ended here without waiting.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const { backend } = this.options;
    const boundMs = this.options.closeBoundMs ?? QUIT_CLOSE_BOUND_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), boundMs);
    });
    try {
      const outcome = await Promise.race([backend.disconnect(), timedOut]);
      if (outcome === 'timeout') {
        this.batcher.appendConsole({
          stream: 'error',
          text: `the session did not close within ${boundMs / 1000} s; it was ended here without waiting for the debuggee\n`,
        });
        await backend.forceDisconnect();
      }
    } finally {
      clearTimeout(timer);
      this.batcher.flush();
      this.batcher.dispose();
      this.unsubscribeBackend();
    }
  }

  private createHandlers(): Handlers {
    const { backend, preferences } = this.options;
    return {
      'ports:list': async () => ({ ports: await backend.listSerialPorts() }),
      'session:connect': ({ endpoint, signature }) => this.connect(endpoint, signature),
      'session:detect-signature': async ({ folder }) => ({
        candidates: await backend.detectSignature(folder),
      }),
      'session:disconnect': () => backend.disconnect(),
      'session:force-disconnect': () => backend.forceDisconnect(),
      'session:snapshot': async () => backend.snapshot(),
      'console:execute': ({ text }) => backend.execute(text),
      'debug:pause': () => backend.pause(),
      'debug:run': ({ action }) => backend.run(action),
      'debug:callstack': async () => ({ frames: await backend.callStack() }),
      'debug:disassemble': async ({ address, count, before }) => ({
        lines: await backend.disassemble(address, count, before ?? 0),
      }),
      'expr:evaluate': ({ text }) => backend.evaluate(text),
      'symbols:describe': async ({ addresses }) => ({ names: await backend.describeAddresses(addresses) }),
      'symbols:complete': ({ prefix, limit }) => backend.completeSymbols(prefix, limit),
      'memory:read': ({ kind, address, length }) => backend.readMemory(kind, address, length),
      'memory:write': ({ kind, address, bytes }) => backend.writeMemory(kind, address, bytes),
      'registers:write': ({ name, value }) => backend.writeRegister(name, value),
      'registers:read': async ({ names }) => ({ registers: await backend.readRegisters(names) }),
      'debug:processes': async () => ({ processes: await backend.processes() }),
      'debug:threads': async () => ({ threads: await backend.threads() }),
      'logs:query': ({ session, filter, afterId, beforeId, limit, requestId }) =>
        this.logsCall(requestId, async (control) => ({
          entries: await backend.queryLogs(
            session,
            filter,
            { ...(afterId !== null ? { afterId } : {}), ...(beforeId !== null ? { beforeId } : {}), limit },
            control,
          ),
        })),
      'logs:count': ({ session, filter, requestId }) =>
        this.logsCall(requestId, async (control) => ({
          total: await backend.countLogs(session, filter, control),
        })),
      'logs:cancel': async ({ requestId }) => {
        this.running.get(requestId)?.abort();
        return {};
      },
      'logs:export': (request) =>
        this.logsCall(request.requestId, (control) => this.exportLogs(request, control)),
      'logs:choose-export-path': async ({ format }) => {
        const choose = this.options.chooseExportPath;
        return choose ? { path: await choose(format), available: true } : { path: null, available: false };
      },
      'logs:sessions': () => backend.listLogSessions(),
      'logs:delete-session': async ({ session }) => {
        await backend.deleteLogSession(session);
        return {};
      },
      'events:modify': ({ action, tag }) => backend.modifyEvents(action, tag),
      'pool:refresh': () => backend.refreshPools(),
      'pool:forecast': async ({ commandText }) => ({ warnings: await backend.forecastEvent(commandText) }),
      'pool:prealloc': ({ type, count }) => backend.prealloc(type, count),
      'settings:get': () => preferences.getSettings(),
      'settings:set': async ({ patch }) => {
        const settings = await preferences.updateSettings(patch);
        // New symbol settings apply at once: the session's resolver re-reads its modules' PDBs.
        if (patch.symbolPath !== undefined || patch.symbolDownload !== undefined)
          backend.configureSymbols(settings.symbolPath, settings.symbolDownload);
        // New retention limits apply to the archive at once, and to the next session's floor.
        if (patch.logRetention !== undefined) await backend.configureLogRetention(settings.logRetention);
        return settings;
      },
    };
  }

  /**
   * Connects with the given signature, else the configured default (the simulator needs none),
   * and with the configured symbol path; a successful link goes to the top of the recent connections.
   */
  private async connect(endpoint: string, signature: string | null): Promise<ResponseOf<'session:connect'>> {
    const { backend, preferences } = this.options;
    const settings = await preferences.getSettings();
    const effective = signature ?? (isSimulatorEndpoint(endpoint) ? null : settings.defaultSignature);
    backend.configureSymbols(settings.symbolPath, settings.symbolDownload);
    await backend.configureLogRetention(settings.logRetention);
    const outcome = await backend.connect(endpoint, effective);
    if (outcome.ok) {
      const recent = [
        { endpoint, signature: effective, lastUsed: Date.now() },
        ...settings.recentConnections.filter((entry) => entry.endpoint !== endpoint),
      ].slice(0, MAX_RECENT_CONNECTIONS);
      await preferences.updateSettings({ recentConnections: recent }).catch(() => undefined);
    }
    return outcome;
  }

  /** Runs a logs call; with a request id it reports progress and can be cancelled. */
  private async logsCall<T>(
    requestId: number | null,
    run: (control: LogCallControl) => Promise<T>,
  ): Promise<T> {
    if (requestId === null) return run({});
    const controller = new AbortController();
    this.running.get(requestId)?.abort();
    this.running.set(requestId, controller);
    try {
      return await run({
        signal: controller.signal,
        onProgress: (done, total) =>
          this.pushes.emit('push', { channel: 'logs:progress', payload: { requestId, done, total } }),
      });
    } finally {
      if (this.running.get(requestId) === controller) this.running.delete(requestId);
    }
  }

  private async exportLogs(
    { session, format, filter, path }: RequestOf<'logs:export'>,
    control: LogCallControl,
  ): Promise<ResponseOf<'logs:export'>> {
    if (path !== null && !this.options.allowExportPaths) {
      throw new Error(
        'in browser mode the page cannot choose where the host writes files; export without a path and use the download link',
      );
    }
    const fileName = `hds-logs-${new Date().toISOString().replace(/[:.]/g, '-')}.${format}`;
    if (path === null) await mkdir(this.options.exportFolder, { recursive: true });
    const target = path ?? join(this.options.exportFolder, fileName);
    const count = await this.options.backend.exportLogs(session, format, filter, target, control);
    const downloadUrl = path === null ? (this.options.exportDownloadUrl?.(fileName) ?? null) : null;
    return { count, path: target, downloadUrl };
  }
}

function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 4000 ? `${text.slice(0, 4000)}…` : text;
}
