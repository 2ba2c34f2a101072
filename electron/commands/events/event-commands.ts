/**
 * The event commands of protocol reference 5.4: how each command's own arguments become the
 * event type and OptionalParam1..3, with HyperDbg v0.23's argument rules and messages.
 */
import type { CommandToken } from '../types';
import { parseHyperDbgNumber } from '../../../shared/numbers';
import { EventType, type EventTypeValue } from '../../../shared/protocol/event-packets';

/** Resolves an address argument: number, `module!name`, `module+offset`, or a remote expression. */
export type AddressResolver = (text: string) => Promise<bigint | undefined>;

export type ArgsResult =
  | { readonly ok: true; readonly eventType: EventTypeValue; readonly params: readonly bigint[] }
  | { readonly ok: false; readonly error: string };

export interface EventCommandSpec {
  /** Command names, lower case, e.g. ['!syscall', '!syscall2']. */
  readonly names: readonly string[];
  readonly eventType: EventTypeValue;
  readonly summary: string;
  /** HyperDbg checks "CommandTokens.size() < N" before any parsing (no tag consumed). */
  readonly minTokens?: number;
  /** HyperDbg checks "CommandTokens.size() > N" after the common options are removed. */
  readonly maxTokensAfterOptions?: number;
  /** Message when a stage other than `pre` was given (hidden hooks and `!mode`). */
  readonly preOnlyMessage?: string;
  /** Own arguments (without the command name and the common options). */
  parseArgs(
    name: string,
    args: readonly CommandToken[],
    resolve: AddressResolver,
    processId: number,
  ): Promise<ArgsResult>;
}

const ALL32 = 0xffffffffn;
const unknownParameter = (token: CommandToken): ArgsResult => ({
  ok: false,
  error: `unknown parameter '${token.text}'`,
});
const resolveFailed = (token: CommandToken): ArgsResult => ({
  ok: false,
  error: `err, couldn't resolve error at '${token.text}'`,
});
const ok = (eventType: EventTypeValue, params: readonly bigint[]): ArgsResult => ({
  ok: true,
  eventType,
  params,
});

const HIDDEN_HOOK_STAGE =
  "the utilization of 'post' or 'all' event calling stages is not meaningful for the hidden hook; " +
  'therefore, this command does not support them';

/** Commands taking at most one hex number: param1 = number or `fallback`. */
function optionalNumberCommand(
  names: string[],
  eventType: EventTypeValue,
  summary: string,
  fallback: bigint,
  check?: (value: bigint) => string | undefined,
): EventCommandSpec {
  return {
    names,
    eventType,
    summary,
    async parseArgs(_name, args) {
      if (args.length > 1) return unknownParameter(args[1]);
      if (args.length === 0) return ok(eventType, [fallback]);
      const value = args[0].kind === 'block' ? undefined : parseHyperDbgNumber(args[0].text);
      if (value === undefined) return unknownParameter(args[0]);
      const problem = check?.(value);
      if (problem) return { ok: false, error: problem };
      return ok(eventType, [value]);
    },
  };
}

/** `!cpuid [eax]`, `!xsetbv [xcr]`: param1 = "a value was given", param2 = the value. */
function flaggedNumberCommand(names: string[], eventType: EventTypeValue, summary: string): EventCommandSpec {
  return {
    names,
    eventType,
    summary,
    async parseArgs(_name, args) {
      if (args.length > 1) return unknownParameter(args[1]);
      if (args.length === 0) return ok(eventType, [0n, 0n]);
      const value = args[0].kind === 'block' ? undefined : parseHyperDbgNumber(args[0].text);
      if (value === undefined) return unknownParameter(args[0]);
      return ok(eventType, [1n, value]);
    },
  };
}

function noArgumentCommand(name: string, eventType: EventTypeValue, summary: string): EventCommandSpec {
  return {
    names: [name],
    eventType,
    summary,
    maxTokensAfterOptions: 1,
    async parseArgs() {
      return ok(eventType, []);
    },
  };
}

