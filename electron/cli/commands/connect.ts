import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import type { CliCommand } from '../main';
import { createCommandSession, type CommandSession } from '../../app/wiring';
import { EXAMPLE_BUILD_SIGNATURE } from '../../../shared/protocol/build-signature';
import { openLink, resolveConnectTarget } from '../../app/connect';
import { detectSignatures } from '../../session/signature';
import { promptText, runPrompt } from './prompt';
import { runScriptLines } from '../../commands/builtin/scripts';
import { CLEAR_SCREEN } from '../../commands/builtin/session-meta';
import { escapeControls } from '../terminal-text';
import { SqliteLogStore } from '../../logs/log-store';
import { SessionLogs } from '../../host/session-logs';
import { PreferencesStore } from '../../host/preferences';
import { userDataFolder } from '../../host/paths';
import type { LogRetention } from '../../../shared/ipc/model';

const USAGE = `usage: hds connect <endpoint> [--signature S] [--sympath PATH] [--exec CMD]... [--script FILE]
                   [--record TRACE]
       hds connect --list-ports
       hds connect --detect-signature DIR

Connects to a HyperDbg v0.23 debuggee (Debugger Mode) and runs a session like hyperdbg-cli.
  <endpoint>            serial:COM2@115200, serial:/dev/ttyS0@115200, pipe:\\\\.\\pipe\\NAME,
                        unix:/path, tcp:HOST:PORT or sim (the built-in simulated debuggee)
  --signature S         the debuggee's HyperDbg build signature (e.g. ${EXAMPLE_BUILD_SIGNATURE});
                        the debuggee only accepts the signature of its own build
                        (default: the HDS_SIGNATURE environment variable)
  --detect-signature D  list the signatures found in the binaries of HyperDbg folder D
  --sympath PATH        the symbol path, as '.sympath PATH' sets it (folders holding PDBs, or
                        srv*CACHE*URL); on 'sim' it defaults to the simulated modules' PDBs
  --exec CMD            run CMD (repeatable) instead of the interactive prompt; the debuggee is
                        paused first; the commands run in order and the first one that fails
                        stops the batch (the rest do not run), exit status 1
  --keep-going          with --exec: run every command even after one failed; the exit status
                        is still 1 when any failed
  --script FILE         run the commands of FILE (like '.script FILE')
  --record TRACE        record every byte in both directions to TRACE (replay: hds replay TRACE)
  --timeout SEC         give up when the handshake has not finished after SEC seconds (default 60)
  --no-log-store        do not keep this session's log (default: a new file in the session
                        archive, see 'hds logs')
  --list-ports          list serial ports with their names
When the session ends (exit, end of --exec, Ctrl+D) it is closed like '.debug close', so the
debuggee is never left halted.`;

interface ConnectArgs {
  endpoint?: string;
  signature?: string;
  exec: string[];
  script?: string;
  record?: string;
  timeoutSec: number;
  listPorts: boolean;
  noLogStore: boolean;
  keepGoing: boolean;
  detect?: string;
  symbolPath?: string;
}

function parseArgs(args: string[]): ConnectArgs | string {
  const parsed: ConnectArgs = {
    exec: [],
    timeoutSec: 60,
    listPorts: false,
    noLogStore: false,
    keepGoing: false,
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = (): string | undefined => args[++i];
    switch (arg) {
      case '--signature': {
        const v = value();
        if (v === undefined) return '--signature needs a value';
        parsed.signature = v;
        break;
      }
      case '--keep-going':
        parsed.keepGoing = true;
        break;
      case '--exec': {
        const v = value();
        if (v === undefined) return '--exec needs a command';
        parsed.exec.push(v);
        break;
      }
      case '--script': {
        const v = value();
        if (v === undefined) return '--script needs a file';
        parsed.script = v;
        break;
      }
      case '--record': {
        const v = value();
        if (v === undefined) return '--record needs a file';
        parsed.record = v;
        break;
      }
      case '--timeout': {
        const v = Number(value());
        if (!(v > 0)) return '--timeout needs a number of seconds';
        parsed.timeoutSec = v;
        break;
      }
      case '--detect-signature': {
        const v = value();
        if (v === undefined) return '--detect-signature needs a folder';
        parsed.detect = v;
        break;
      }
      case '--sympath': {
        const v = value();
        if (v === undefined) return '--sympath needs a path (folders or srv* entries, as with .sympath)';
        parsed.symbolPath = v;
        break;
      }
      case '--no-log-store':
        parsed.noLogStore = true;
        break;
      case '--list-ports':
        parsed.listPorts = true;
        break;
      default:
        if (arg.startsWith('-')) return `unknown option ${arg}`;
        if (parsed.endpoint !== undefined) return `unexpected argument '${arg}'`;
        parsed.endpoint = arg;
    }
  }
  return parsed;
}

