import { PoolIntention, type PoolManager } from './pool-manager';

/**
 * The part of the debuggee's user-mode HyperDbg that runs forwarded commands (protocol §6):
 * `prealloc` and `preactivate` with their exact console output (every line becomes an a41
 * packet with operation code 1). Other forwarded commands are answered with what this
 * simulated debuggee can honestly say about them.
 */

export interface UserModeHost {
  readonly pools: PoolManager;
  readonly coreCount: number;
  /** ShowMessages while connected: one logging packet per call */
  print(text: string): void;
  activateModeExecTrap(): void;
  /** user-mode modules of the debuggee's HyperDbg process, then kernel modules */
  modules(): readonly ModuleView[];
}

export interface ModuleView {
  isUserMode: boolean;
  base: bigint;
  size: number;
  entryPoint: bigint;
  /** file name, e.g. ntoskrnl.exe */
  name: string;
  filePath: string;
}

/** CLI words of `prealloc` → pools queued per unit of Count (pools doc §4). */
function preallocRows(type: string, cores: number): [number, number][] | undefined {
  switch (type) {
    case 'thread-interception':
      return [[PoolIntention.PROCESS_THREAD_HOLDER, 1]];
    case 'monitor':
    case '!monitor':
    case 'epthook':
    case '!epthook':
      return [
        [PoolIntention.SPLIT_2MB_PAGING_TO_4KB_PAGE, cores],
        [PoolIntention.TRACKING_HOOKED_PAGES, 1],
      ];
    case 'epthook2':
    case '!epthook2':
      return [
        [PoolIntention.SPLIT_2MB_PAGING_TO_4KB_PAGE, cores],
        [PoolIntention.TRACKING_HOOKED_PAGES, 1],
        [PoolIntention.EXEC_TRAMPOLINE, 1],
        [PoolIntention.DETOUR_HOOK_DETAILS, 1],
      ];
    case 'regular-event':
      return [
        [PoolIntention.INSTANT_REGULAR_EVENT_BUFFER, 1],
        [PoolIntention.INSTANT_REGULAR_EVENT_ACTION_BUFFER, 1],
      ];
    case 'big-event':
      return [
        [PoolIntention.INSTANT_BIG_EVENT_BUFFER, 1],
        [PoolIntention.INSTANT_BIG_EVENT_ACTION_BUFFER, 1],
      ];
    case 'regular-safe-buffer':
      return [[PoolIntention.INSTANT_REGULAR_SAFE_BUFFER_FOR_EVENTS, 1]];
    case 'big-safe-buffer':
      return [[PoolIntention.INSTANT_BIG_SAFE_BUFFER_FOR_EVENTS, 1]];
    default:
      return undefined;
  }
}

const PREALLOC_HELP = [
  'prealloc : pre-allocates buffer for special purposes.\n\n',
  'syntax : \tprealloc  [Type (string)] [Count (hex)]\n',
  '\n',
  '\t\te.g : prealloc thread-interception 8\n',
  '\t\te.g : prealloc monitor 10\n',
  '\t\te.g : prealloc epthook 5\n',
  '\t\te.g : prealloc epthook2 3\n',
  '\t\te.g : prealloc regular-event 12\n',
  '\t\te.g : prealloc big-safe-buffert 1\n',
  '\n',
  'type of allocations:\n',
  '\tthread-interception: used for pre-allocations of the thread holders for the thread interception mechanism\n',
  "\tmonitor: used for pre-allocations of the '!monitor' EPT hooks\n",
  "\tepthook: used for pre-allocations of the '!epthook' EPT hooks\n",
  "\tepthook2: used for pre-allocations of the '!epthook2' EPT hooks\n",
  '\tregular-event: used for pre-allocations of regular instant events\n',
  '\tbig-event: used for pre-allocations of big instant events\n',
  '\tregular-safe-buffer: used for pre-allocations of the regular event safe buffers ($buffer) for instant events\n',
  '\tbig-safe-buffer: used for pre-allocations of the big event safe buffers ($buffer) for instant events\n',
];

const PREACTIVATE_HELP = [
  'preactivate : preactivates a special functionality.\n\n',
  'syntax : \tpreactivate  [Type (string)]\n',
  '\n',
  '\t\te.g : preactivate mode\n',
  '\n',
  'type of activations:\n',
  "\tmode: used for preactivation of the '!mode' event\n",
];

/**
 * HyperDbg's number parsing for command arguments (ConvertStringToUInt64): hex by default,
 * `0x` hex, `0n`/`n` decimal; backticks are ignored. Undefined when it is not a number.
 */