function hiddenHookCommand(
  name: string,
  eventType: EventTypeValue,
  summary: string,
  missingMessage: string,
): EventCommandSpec {
  return {
    names: [name],
    eventType,
    summary,
    minTokens: 2,
    preOnlyMessage: HIDDEN_HOOK_STAGE,
    async parseArgs(_name, args, resolve) {
      if (args.length > 1) return unknownParameter(args[1]);
      if (args.length === 0) return { ok: false, error: missingMessage };
      const address = await resolve(args[0].text);
      if (address === undefined) return resolveFailed(args[0]);
      if (address === 0n) return { ok: false, error: missingMessage };
      return ok(eventType, [address]);
    },
  };
}

const MONITOR_ATTRIBUTES: Record<string, EventTypeValue> = {
  r: EventType.HIDDEN_HOOK_READ,
  w: EventType.HIDDEN_HOOK_WRITE,
  x: EventType.HIDDEN_HOOK_EXECUTE,
  rw: EventType.HIDDEN_HOOK_READ_AND_WRITE,
  wr: EventType.HIDDEN_HOOK_READ_AND_WRITE,
  rx: EventType.HIDDEN_HOOK_READ_AND_EXECUTE,
  xr: EventType.HIDDEN_HOOK_READ_AND_EXECUTE,
  wx: EventType.HIDDEN_HOOK_WRITE_AND_EXECUTE,
  xw: EventType.HIDDEN_HOOK_WRITE_AND_EXECUTE,
  rwx: EventType.HIDDEN_HOOK_READ_AND_WRITE_AND_EXECUTE,
  rxw: EventType.HIDDEN_HOOK_READ_AND_WRITE_AND_EXECUTE,
  wrx: EventType.HIDDEN_HOOK_READ_AND_WRITE_AND_EXECUTE,
  wxr: EventType.HIDDEN_HOOK_READ_AND_WRITE_AND_EXECUTE,
  xrw: EventType.HIDDEN_HOOK_READ_AND_WRITE_AND_EXECUTE,
  xwr: EventType.HIDDEN_HOOK_READ_AND_WRITE_AND_EXECUTE,
};

const monitor: EventCommandSpec = {
  names: ['!monitor'],
  eventType: EventType.HIDDEN_HOOK_READ_AND_WRITE_AND_EXECUTE,
  summary: 'monitors reads/writes/executes of a memory range (EPT)',
  minTokens: 4,
  async parseArgs(_name, args, resolve) {
    let eventType: EventTypeValue | undefined;
    let from: bigint | undefined;
    let to: bigint | undefined;
    let length: bigint | undefined;
    let expectLength = false;
    let memoryType: bigint | undefined;
    for (const token of args) {
      const word = token.text.toLowerCase();
      if (expectLength) {
        const value = parseHyperDbgNumber(token.text);
        if (value === undefined || value > ALL32)
          return { ok: false, error: 'err, you should enter a valid length' };
        length = value;
        expectLength = false;
      } else if (
        token.kind !== 'block' &&
        Object.hasOwn(MONITOR_ATTRIBUTES, word) &&
        eventType === undefined
      ) {
        eventType = MONITOR_ATTRIBUTES[word];
      } else if (word === 'l' && to === undefined && length === undefined) {
        expectLength = true;
      } else if ((word === 'va' || word === 'pa') && memoryType === undefined) {
        memoryType = word === 'pa' ? 1n : 0n;
      } else if (from === undefined) {
        from = await resolve(token.text);
        if (from === undefined) return resolveFailed(token);
      } else if (to === undefined && length === undefined) {
        to = await resolve(token.text);
        if (to === undefined) return resolveFailed(token);
      } else {
        return unknownParameter(token);
      }
    }
    if (from === undefined || (to === undefined && length === undefined)) {
      return { ok: false, error: "please choose the 'from' or 'to' values or specify the length" };
    }
    const end = length !== undefined ? BigInt.asUintN(64, from + length - 1n) : (to as bigint);
    if (from > end)
      return { ok: false, error: "please choose the 'from' value first, then choose the 'to' value" };
    if (eventType === undefined) {
      return {
        ok: false,
        error: 'please specify the attribute(s) that you want to monitor (r, w, x, rw, rx, wx, rwx)',
      };
    }
    return ok(eventType, [from, end, memoryType ?? 0n]);
  },
};