// Debuggee text goes to the terminal with its control characters made visible; `.cls` is ours.
const write = (text: string): void =>
  void process.stdout.write(text === CLEAR_SCREEN ? text : escapeControls(text));
const writeError = (text: string): void => void process.stderr.write(text);

export const command: CliCommand = {
  summary: 'connect to a debuggee (serial, pipe, unix, tcp, sim) and run commands like hyperdbg-cli',
  async run(args) {
    if (args.includes('--help') || args.includes('-h')) {
      write(`${USAGE}\n`);
      return 0;
    }
    const parsed = parseArgs(args);
    if (typeof parsed === 'string') {
      writeError(`hds connect: ${parsed}\n${USAGE}\n`);
      return 1;
    }
    if (parsed.listPorts) return listPorts();
    if (parsed.detect !== undefined) return detect(parsed.detect);
    if (parsed.endpoint === undefined) {
      writeError(`hds connect: which debuggee? give an endpoint\n${USAGE}\n`);
      return 1;
    }
    const target = resolveConnectTarget(
      parsed.endpoint,
      parsed.signature ?? process.env.HDS_SIGNATURE,
      EXAMPLE_BUILD_SIGNATURE,
    );
    if (!target.ok) {
      writeError(`${target.error}\n`);
      return 1;
    }
    const { signature, label } = target.value;
    // Only a `sim` session loads the simulator; on it the symbol path defaults to the simulated
    // modules' PDBs.
    const simulatorModule = target.value.onSimulator
      ? await import('../../app/in-process-simulator')
      : undefined;
    const symbolPath = simulatorModule
      ? simulatorModule.simulatorSymbolPath(parsed.symbolPath)
      : parsed.symbolPath;
    // read before the link opens: nothing may wait between its opening and the session taking it
    const retention = parsed.noLogStore ? null : await logRetentionSetting();
    const link = await openLink(target.value, {
      ...(parsed.record ? { recordTo: parsed.record } : {}),
      onRecordingStopped: (message) => writeError(`[warning] ${message}\n`),
      ...(simulatorModule ? { simulator: simulatorModule.inProcessSimulator({ signature }) } : {}),
    });
    if (!link.ok) {
      writeError(`${link.error}\n`);
      return 1;
    }
    const transport = link.value;
    const logs = openSessionLog(label, retention);
    const wired = createCommandSession({
      signature,
      output: write,
      logs,
      ...(symbolPath ? { symbolPath } : {}),
    });
    wired.session.on('diagnostic', (d) => {
      if (d.severity !== 'info') writeError(`[${d.severity}] ${d.message}\n`);
    });
    wired.session.attach(transport);
    const ready = await waitForRunning(wired, parsed.timeoutSec * 1000);
    if (ready !== 'running') {
      writeError(
        ready === 'lost'
          ? `err, the link to ${transport.label} closed before the handshake finished (see above); ` +
              'check that the debuggee side is up, then connect again\n'
          : `err, the debuggee did not finish the handshake within ${parsed.timeoutSec} s; ` +
              'see the diagnosis above, or give it longer with --timeout SEC\n',
      );
      await wired.session.detach();
      await logs.close();
      return 1;
    }
    const scripted = parsed.exec.length > 0 || parsed.script !== undefined;
    // Killed mid-batch: still close like '.debug close' so the debuggee is not left halted. A
    // second signal while that close waits ends the session here without waiting.
    let closingOnSignal: Promise<void> | undefined;
    const closeAndExit = (signal: NodeJS.Signals): void => {
      if (closingOnSignal) {
        void wired.session.forceEnd().finally(() => process.exit(130));
        return;
      }
      writeError(
        `\n${signal}: closing the session (press Ctrl+C again to end it without waiting for the debuggee)\n`,
      );
      // a step walk or `sleep` in progress ends first, so the close is not queued behind it
      wired.dispatcher.interrupt();
      closingOnSignal = wired.session
        .close()
        .then(() => {
          write('\n');
          return logs.close();
        })
        .finally(() => process.exit(130));
    };
    process.on('SIGTERM', closeAndExit);
    if (scripted) process.on('SIGINT', closeAndExit);
    const status = scripted
      ? await runBatch(wired, parsed, () => closingOnSignal !== undefined)
      : await runPrompt(wired, {
          input: process.stdin,
          output: process.stdout,
          write,
          writeError,
          historyFile: path.join(homedir(), '.hds_history'),
        });
    // the signal's own close ends the process; a second one here would narrate it twice
    if (closingOnSignal) await closingOnSignal;
    process.removeListener('SIGTERM', closeAndExit);
    process.removeListener('SIGINT', closeAndExit);
    if (wired.session.state === 'running' || wired.session.state === 'paused') {
      await wired.session.close();
      write('\n');
    } else await wired.session.detach();
    wired.dispose();
    await logs.close();
    return status;
  },
};

