/**
 * `output`: HyperDbg's event-forwarding sources. `output create NAME file|namedpipe|tcp TARGET`
 * opens the target at once (a file is created, a pipe or TCP peer must accept the connection),
 * `output open NAME` starts forwarding, `output close NAME` ends it for good, `output` lists them.
 * Each source gets a tag from HyperDbg's seed on, which events name with `output {NAME}`.
 * Forwarding follows HyperDbg's debugger: a log message whose operation code is the low 32 bits
 * of the newest event that has sources goes to those sources (its text, no NUL) instead of the
 * console.
 * `module` (a DLL loaded into the debugger) has no meaning outside Windows' hyperdbg-cli and is
 * refused like a target that cannot be opened.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import type { LogForwarding } from '../../session/session';
import { fail, succeed, type CommandHandler, type HandlerOutcome } from '../types';
import { handler } from './common';

const OUTPUT_HELP =
  'output : creates an output instance that can be used in event forwarding.\n\n' +
  'syntax : \toutput\n' +
  'syntax : \toutput [create Name (string)] [file|namedpipe|tcp|module Address (string)]\n' +
  'syntax : \toutput [open|close Name (string)]\n' +
  '\n' +
  '\t\te.g : output\n' +
  '\t\te.g : output create MyOutputName1 file c:\\rev\\output.txt\n' +
  '\t\te.g : output create MyOutputName1 file "c:\\rev\\output file.txt"\n' +
  '\t\te.g : output create MyOutputName2 tcp 192.168.1.10:8080\n' +
  '\t\te.g : output create MyOutputName3 namedpipe \\\\.\\Pipe\\HyperDbgOutput\n' +
  '\t\te.g : output create MyOutputName1 module c:\\rev\\event_forwarding.dll\n' +
  '\t\te.g : output open MyOutputName1\n' +
  '\t\te.g : output close MyOutputName1\n';

/** DebuggerOutputSourceTagStartSeed and MAXIMUM_CHARACTERS_FOR_EVENT_FORWARDING_NAME. */
const OUTPUT_SOURCE_TAG_SEED = 0x1n;
const MAXIMUM_NAME = 50;
/** DebuggerOutputSourceMaximumRemoteSourceForSingleEvent. */
const MAXIMUM_SOURCES_PER_EVENT = 5;

type SourceType = 'file' | 'namedpipe' | 'tcp';
type SourceState = 'not opened' | 'opened' | 'closed';

interface OutputSource {
  readonly name: string;
  readonly type: SourceType;
  readonly tag: bigint;
  state: SourceState;
  /** False when the target refused the message (a closed socket or pipe). */
  write(text: string): boolean;
  dispose(): void;
}

/** An event as forwarding sees it: its tag and the tags of its `output {}` sources. */
export interface ForwardingEvent {
  readonly tag: bigint;
  readonly outputSourceTags?: readonly bigint[];
}

/** The sources of one debugging session, newest first as HyperDbg lists them. */
export class OutputSources {
  private readonly sources: OutputSource[] = [];
  private nextTag = OUTPUT_SOURCE_TAG_SEED;
  /** HyperDbg's g_OutputSourcesInitialized: set by the first successful `output create`. */
  private initialized = false;

  find(name: string): OutputSource | undefined {
    return this.sources.find((s) => s.name === name);
  }

  list(): readonly OutputSource[] {
    return this.sources;
  }

  /** The tag of an existing source (what `output {NAME}` in an event command refers to). */
  tagOf(name: string): bigint | undefined {
    return this.find(name)?.tag;
  }

  /**
   * Offers a log message to the sources of the newest event (of `events`, oldest first) whose tag's
   * low 32 bits are `operationCode` and that names sources; nothing is forwarded before the first
   * `output create`, as in HyperDbg.
   */
  forwardEventMessage(
    events: readonly ForwardingEvent[],
    operationCode: number,
    text: string,
  ): LogForwarding {
    if (!this.initialized) return 'not-forwarded';
    const event = events.findLast(
      (e) => (e.outputSourceTags?.length ?? 0) > 0 && Number(e.tag & 0xffffffffn) === operationCode >>> 0,
    );
    if (!event) return 'not-forwarded';
    return this.forward(event.outputSourceTags ?? [], text) ? 'forwarded' : 'failed';
  }