const syscallLike = (
  names: string[],
  eventType: EventTypeValue,
  summary: string,
  takesNumber: boolean,
): EventCommandSpec => ({
  names,
  eventType,
  summary,
  async parseArgs(name, args, resolve) {
    const handleAllUd = name.endsWith('2') ? 1n : 0n;
    if (!takesNumber) {
      if (args.length > 0) return unknownParameter(args[0]);
      return ok(eventType, [0n, handleAllUd]);
    }
    if (args.length > 1) return unknownParameter(args[1]);
    if (args.length === 0) return ok(eventType, [ALL32, handleAllUd]);
    const number = await resolve(args[0].text);
    if (number === undefined) return unknownParameter(args[0]);
    return ok(eventType, [number, handleAllUd]);
  },
});

const interrupt: EventCommandSpec = {
  names: ['!interrupt'],
  eventType: EventType.EXTERNAL_INTERRUPT_OCCURRED,
  summary: 'monitors an external interrupt (IDT vector 0x20..0xff)',
  async parseArgs(_name, args) {
    const missing =
      "please specify an interrupt index to monitor, HyperDbg doesn't support to trigger events on all " +
      "interrupts because it's not reasonable and make the system unresponsive";
    if (args.length > 1) return unknownParameter(args[1]);
    if (args.length === 0) return { ok: false, error: missing };
    const value = parseHyperDbgNumber(args[0].text);
    if (value === undefined) return unknownParameter(args[0]);
    if (value < 0x20n || value > 0xffn) {
      return {
        ok: false,
        error: 'the entry should be between 0x20 to 0xFF or the entries between 32 to 255',
      };
    }
    return ok(EventType.EXTERNAL_INTERRUPT_OCCURRED, [value]);
  },
};

const crwrite: EventCommandSpec = {
  names: ['!crwrite'],
  eventType: EventType.CONTROL_REGISTER_MODIFIED,
  summary: 'monitors writes to cr0 or cr4 (optionally masked)',
  minTokens: 2,
  async parseArgs(_name, args) {
    if (args.length > 2) return unknownParameter(args[2]);
    const values: bigint[] = [];
    for (const token of args) {
      const value = parseHyperDbgNumber(token.text);
      if (value === undefined) return unknownParameter(token);
      values.push(value);
    }
    const register = values[0] ?? 1n;
    if (register !== 0n && register !== 4n)
      return { ok: false, error: 'please choose either 0 for cr0 or 4 for cr4' };
    return ok(EventType.CONTROL_REGISTER_MODIFIED, [register, values[1] ?? 0xffffffffffffffffn]);
  },
};

const MODE_VALUES: Record<string, bigint> = { u: 3n, k: 0n, uk: 1n, ku: 1n };
const mode: EventCommandSpec = {
  names: ['!mode'],
  eventType: EventType.TRAP_EXECUTION_MODE_CHANGED,
  summary: 'traps user-mode/kernel-mode transitions of one process',
  maxTokensAfterOptions: 2,
  preOnlyMessage:
    "the utilization of 'post' or 'all' event calling stages is not meaningful for the mode " +
    '(user-mode/kernel-mode) change traps; therefore, this command does not support them',
  async parseArgs(_name, args, _resolve, processId) {
    let value: bigint | undefined;
    for (const token of args) {
      const word = token.text.toLowerCase();
      if (value === undefined && token.kind !== 'block' && Object.hasOwn(MODE_VALUES, word))
        value = MODE_VALUES[word];
      else return resolveFailed(token);
    }
    if (value === undefined) {
      return {
        ok: false,
        error: 'please specify the mode(s) that you want to intercept their execution (u, k, ku)',
      };
    }
    if (processId === 0xffffffff) {
      return {
        ok: false,
        error:
          "this event only applies to the selected process(es). please specify the 'pid' or the process id " +
          'of the target process that you want to trap its execution',
      };
    }
    return ok(EventType.TRAP_EXECUTION_MODE_CHANGED, [value]);
  },
};