/** The Settings' log retention (the GUI's settings.json in the data folder), defaults when absent. */
async function logRetentionSetting(): Promise<LogRetention> {
  const preferences = new PreferencesStore(userDataFolder());
  const { logRetention } = await preferences.getSettings();
  for (const problem of preferences.problems) writeError(`[warning] ${problem}; default settings used\n`);
  return logRetention;
}

/**
 * The session's log, like the GUI's: a new file in the session archive (retention from the
 * Settings, sessions a crash left open recovered) written by a worker thread (`hds logs` reads
 * it), or with --no-log-store (`retention` null) nothing stored. Memory stays bounded either way:
 * main keeps only the counters and a bounded queue to the worker.
 */
function openSessionLog(endpoint: string, retention: LogRetention | null): SqliteLogStore {
  if (retention === null) return new SqliteLogStore({ thread: 'none' });
  const logs = new SessionLogs({ retention });
  for (const session of logs.recovered)
    writeError(`recovered the log of session ${session.id} (${session.rows} rows), left open by a crash\n`);
  const { store, path: file } = logs.createLiveStore(endpoint);
  writeError(`logging this session to ${file} ('hds logs show latest' reads it)\n`);
  store.onStorageStopped((reason) =>
    writeError(`[warning] storing this session's logs stopped: ${reason}; the session continues\n`),
  );
  store.onStorageWarning((message) => writeError(`[warning] ${message}\n`));
  return store;
}

function waitForRunning(wired: CommandSession, timeoutMs: number): Promise<'running' | 'lost' | 'timeout'> {
  if (wired.session.state === 'running') return Promise.resolve('running');
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      off();
      resolve('timeout');
    }, timeoutMs);
    const off = wired.session.on('state', ({ state }) => {
      if (state === 'running' || state === 'paused' || state === 'disconnected') {
        clearTimeout(timer);
        off();
        resolve(state === 'disconnected' ? 'lost' : 'running');
      }
    });
  });
}

/** `--exec` lines, then `--script`; `signalled` ends the batch before its next line (Ctrl+C, kill). */
async function runBatch(
  wired: CommandSession,
  parsed: ConnectArgs,
  signalled: () => boolean,
): Promise<number> {
  if (wired.session.state === 'running') {
    try {
      await wired.session.pause(10_000);
    } catch (error) {
      writeError(`${(error as Error).message}\n`);
      return 1;
    }
  }
  let failed = false;
  for (const line of parsed.exec) {
    if (signalled()) return 130;
    write(`${promptText(wired)}${line}\n`);
    const outcome = await wired.dispatcher.execute(line);
    if (outcome.ok) continue;
    failed = true;
    if (!parsed.keepGoing) return 1;
  }
  if (failed) return 1;
  if (parsed.script !== undefined && !signalled()) {
    let text: string;
    try {
      text = await readFile(parsed.script, 'latin1');
    } catch {
      writeError(`err, cannot read the script ${parsed.script}\n`);
      return 1;
    }
    const outcome = await runScriptLines(wired.dispatcher.commandContext, text, [parsed.script]);
    if (!outcome.ok) return 1;
  }
  return 0;
}

async function listPorts(): Promise<number> {
  const { listSerialPorts } = await import('../../transport/serial');
  const ports = await listSerialPorts();
  if (ports.length === 0) write('no serial ports found\n');
  for (const port of ports) write(`${port.friendlyName}\n`);
  return 0;
}

async function detect(folder: string): Promise<number> {
  try {
    const candidates = await detectSignatures(folder);
    if (candidates.length === 0) {
      writeError(
        `no build signature found under ${folder}; point to the debuggee's HyperDbg folder (with libhyperdbg.dll)\n`,
      );
      return 1;
    }
    for (const c of candidates) write(`${c.signature}\t${c.file} (offset 0x${c.offset.toString(16)})\n`);
    return 0;
  } catch (error) {
    writeError(`${(error as Error).message}\n`);
    return 1;
  }
}
