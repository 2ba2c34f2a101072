// A SessionBackend for host tests: records calls, answers `console:execute` by echoing into the
// console and the log, and fails every other session call with a clear "not used" error.
import { EMPTY_LINK_STATS, type LogRetention, type SessionSnapshot } from '../../../shared/ipc';
import type { SessionBackend, SessionSink } from '../backend';

export const IDLE_SNAPSHOT: SessionSnapshot = {
  state: { phase: 'disconnected', endpoint: null, detail: null },
  handshake: { stage: 'idle', hints: [] },
  paused: null,
  events: [],
  pools: { counts: [], warnings: [], refreshedAt: null },
  breakpoints: [],
  cores: [],
  link: EMPTY_LINK_STATS,
  lastLogId: null,
};

export interface FakeBackend {
  readonly backend: SessionBackend;
  readonly executed: string[];
  readonly connects: Array<[string, string | null]>;
  readonly exports: Array<[string, string]>;
  /** Every symbol path the host configured, in order. */
  readonly symbolPaths: Array<string | null>;
  /** The download opt-in passed with each of those paths, in order. */
  readonly symbolDownloads: boolean[];
  /** Every log retention the host configured, in order. */
  readonly retentions: LogRetention[];
  /** The sink the host registered (to push session events by hand). */
  sink(): SessionSink | undefined;
}

export function fakeBackend(overrides: Partial<SessionBackend> = {}): FakeBackend {
  let sink: SessionSink | undefined;
  const executed: string[] = [];
  const connects: Array<[string, string | null]> = [];
  const exports: Array<[string, string]> = [];
  const symbolPaths: Array<string | null> = [];
  const symbolDownloads: boolean[] = [];
  const retentions: LogRetention[] = [];
  const unused = async (): Promise<never> => {
    throw new Error('not used by this test');
  };
  const backend: SessionBackend = {
    listSerialPorts: async () => [{ path: '/dev/ttyS0', friendlyName: null }],
    async connect(endpoint, signature) {
      connects.push([endpoint, signature]);
      return { ok: true, message: null };
    },
    detectSignature: unused,
    disconnect: async () => ({ ok: true, message: null }),
    forceDisconnect: async () => ({ ok: true, message: null }),
    snapshot: () => IDLE_SNAPSHOT,
    async execute(text) {
      executed.push(text);
      sink?.console({ stream: 'output', text: `ran ${text}\n` });
      sink?.log({ id: executed.length, time: 1, kind: 'info', eventTag: null, stage: null, core: 0, text });
      return { ok: true, message: null };
    },
    pause: unused,
    run: unused,
    readMemory: unused,
    writeMemory: unused,
    writeRegister: unused,
    readRegisters: unused,
    processes: unused,
    threads: unused,
    queryLogs: unused,
    countLogs: unused,
    listLogSessions: unused,
    deleteLogSession: unused,
    async exportLogs(_session, format, _filter, path) {
      exports.push([format, path]);
      return 3;
    },
    modifyEvents: unused,
    refreshPools: unused,
    forecastEvent: unused,
    callStack: unused,
    disassemble: unused,
    evaluate: unused,
    completeSymbols: unused,
    describeAddresses: unused,
    configureSymbols(symbolPath, allowDownload) {
      symbolPaths.push(symbolPath);
      symbolDownloads.push(allowDownload);
    },
    async configureLogRetention(retention) {
      retentions.push(retention);
    },
    prealloc: unused,
    subscribe(newSink) {
      sink = newSink;
      return () => (sink = undefined);
    },
    ...overrides,
  };
  return {
    backend,
    executed,
    connects,
    exports,
    symbolPaths,
    symbolDownloads,
    retentions,
    sink: () => sink,
  };
}