export function parseHyperDbgNumber(token: string): bigint | undefined {
  const text = token.replace(/`/g, '').toLowerCase();
  const decimal = /^(0n|n)([0-9]+)$/.exec(text);
  if (decimal) return BigInt(decimal[2]);
  const hex = /^(0x)?([0-9a-f]+)$/.exec(text);
  if (hex) return BigInt('0x' + hex[2]);
  return undefined;
}

/** Splits like HyperDbg's tokenizer for the simple commands handled here (whitespace-separated). */
function tokens(command: string): string[] {
  return command
    .trim()
    .split(/\s+/)
    .filter((t) => t.length > 0);
}

/** Runs one forwarded command line in the debuggee's user mode. */
export function runForwardedCommand(host: UserModeHost, command: string): void {
  const words = tokens(command);
  const name = (words[0] ?? '').toLowerCase();
  switch (name) {
    case 'prealloc':
    case 'preallocate':
    case 'preallocation':
      prealloc(host, words);
      return;
    case 'preactivate':
    case 'preactivation':
    case 'preactive':
      preactivate(host, words);
      return;
    case 'lm':
      listModules(host, words);
      return;
    default:
      // The debugger only forwards the commands of protocol §6.1; the simulated debuggee has no
      // implementation of the others (process creation, drivers, measurements).
      host.print(
        `err, the simulated debuggee does not implement the forwarded command '${words[0] ?? ''}'\n`,
      );
  }
}

function prealloc(host: UserModeHost, words: string[]): void {
  if (words.length !== 3) {
    host.print(`incorrect use of the '${words[0]}'\n\n`);
    for (const line of PREALLOC_HELP) host.print(line);
    return;
  }
  const rows = preallocRows(words[1].toLowerCase(), host.coreCount);
  if (!rows) {
    host.print(`err, couldn't resolve error at '${words[1]}'\n`);
    return;
  }
  const count = parseHyperDbgNumber(words[2]);
  if (count === undefined) {
    host.print(`err, couldn't resolve error at '${words[2]}'\n`);
    return;
  }
  // The IOCTL entry drains what earlier instant events queued; the command then queues its own
  // pools and drains again (DebuggerCommandReservePreallocatedPools).
  host.pools.drain();
  const units = Number(BigInt.asUintN(32, count));
  for (const [intention, perUnit] of rows) {
    if (units * perUnit > 0) host.pools.requestAllocation(intention as PoolIntention, units * perUnit);
  }
  host.pools.drain();
  host.print('the requested pools are allocated and reserved\n');
}

function preactivate(host: UserModeHost, words: string[]): void {
  if (words.length !== 2) {
    host.print(`incorrect use of the '${words[0]}'\n\n`);
    for (const line of PREACTIVATE_HELP) host.print(line);
    return;
  }
  const type = words[1].toLowerCase();
  if (type !== 'mode' && type !== '!mode') {
    host.print(`err, couldn't resolve error at '${words[1]}'\n`);
    return;
  }
  host.pools.drain();
  host.activateModeExecTrap();
  host.print('the requested service is activated successfully!\n');
}

/** `123456789abcdef0` → `12345678`9abcdef0` (HyperDbg's SeparateTo64BitValue). */
function separated64(value: bigint): string {
  const hex = value.toString(16).padStart(16, '0');
  return `${hex.slice(0, 8)}\`${hex.slice(8)}`;
}

/** `lm [um|km] [m NAME]` with CommandLmShowUserModeModule / CommandLmShowKernelModeModule's output. */
function listModules(host: UserModeHost, words: string[]): void {
  let onlyUser = false;
  let onlyKernel = false;
  let search: string | undefined;
  for (let i = 1; i < words.length; i++) {
    const word = words[i].toLowerCase();
    if (word === 'um') onlyUser = true;
    else if (word === 'km') onlyKernel = true;
    else if (word === 'm' && i + 1 < words.length) search = words[++i].toLowerCase();
    else {
      host.print(`err, couldn't resolve error at '${words[i]}'\n\n`);
      return;
    }
  }
  if (onlyUser && onlyKernel) {
    host.print(
      "err, you cannot use both 'um', and 'km', by default HyperDbg shows both user-mode and kernel-mode modules\n",
    );
    return;
  }
  const matches = (m: ModuleView) => search === undefined || m.filePath.toLowerCase().includes(search);
  if (!onlyKernel) {
    host.print('user mode\n');
    host.print('start\t\t\tentrypoint\t\tpath\n\n');
    for (const m of host.modules().filter((x) => x.isUserMode && matches(x))) {
      host.print(
        `${m.base.toString(16).padStart(16, '0')}\t${m.entryPoint.toString(16).padStart(16, '0')}\t${m.filePath}\n`,
      );
    }
  }
  if (onlyUser) return;
  if (!onlyKernel)
    host.print('\n==============================================================================\n\n');
  host.print('kernel mode\n');
  host.print('start\t\t\tsize\tname\t\t\t\tpath\n\n');
  for (const m of host.modules().filter((x) => !x.isUserMode && matches(x))) {
    host.print(`${separated64(m.base)}\t`);
    host.print(`${m.size.toString(16)}\t`);
    host.print(`${m.name}\t`);
    const len = m.name.length;
    if (len < 24) host.print(len >= 16 ? '\t' : len >= 8 ? '\t\t' : '\t\t\t');
    host.print(`${m.filePath}\n`);
  }
}
