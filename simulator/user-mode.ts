import { runHwdbgCommand } from './hwdbg-commands';
import { runModuleCommand } from './module-commands';
import { PoolIntention } from './pool-manager';
import { runUserDebuggerCommand } from './user-debugger-commands';
import { parseHyperDbgNumber } from '../shared/numbers';
import { tokens, usage, type ModuleView, type UserModeHost } from './user-mode-console';

/**
 * The part of the debuggee's user-mode HyperDbg that runs forwarded commands (protocol §6):
 * `prealloc`, `preactivate`, `lm`, `rdmsr`, `wrmsr`, `cpu`, `status`, `!hide`, `!unhide`,
 * `!measure` and `.pe` with their exact console output (every print becomes an a41 packet with
 * operation code 1); the user-mode debugger's commands (user-debugger-commands.ts) and the
 * module/trace commands (module-commands.ts) are dispatched from here too.
 */

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
    case 'rdmsr':
    case 'wrmsr':
      msrCommand(host, words, name === 'wrmsr');
      return;
    case 'cpu':
      if (words.length !== 1) {
        usage(host, words[0], CPU_HELP);
        return;
      }
      cpuReport(host);
      return;
    case 'status':
      if (words.length !== 1) {
        usage(host, words[0], STATUS_HELP);
        return;
      }
      host.print("remote debugging - debuggee ('debugger mode')\n");
      return;
    case '!hide':
      // v0.23 is built with ActivateHyperEvadeProject = FALSE
      host.print(
        'warning, the !hide command (hyperevade project) is in the Beta phase and is not yet well-tested, ' +
          'so it is disabled in this version. If you want to test, you can enable it ' +
          'from the configuration file (set ActivateHyperEvadeProject to TRUE) and recompile HyperDbg\n\n',
      );
      return;
    case '!unhide':
      if (words.length >= 2) {
        usage(host, words[0], UNHIDE_HELP);
        return;
      }
      // the debugger was never hidden (the !hide above is compiled out)
      host.print(
        `err, debugger was not in the hidden transparent-mode (${DEBUGGER_ERROR_DEBUGGER_ALREADY_UNHIDE.toString(16)})\n`,
      );
      return;
    case '!measure':
      host.print('This command is deprecated, you should not use it anymore!\n');
      return;
    case '.pe':
      peCommand(host, words);
      return;
    default:
      if (
        runUserDebuggerCommand(host, name, words) ||
        runModuleCommand(host, name, words) ||
        runHwdbgCommand(host, name, command)
      )
        return;
      // the debugger forwards only the commands of protocol §6.1, all handled above; anything
      // else reaching the debuggee's interpreter is what it says about an unknown command
      host.print(`err, couldn't resolve command at '${words[0] ?? ''}'\n`);
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

/** DEBUGGER_ERROR_DEBUGGER_ALREADY_UNHIDE (ErrorCodes.h) */
const DEBUGGER_ERROR_DEBUGGER_ALREADY_UNHIDE = 0xc0000054;
/** DEBUGGER_READ_AND_WRITE_ON_MSR_APPLY_ALL_CORES */
const ALL_CORES = 0xffffffff;
/** ERROR_INVALID_PARAMETER: what DeviceIoControl reports for the driver's STATUS_INVALID_PARAMETER */
const ERROR_INVALID_PARAMETER = 0x57;
/** ERROR_FILE_NOT_FOUND */
const ERROR_FILE_NOT_FOUND = 2;