  /**
   * Writes a message to an event's open sources in the event's order. The result is HyperDbg's:
   * whether the last open source written before the first empty slot of its five took it, so a
   * message for sources none of which is open fails, and an event naming all five slots always
   * reports failure (HyperDbg's loop only returns success at an empty slot).
   */
  private forward(tags: readonly bigint[], text: string): boolean {
    let written = false;
    for (const tag of tags) {
      const source = this.sources.find((s) => s.tag === tag);
      if (source?.state === 'opened') written = source.write(text);
    }
    return tags.length < MAXIMUM_SOURCES_PER_EVENT && written;
  }

  async create(name: string, type: SourceType, target: string): Promise<boolean> {
    const opened = await openTarget(type, target);
    if (!opened) return false;
    this.sources.unshift({ name, type, tag: this.nextTag++, state: 'not opened', ...opened });
    this.initialized = true;
    return true;
  }

  closeAll(): void {
    // A closed source let go of its target already (its file descriptor may belong to another file now).
    for (const source of this.sources) if (source.state !== 'closed') source.dispose();
  }
}

async function openTarget(
  type: SourceType,
  target: string,
): Promise<Pick<OutputSource, 'write' | 'dispose'> | undefined> {
  if (type === 'file') {
    try {
      const file = openSync(target, 'w');
      // HyperDbg reports a file write as done whatever WriteFile says.
      return {
        write: (text) => {
          try {
            writeSync(file, text);
          } catch {
            // a full disk or a revoked handle: HyperDbg ignores it too
          }
          return true;
        },
        dispose: () => closeSync(file),
      };
    } catch {
      return undefined;
    }
  }
  const address = type === 'tcp' ? /^(.+):(\d+)$/.exec(target) : null;
  if (type === 'tcp' && !address) return undefined;
  const socket = await new Promise<Socket | undefined>((resolve) => {
    const s = address ? connect(Number(address[2]), address[1]) : connect(target);
    s.once('connect', () => resolve(s));
    s.once('error', () => resolve(undefined));
  });
  if (!socket) return undefined;
  socket.on('error', () => undefined);
  return {
    write: (text) => {
      if (socket.destroyed || !socket.writable) return false;
      socket.write(text);
      return true;
    },
    dispose: () => socket.destroy(),
  };
}

const padType: Record<SourceType, string> = { file: 'file     ', namedpipe: 'namedpipe', tcp: 'tcp      ' };
const padState: Record<SourceState, string> = {
  'not opened': 'not opened',
  opened: 'opened    ',
  closed: 'closed    ',
};

export function outputCommand(sources: OutputSources): CommandHandler {
  return handler(['output'], 'any', OUTPUT_HELP, async (command, ctx, usage): Promise<HandlerOutcome> => {
    const tokens = command.args.length + 1;
    if ((tokens !== 1 && tokens <= 2) || tokens >= 6) return usage();
    if (tokens === 1) {
      const all = sources.list();
      if (all.length === 0) ctx.output('output forwarding list is empty\n');
      all.forEach((s, i) =>
        ctx.output(`${(i + 1).toString(16)}  ${padType[s.type]}   ${padState[s.state]}\t${s.name}\n`),
      );
      return succeed();
    }
    const [verb, name = ''] = command.args.map((t) => t.text);
    switch (verb!.toLowerCase()) {
      case 'create': {
        if (tokens <= 4) return usage();
        const typeText = command.args[2]!.text.toLowerCase();
        if (typeText === 'module') return fail('err, invalid address or cannot open or find the address\n');
        if (typeText !== 'file' && typeText !== 'namedpipe' && typeText !== 'tcp')
          return fail(`incorrect type near '${command.args[2]!.text}'\n\n${OUTPUT_HELP}`);
        if (name.length >= MAXIMUM_NAME)
          return fail(`name of the output cannot exceed form ${MAXIMUM_NAME} characters\n\n${OUTPUT_HELP}`);
        if (sources.find(name))
          return fail('err, the name you entered, already exists, please choose another name\n');
        if (!(await sources.create(name, typeText, command.args[3]!.text)))
          return fail('err, invalid address or cannot open or find the address\n');
        return succeed();
      }
      case 'open':
      case 'close': {
        const source = sources.find(name);
        if (!source) return fail('err, the name you entered, not found\n');
        if (source.state === 'closed') return fail('err, the name you entered was already closed\n');
        if (verb!.toLowerCase() === 'open') {
          if (source.state === 'opened') return fail('err, the name you entered was already opened\n');
          source.state = 'opened';
        } else {
          source.state = 'closed';
          source.dispose();
        }
        return succeed();
      }
      default:
        return fail(`incorrect option at '${verb}'\n\n${OUTPUT_HELP}`);
    }
  });
}