const TRACE_WORDS = new Set([
  'step-in',
  'stepin',
  'step',
  'step-out',
  'stepout',
  'step-instrument',
  'instrument-step',
  'instrumentstep',
  'instrument-step-in',
]);
const trace: EventCommandSpec = {
  names: ['!trace'],
  eventType: EventType.TRAP_EXECUTION_INSTRUCTION_TRACE,
  summary: 'traces instructions (step-in, step-out, step-instrument)',
  maxTokensAfterOptions: 2,
  async parseArgs(_name, args) {
    let given = false;
    for (const token of args) {
      if (!given && token.kind !== 'block' && TRACE_WORDS.has(token.text.toLowerCase())) given = true;
      else return resolveFailed(token);
    }
    if (!given) return { ok: false, error: 'please specify the trace type' };
    // v0.23 stores "a type was given" (always 1) instead of the type itself; reproduced on purpose.
    return ok(EventType.TRAP_EXECUTION_INSTRUCTION_TRACE, [1n]);
  },
};

export const EVENT_COMMANDS: readonly EventCommandSpec[] = [
  monitor,
  hiddenHookCommand(
    '!epthook',
    EventType.HIDDEN_HOOK_EXEC_CC,
    'hidden breakpoint (EPT hook) on an address',
    'please choose an address to put the hidden breakpoint on it',
  ),
  hiddenHookCommand(
    '!epthook2',
    EventType.HIDDEN_HOOK_EXEC_DETOURS,
    'inline (detours) EPT hook on an address',
    'please choose an address to put the hook on it',
  ),
  syscallLike(
    ['!syscall', '!syscall2'],
    EventType.SYSCALL_HOOK_EFER_SYSCALL,
    'monitors syscalls (all or one number)',
    true,
  ),
  syscallLike(
    ['!sysret', '!sysret2'],
    EventType.SYSCALL_HOOK_EFER_SYSRET,
    'monitors sysret instructions',
    false,
  ),
  flaggedNumberCommand(['!cpuid'], EventType.CPUID_INSTRUCTION_EXECUTION, 'monitors cpuid (all or one eax)'),
  optionalNumberCommand(
    ['!msrread', '!msread'],
    EventType.RDMSR_INSTRUCTION_EXECUTION,
    'monitors rdmsr',
    ALL32,
  ),
  optionalNumberCommand(['!msrwrite'], EventType.WRMSR_INSTRUCTION_EXECUTION, 'monitors wrmsr', ALL32),
  optionalNumberCommand(['!ioin'], EventType.IN_INSTRUCTION_EXECUTION, 'monitors IN instructions', ALL32),
  optionalNumberCommand(
    ['!ioout', '!iout'],
    EventType.OUT_INSTRUCTION_EXECUTION,
    'monitors OUT instructions',
    ALL32,
  ),
  optionalNumberCommand(
    ['!exception'],
    EventType.EXCEPTION_OCCURRED,
    'monitors exceptions (first 32 IDT entries)',
    ALL32,
    (value) => (value >= 31n ? "the entry should be between 0x0 to 0x1f or first 32 entries'" : undefined),
  ),
  interrupt,
  noArgumentCommand('!dr', EventType.DEBUG_REGISTERS_ACCESSED, 'monitors debug register accesses'),
  noArgumentCommand('!tsc', EventType.TSC_INSTRUCTION_EXECUTION, 'monitors rdtsc/rdtscp'),
  noArgumentCommand('!pmc', EventType.PMC_INSTRUCTION_EXECUTION, 'monitors rdpmc'),
  noArgumentCommand('!vmcall', EventType.VMCALL_INSTRUCTION_EXECUTION, 'monitors vmcall'),
  crwrite,
  mode,
  trace,
  flaggedNumberCommand(
    ['!xsetbv'],
    EventType.XSETBV_INSTRUCTION_EXECUTION,
    'monitors xsetbv (all or one xcr)',
  ),
];

export function findEventCommand(name: string): EventCommandSpec | undefined {
  const lower = name.toLowerCase();
  return EVENT_COMMANDS.find((spec) => spec.names.includes(lower));
}