const RDMSR_HELP = [
  'rdmsr : reads a model-specific register (MSR).\n\n',
  'syntax : \trdmsr [Msr (hex)] [core CoreNumber (hex)]\n',
  '\n',
  '\t\te.g : rdmsr c0000082\n',
  '\t\te.g : rdmsr c0000082 core 2\n',
];
const WRMSR_HELP = [
  'wrmsr : writes on a model-specific register (MSR).\n\n',
  'syntax : \twrmsr [Msr (hex)] [Value (hex)] [core CoreNumber (hex)]\n',
  '\n',
  '\t\te.g : wrmsr c0000082 fffff8077356f010\n',
  '\t\te.g : wrmsr c0000082 @rcx\n',
  '\t\te.g : wrmsr c0000082 @rcx+@rdx+12\n',
  '\t\te.g : wrmsr c0000082 fffff8077356f010 core 2\n',
];
const CPU_HELP = ['cpu : collects a report from cpu features.\n\n', 'syntax : \tcpu \n'];
const STATUS_HELP = [
  ".status | status : gets the status of current debugger in local system (if you connected to a remote system then '.status' shows the state of current debugger, while 'status' shows the state of remote debuggee).\n\n",
  'syntax : \t.status\n',
  'syntax : \tstatus\n',
];
const UNHIDE_HELP = [
  "!unhide : reverts the transparency measures of the '!hide' command and exits the transparent mode.\n\n",
  'syntax : \t!unhide\n',
  '\n',
  '\t\te.g : !unhide\n',
];
const PE_HELP = [
  '.pe : parses portable executable (PE) files, displays header metadata, and dumps sections.\n\n',
  'syntax : \t.pe [header] [FilePath (string)]\n',
  'syntax : \t.pe [section] [SectionName (string)] [FilePath (string)]\n',
  '\n.pe section dumps are capped at 1 MiB per matching section and 4 MiB total.\n',
  '\n',
  '\t\te.g : .pe header c:\\reverse\\myfile.exe\n',
  '\t\te.g : .pe section .text "c:\\reverse files\\myfile.exe"\n',
  '\t\te.g : .pe section .rdata "c:\\reverse files\\myfile.exe"\n',
];

/** CommandRdmsr / CommandWrmsr: argument rules, then the driver's per-core read or write. */
function msrCommand(host: UserModeHost, words: string[], write: boolean): void {
  const help = write ? WRMSR_HELP : RDMSR_HELP;
  const fail = (text: string) => {
    host.print(text);
    for (const line of help) host.print(line);
  };
  if (words.length >= (write ? 6 : 5)) {
    usage(host, words[0], help);
    return;
  }
  let msr: bigint | undefined;
  let value: bigint | undefined;
  let core = ALL_CORES;
  let nextIsCore = false;
  for (const word of words.slice(1)) {
    if (nextIsCore) {
      const parsed = parseHyperDbgNumber(word);
      if (parsed === undefined || parsed > 0xffffffffn)
        return fail('please specify a correct hex value for core id\n\n');
      core = Number(parsed);
      nextIsCore = false;
    } else if (word.toLowerCase() === 'core') nextIsCore = true;
    else if (msr === undefined) {
      msr = parseHyperDbgNumber(word);
      if (msr === undefined) return fail('please specify a correct hex value to be read\n\n');
    } else if (write && value === undefined) {
      value = parseHyperDbgNumber(word);
      if (value === undefined)
        return fail('please specify a correct hex value or an expression to put on the msr\n\n');
    } else return fail('please specify a correct hex value to be read\n\n');
  }
  if (msr === undefined)
    return fail(
      write
        ? 'please specify a correct hex value to write\n\n'
        : 'please specify a correct hex value to be read\n\n',
    );
  if (write && value === undefined) return fail('please specify a correct hex value to put on msr\n\n');
  if (nextIsCore) return fail('please specify a correct hex value for core\n\n');
  if (core !== ALL_CORES && core >= host.coreCount) {
    host.print(
      `ioctl failed with code (${ERROR_INVALID_PARAMETER.toString(16)}), either msr index or core id is invalid\n`,
    );
    return;
  }
  const cores = core === ALL_CORES ? Array.from({ length: host.coreCount }, (_, i) => i) : [core];
  const index = Number(msr & 0xffffffffn);
  if (write) {
    for (const c of cores) host.writeMsr(c, index, value as bigint);
    host.print('\n');
    return;
  }
  for (const c of cores)
    host.print(
      `core : 0x${c.toString(16)} - msr[${msr.toString(16)}] = ${separated64(host.readMsr(c, index))}\n`,
    );
}

