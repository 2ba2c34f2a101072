/**
 * `hds connect`'s interactive prompt, the hyperdbg-cli experience: `N: kHyperDbg> ` while halted,
 * Tab completion (commands, @registers, $pseudo-registers, module!symbol), an empty Enter repeats
 * p/t/g/... as hyperdbg-cli does, a history file shared by sessions, Ctrl+C breaks in while running.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { CommandSession } from '../../app/wiring';
import { completeConsoleLine, repeatOnEnter } from './console-completion';

const HISTORY_SIZE = 500;

export interface PromptIo {
  readonly input: Readable;
  /** Where readline echoes the typed line and shows the prompt. */
  readonly output: Writable;
  /** Text of our own (a line break after Ctrl+C); command output goes through the session. */
  write(text: string): void;
  writeError(text: string): void;
  /** One typed line per line, oldest first; the newest HISTORY_SIZE are offered with the Up key. */
  readonly historyFile: string;
  /** Force terminal mode (key handling, completion) on a stream that is not a TTY: tests. */
  readonly terminal?: boolean;
}

function loadHistory(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).reverse().slice(0, HISTORY_SIZE);
  } catch {
    return [];
  }
}

/** hyperdbg-cli's prompt: the operating core in hex. */
export function promptText(wired: CommandSession): string {
  return `${wired.session.currentCore.toString(16)}: kHyperDbg> `;
}

/** Runs the prompt until `exit`, the end of input or a lost link (exit status 1). */
export async function runPrompt(wired: CommandSession, io: PromptIo): Promise<number> {
  const commands = wired.dispatcher.list().flatMap((handler) => handler.names);
  const rl = createInterface({
    input: io.input,
    output: io.output,
    ...(io.terminal !== undefined ? { terminal: io.terminal } : {}),
    history: loadHistory(io.historyFile),
    historySize: HISTORY_SIZE,
    completer: (line: string) =>
      completeConsoleLine(line, {
        commands,
        completeSymbol: (prefix) => wired.symbols.complete(prefix, 200).names,
      }),
  });
  let closed = false;
  rl.on('close', () => (closed = true));
  const showPrompt = (): void => {
    // a halt may still be reported after the input ended
    if (closed) return;
    rl.setPrompt(wired.session.state === 'paused' ? promptText(wired) : '');
    rl.prompt(true);
  };
  let busy = false;
  // A halt while idle (breakpoint, event, Ctrl+C) needs a fresh prompt; during a command the loop prints it.
  const offPaused = wired.session.on('paused', () => {
    if (!busy) showPrompt();
  });
  // A lost link ends the interactive session (the message was printed); connect again to go on.
  let lost = false;
  const offState = wired.session.on('state', ({ state }) => {
    if (state === 'disconnected') {
      lost = true;
      rl.close();
    }
  });
  // Ctrl+C ends a step walk (`p 100`, `gu`, `!track`) after its step in flight, breaks in
  // (running) or ends a local wait (`sleep`); a second Ctrl+C while that still waits (a frozen
  // debuggee, a stuck request) ends the session here without waiting.
  let interrupted = false;
  rl.on('SIGINT', () => {
    if (interrupted && (busy || wired.session.state === 'running')) {
      void wired.session.forceEnd();
      return;
    }
    if (wired.dispatcher.walking) {
      interrupted = true;
      wired.dispatcher.interrupt();
    } else if (wired.session.state === 'running') {
      interrupted = true;
      void wired.session.pause().then(
        () => (interrupted = false),
        (error: Error) => io.writeError(`${error.message}\n`),
      );
    } else if (busy) {
      interrupted = true;
      if (wired.dispatcher.interrupt() === 0) {
        io.writeError(
          'waiting for the debuggee; press Ctrl+C again to end the session without waiting for it\n',
        );
      }
    } else {
      rl.write('', { ctrl: true, name: 'u' });
      io.write('\n');
      showPrompt();
    }
  });
  showPrompt();
  let previous: string | undefined;
  for await (const typed of rl) {
    // an empty Enter repeats p/t/g/... as hyperdbg-cli does
    const line = typed.trim() === '' ? (repeatOnEnter(previous) ?? typed) : typed;
    if (typed.trim() !== '') {
      previous = typed;
      try {
        appendFileSync(io.historyFile, `${typed}\n`);
      } catch {
        // History is a convenience; a read-only home directory must not stop the session.
      }
    }
    const lower = line.trim().toLowerCase();
    if (lower === 'exit' || lower === '.exit' || lower === 'quit') break;
    busy = true;
    await wired.dispatcher.execute(line);
    busy = false;
    interrupted = false;
    if (wired.session.state === 'closed' || wired.session.state === 'disconnected') break;
    showPrompt();
  }
  offPaused();
  offState();
  rl.close();
  return lost ? 1 : 0;
}
