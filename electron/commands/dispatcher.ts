import { LinkError } from '../session/link';
import { ConsoleLog } from './console-log';
import { tokenizeCommand } from './tokenizer';
import {
  fail,
  succeed,
  type CommandContext,
  type CommandHandler,
  type HandlerOutcome,
  type CommandRegistry,
  type ParsedCommand,
} from './types';

/** What the dispatcher needs to build a `CommandContext` (everything except what it provides itself). */
export type CommandEnvironment = Omit<CommandContext, 'execute' | 'consoleLog' | 'wait' | 'walk'>;

/** setTimeout's longest delay (2^31-1 ms); longer waits are made of several. */
const MAX_TIMER_MS = 0x7fffffff;

/**
 * Parses a command line, finds its handler and runs it. The only place that turns a failure
 * into console text: a handler returns `fail(message)` and the dispatcher prints the message.
 */
export class CommandDispatcher implements CommandRegistry {
  private readonly handlers = new Map<string, CommandHandler>();
  private readonly ordered: CommandHandler[] = [];
  private readonly context: CommandContext;
  /** `.logopen`'s file: fed with every command line and everything printed while it is open. */
  readonly consoleLog = new ConsoleLog();
  private depth = 0;
  /**
   * Interrupters of what Ctrl+C ends inside a command: local waits (`sleep`) and step walks (`p`/`t`/
   * `i` with a count, `gu`, `!track`). Each removes itself when it ends and `interrupt` counts them,
   * so a plain set of pending work, not an Emitter of subscribers.
   */
  private readonly interrupters = new Set<() => void>();
  private walks = 0;

  constructor(environment: CommandEnvironment) {
    this.context = {
      ...environment,
      output: (text) => {
        environment.output(text);
        this.consoleLog.write(text);
      },
      consoleLog: this.consoleLog,
      execute: (line) => this.execute(line),
      wait: (ms) => this.wait(ms),
      walk: (body) => this.walk(body),
    };
  }

  /**
   * Ends every local wait in progress (`sleep`) and every step walk after the step in flight, as
   * HyperDbg's Ctrl+C clears its "instrumenting instructions" flag: no pause request is sent. Returns
   * how many it ended; 0 means Ctrl+C has to break in instead.
   */
  interrupt(): number {
    const pending = [...this.interrupters];
    for (const interrupt of pending) interrupt();
    return pending.length;
  }

  /** Whether a step walk is in progress: Ctrl+C then ends it instead of breaking in. */
  get walking(): boolean {
    return this.walks > 0;
  }

  private async walk<T>(body: (stopRequested: () => boolean) => Promise<T>): Promise<T> {
    let stopped = false;
    this.walks++;
    const interrupt = (): void => {
      stopped = true;
      this.interrupters.delete(interrupt);
    };
    this.interrupters.add(interrupt);
    try {
      return await body(() => stopped);
    } finally {
      this.walks--;
      this.interrupters.delete(interrupt);
    }
  }

  private wait(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      let remaining = ms;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (elapsed: boolean): void => {
        if (timer) clearTimeout(timer);
        this.interrupters.delete(interrupt);
        resolve(elapsed);
      };
      const interrupt = (): void => finish(false);
      const next = (): void => {
        if (remaining <= 0) return finish(true);
        const step = Math.min(remaining, MAX_TIMER_MS);
        remaining -= step;
        timer = setTimeout(next, step);
      };
      this.interrupters.add(interrupt);
      next();
    });
  }

  register(handler: CommandHandler): void {
    for (const name of handler.names) {
      const key = name.toLowerCase();
      if (this.handlers.has(key)) throw new Error(`command '${key}' is registered twice`);
      this.handlers.set(key, handler);
    }
    this.ordered.push(handler);
  }

  lookup(name: string): CommandHandler | undefined {
    return this.handlers.get(name.toLowerCase());
  }

  list(): readonly CommandHandler[] {
    return this.ordered;
  }

  get commandContext(): CommandContext {
    return this.context;
  }

  async execute(line: string): Promise<HandlerOutcome> {
    const parsed = parseCommandLine(line);
    if (!parsed) {
      this.context.output('\n');
      return succeed();
    }
    // HyperDbg logs each typed command line, then its output, then an empty line (not for nested ones)
    const logged = this.depth === 0 && this.consoleLog.isOpen;
    if (logged) this.consoleLog.write(`${line}\n`);
    this.depth++;
    let outcome: HandlerOutcome;
    try {
      outcome = await this.run(parsed);
    } finally {
      this.depth--;
    }
    if (!outcome.ok) this.context.output(outcome.error.endsWith('\n') ? outcome.error : `${outcome.error}\n`);
    if (logged && this.consoleLog.isOpen) this.consoleLog.write('\n');
    return outcome;
  }

  private async run(command: ParsedCommand): Promise<HandlerOutcome> {
    const handler = this.lookup(command.name);
    if (!handler)
      return fail(`err, couldn't resolve command at '${command.raw.trim().split(/\s+/)[0] ?? command.name}'`);
    const state = this.context.link.state;
    if (handler.requires === 'paused' && state !== 'paused') {
      return fail(
        state === 'running'
          ? `err, the debuggee is running; pause it first (CTRL+C or 'pause') before '${command.name}'`
          : `err, you're not connected to any debuggee (state: ${state})`,
      );
    }
    if (handler.requires === 'connected' && state !== 'paused' && state !== 'running') {
      return fail(`err, you're not connected to any debuggee (state: ${state})`);
    }
    try {
      return await handler.run(command, this.context);
    } catch (error) {
      if (error instanceof LinkError) return fail(error.message);
      throw error;
    }
  }
}

export function parseCommandLine(line: string): ParsedCommand | undefined {
  const tokens = tokenizeCommand(line);
  const [first, ...args] = tokens;
  if (!first) return undefined;
  return { name: first.text.toLowerCase(), args, raw: line };
}

/** HyperDbg's answer to a wrong argument count or shape. */
export function incorrectUse(command: ParsedCommand, help: string): HandlerOutcome {
  return fail(`incorrect use of the '${command.raw.trim().split(/\s+/)[0]}'\n\n${help}`);
}