/** The `cpu` report (ReadCpuDetails): vendor, brand, then each feature of its fixed list. */
function cpuReport(host: UserModeHost): void {
  const text = (regs: readonly number[]) =>
    regs
      .map((r) => String.fromCharCode(r & 0xff, (r >>> 8) & 0xff, (r >>> 16) & 0xff, (r >>> 24) & 0xff))
      .join('');
  const [maxLeaf, vb, vc, vd] = host.cpuid(0, 0);
  const vendor = text([vb, vd, vc]);
  const intel = vendor === 'GenuineIntel';
  const amd = vendor === 'AuthenticAMD';
  const [, , ecx1, edx1] = maxLeaf >= 1 ? host.cpuid(1, 0) : [0, 0, 0, 0];
  const [, ebx7, ecx7] = maxLeaf >= 7 ? host.cpuid(7, 0) : [0, 0, 0, 0];
  const maxExtended = host.cpuid(0x80000000, 0)[0] >>> 0;
  const [, , ecx81, edx81] = maxExtended >= 0x80000001 ? host.cpuid(0x80000001, 0) : [0, 0, 0, 0];
  const brand =
    maxExtended >= 0x80000004
      ? text([
          ...host.cpuid(0x80000002, 0),
          ...host.cpuid(0x80000003, 0),
          ...host.cpuid(0x80000004, 0),
        ]).replace(/\0.*$/s, '')
      : '';
  const bit = (reg: number, n: number) => ((reg >>> n) & 1) === 1;
  const features: [string, boolean][] = [
    ['3DNOW', amd && bit(edx81, 31)],
    ['3DNOWEXT', amd && bit(edx81, 30)],
    ['ABM', amd && bit(ecx81, 5)],
    ['ADX', bit(ebx7, 19)],
    ['AES', bit(ecx1, 25)],
    ['AVX', bit(ecx1, 28)],
    ['AVX2', bit(ebx7, 5)],
    ['AVX512CD', bit(ebx7, 28)],
    ['AVX512ER', bit(ebx7, 27)],
    ['AVX512F', bit(ebx7, 16)],
    ['AVX512PF', bit(ebx7, 26)],
    ['BMI1', bit(ebx7, 3)],
    ['BMI2', bit(ebx7, 8)],
    ['CLFSH', bit(edx1, 19)],
    ['CMPXCHG16B', bit(ecx1, 13)],
    ['CX8', bit(edx1, 8)],
    ['ERMS', bit(ebx7, 9)],
    ['F16C', bit(ecx1, 29)],
    ['FMA', bit(ecx1, 12)],
    ['FSGSBASE', bit(ebx7, 0)],
    ['FXSR', bit(edx1, 24)],
    ['HLE', intel && bit(ebx7, 4)],
    ['INVPCID', bit(ebx7, 10)],
    ['LAHF', bit(ecx81, 0)],
    ['LZCNT', intel && bit(ecx81, 5)],
    ['MMX', bit(edx1, 23)],
    ['MMXEXT', amd && bit(edx81, 22)],
    ['MONITOR', bit(ecx1, 3)],
    ['MOVBE', bit(ecx1, 22)],
    ['MSR', bit(edx1, 5)],
    ['OSXSAVE', bit(ecx1, 27)],
    ['PCLMULQDQ', bit(ecx1, 1)],
    ['POPCNT', bit(ecx1, 23)],
    ['PREFETCHWT1', bit(ecx7, 0)],
    ['RDRAND', bit(ecx1, 30)],
    ['RDSEED', bit(ebx7, 18)],
    ['RDTSCP', intel && bit(edx81, 27)],
    ['RTM', intel && bit(ebx7, 11)],
    ['SEP', bit(edx1, 11)],
    ['SHA', bit(ebx7, 29)],
    ['SSE', bit(edx1, 25)],
    ['SSE2', bit(edx1, 26)],
    ['SSE3', bit(ecx1, 0)],
    ['SSE4.1', bit(ecx1, 19)],
    ['SSE4.2', bit(ecx1, 20)],
    ['SSE4a', amd && bit(ecx81, 6)],
    ['SSSE3', bit(ecx1, 9)],
    ['SYSCALL', intel && bit(edx81, 11)],
    ['TBM', amd && bit(ecx81, 21)],
    ['XOP', amd && bit(ecx81, 11)],
    ['XSAVE', bit(ecx1, 26)],
  ];
  host.print(`\nvendor : ${vendor}\n`);
  host.print(`brand : ${brand}\n\n`);
  for (const [name, supported] of features)
    host.print(`${name} ${supported ? 'supported' : 'not supported'}\n`);
}

/**
 * CommandPe's argument rules; the simulated debuggee has no files on disk to map, so a valid
 * request ends where PeIsPE32BitOr64Bit fails to map the file.
 */
function peCommand(host: UserModeHost, words: string[]): void {
  const bad = () => usage(host, words[0], PE_HELP, 'err, ');
  if (words.length <= 2) return bad();
  const option = words[1].toLowerCase();
  if (option === 'section') {
    if (words.length !== 4) return bad();
  } else if (option === 'header') {
    if (words.length !== 3) return bad();
  } else {
    host.print(`err, couldn't resolve error at '${words[1]}'\n\n`);
    for (const line of PE_HELP) host.print(line);
    return;
  }
  host.print(`err, unable to read or map the file (${ERROR_FILE_NOT_FOUND.toString(16)})\n`);
}
