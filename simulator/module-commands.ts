import { parseHyperDbgNumber32 } from '../shared/numbers';
import { usage, type UserModeHost } from './user-mode-console';

/**
 * The debuggee's `load`/`unload` of HyperDbg's modules and the commands of the trace module
 * (`!lbr`, `!pt`) and the reversing machine (`!rev`), as its user-mode HyperDbg runs them when
 * they are forwarded. After `.debug prepare` the kd and vmm modules are running and the trace
 * module is not; `load trace` starts it (the modelled CPU is an Intel one), after which the LBR
 * operations succeed and the PT ones fail quietly (no Intel PT in the VMware guest). `unload`
 * is refused while connected, as v0.23 does.
 */

const LBR_HELP = [
  '!lbr : performs operation for Last Branch Record (LBR).\n',
  "for dumping LBR entries, you can use the '!lbrdump' command\n",
  'syntax : \t!lbr [Function (string)]\n',
  'syntax : \t!lbr [filter FilterOptions (string)]\n',
  '\n',
  '\t\te.g : !lbr enable\n',
  '\t\te.g : !lbr disable\n',
  '\t\te.g : !lbr flush\n',
  '\n',
  '\t\te.g : !lbr filter\n',
  '\t\te.g : !lbr filter kernel jcc ind_jmp rel_jmp far\n',
  '\t\te.g : !lbr filter kernel jcc return ind_jmp rel_jmp far\n',
  '\t\te.g : !lbr filter kernel jcc ind_jmp rel_jmp\n',
  '\t\te.g : !lbr filter user rel_call ind_call return far\n',
  '\t\te.g : !lbr filter call_stack user\n',
  '\t\te.g : !lbr filter call_stack kernel\n',
  '\nlist of filter options: \n',
  '\t kernel:         do not capture at ring0\n',
  '\t user:           do not capture at ring > 0\n',
  '\t jcc:            do not capture conditional branches\n',
  '\t rel_call:       do not capture relative calls\n',
  '\t ind_call:       do not capture indirect calls\n',
  '\t return:         do not capture near returns\n',
  '\t ind_jmp:        do not capture indirect jumps\n',
  '\t rel_jmp:        do not capture relative jumps\n',
  '\t far:            do not capture far branches (only in legacy LBR. check docs for details)\n',
  '\t other_branches: do not capture jmp/call ptr*, jmp/call m*, ret (0c8h), sys*, interrupts,\n',
  '\t                 exceptions (other than debug exceptions), iret, int3, intn, into, tsx abort\n',
  '\t                 eenter, eresume, eexit, aex, init, sipi, rsm (only in ARCH LBR. check docs for details)\n',
  '\t call_stack:     enable LBR stack to use LIFO filtering to capture call stack profile\n',
  "\t                 not available on CPUs older than Haswell. for this item you can only specify the 'user'\n",
  "\t                 or the 'kernel'. it prevents all types of branches except calls and rets\n",
  '\t (no option):    capture everything (default option)\n',
  '\n',
  'note 1: LBR is usually not supported (or is emulated) in nested virtualization (VM) environments\n',
  'note 2: LBR will be disabled if there is a debug-break (#DB) condition, such as the trap flags or\n',
  '        hardware debug registers (to learn how to mitigate this, check the documentation)\n',
];
const PT_HELP = [
  '!pt : enables, disables and configures Intel Processor Trace (PT).\n\n',
  'syntax : \t!pt enable\n',
  'syntax : \t!pt enable [size BufferSize (hex)]\n',
  'syntax : \t!pt enable [pid ProcessId (hex)] [size BufferSize (hex)] [core CoreId (hex)]\n',
  'syntax : \t!pt enable [tid ThreadId (hex)] [size BufferSize (hex)] [core CoreId (hex)]\n',
  'syntax : \t!pt enable [pname ProcessName (string)] [size BufferSize (hex)] [core CoreId (hex)]\n',
  'syntax : \t!pt enable [path Path (string)] [size BufferSize (hex)] [core CoreId (hex)]\n',
  'syntax : \t!pt enable [cr3 Cr3Value (hex)] [size BufferSize (hex)]\n',
  'syntax : \t!pt disable\n',
  'syntax : \t!pt pause\n',
  'syntax : \t!pt resume\n',
  'syntax : \t!pt flush\n',
  'syntax : \t!pt dump print [type TypeOfDump (string)]\n',
  'syntax : \t!pt dump path [type TypeOfDump (string)]\n',
  'syntax : \t!pt filter [Mode (string)]\n',
  'syntax : \t!pt filter [range1 FromAddress (hex) ToAddress (hex)] [range2 FromAddress (hex) ToAddress (hex)] [range3 FromAddress (hex) ToAddress (hex)] [range4 FromAddress (hex) ToAddress (hex)]\n',
  'syntax : \t!pt filter [range1 module ModuleName (string)] [range2 module ModuleName (string)] [range3 module ModuleName (string)] [range4 module ModuleName (string)]\n',
  'syntax : \t!pt filter [stoprange1 FromAddress (hex) ToAddress (hex)] [stoprange2 FromAddress (hex) ToAddress (hex)] [stoprange3 FromAddress (hex) ToAddress (hex)] [stoprange4 FromAddress (hex) ToAddress (hex)]\n',
  'syntax : \t!pt filter [stoprange1 module ModuleName (string)] [stoprange2 module ModuleName (string)] [stoprange3 module ModuleName (string)] [stoprange4 module ModuleName (string)]\n',
  'syntax : \t!pt packet [PacketType (string)]\n',
  '\n',
  '\t\te.g : !pt enable\n',
  '\t\te.g : !pt enable size 0x200000\n',
  '\t\te.g : !pt enable pid 0x4a8\n',
  '\t\te.g : !pt enable pname notepad.exe\n',
  '\t\te.g : !pt enable tid 0x1234 core 3\n',
  '\t\te.g : !pt enable cr3 0x1aabb000\n',
  '\t\te.g : !pt enable pid 0x4a8 size 0x200000\n',
  '\t\te.g : !pt enable path "c:\\programs\\my exe file.exe" size 0x200000 core 3\n',
  '\t\te.g : !pt disable\n',
  '\t\te.g : !pt pause\n',
  '\t\te.g : !pt resume\n',
  '\t\te.g : !pt flush\n',
  '\t\te.g : !pt dump print type instruction\n',
  '\t\te.g : !pt dump print type packet\n',
  '\t\te.g : !pt dump path C:\\trace.txt type instruction\n',
  '\t\te.g : !pt filter user\n',
  '\t\te.g : !pt filter user kernel\n',
  '\t\te.g : !pt filter range1 0x140001000 0x140002000\n',
  '\t\te.g : !pt filter range1 module main\n',
  '\t\te.g : !pt filter range1 module ntdll range2 module nt\n',
  '\t\te.g : !pt filter stoprange1 0x140003000 0x140004000\n',
  '\t\te.g : !pt packet psb pip tsc\n',
  '\n',
  'Where:\n',
  "\t[Mode (string)] could be 'kernel' or/and 'user'\n",
  "\t[TypeOfDump (string)] could be 'instruction' or 'packet'\n",
  "\t[ModuleName (string)] could be 'main' (the main module of the process), 'nt', 'win32k', or any other module name\n",
  "\t[PacketType (string)] could be either or a combination of 'psb', 'pip', 'tsc', 'mtc', 'cyc', 'tnt', 'tip', 'fup', or 'mode'\n",
  '\n',
];
const REV_HELP = [
  '!rev : uses the reversing machine module in order to reconstruct the programmer/memory assumptions.\n\n',
  'syntax : \t!rev [config] [pid ProcessId (hex)]\n',
  'syntax : \t!rev [path Path (string)] [Parameters (string)]\n',
  '\n',
  '\t\te.g : !rev path c:\\reverse eng\\my_file.exe\n',
  '\t\te.g : !rev pattern\n',
  '\t\te.g : !rev reconstruct\n',
  '\t\te.g : !rev pattern pid 1c0\n',
  '\t\te.g : !rev reconstruct pid 1c0\n',
];
const LOAD_HELP = [
  'load : installs drivers and load modules.\n\n',
  'syntax : \tload [ModuleNameOrAll (string)]\n',
  '\n',
  '\t\te.g : load vmm\n',
  '\t\te.g : load kd\n',
  '\t\te.g : load trace\n',
  '\t\te.g : load all\n',
];
const UNLOAD_HELP = [
  'unload : unloads the kernel modules and uninstalls drivers.\n\n',
  'syntax : \tunload [ModuleNameOrAll (string)]\n',
  'syntax : \tunload [remove] [all]\n',
  '\n',
  '\t\te.g : unload vmm\n',
  '\t\te.g : unload trace\n',
  '\t\te.g : unload kd\n',
  '\t\te.g : unload all\n',
  '\t\te.g : unload remove all\n',
];

const HYPERTRACE_NOT_LOADED =
  "the trace (hypertrace) module is not loaded. Did you use 'load trace' command?\n";

/** Runs `name` when it is one of these commands; false otherwise. */
export function runModuleCommand(host: UserModeHost, name: string, words: string[]): boolean {
  switch (name) {
    case 'load':
    case '.load':
      load(host, words);
      return true;
    case 'unload':
      unload(host, words);
      return true;
    case '!lbr':
      lbr(host, words);
      return true;
    case '!pt':
      pt(host, words);
      return true;
    case '!rev':
    case 'rev':
      rev(host, words);
      return true;
    default:
      return false;
  }
}

const KD_NAMES = new Set(['kd', 'dbg', 'debugger', 'debug', 'kerneldebugger', 'kerneldebug']);

function load(host: UserModeHost, words: string[]): void {
  if (words.length !== 2) {
    usage(host, words[0], LOAD_HELP);
    return;
  }
  const module = words[1].toLowerCase();
  if (module === 'all' || module === '.') {
    host.print('loading the all modules\n');
    // kd and vmm are running; only the trace module starts
    if (!host.state.hyperTraceLoaded) startHyperTrace(host);
  } else if (module === 'vmm' || module === 'vm') {
    host.print(
      "the vmm module is already running, if you use 'load' before, please first unload it using the 'unload' command\n",
    );
  } else if (module === 'trace' || module === 'hypertrace') {
    if (host.state.hyperTraceLoaded) {
      host.print(
        "the trace module is already running, if you use 'load' before, please first unload it using the 'unload' command\n",
      );
      return;
    }
    host.print('loading the trace module\n');
    startHyperTrace(host);
  } else if (KD_NAMES.has(module)) {
    host.print(
      "the kd module is already running, if you use 'load' before, please first unload it using the 'unload' command\n",
    );
  } else host.print('err, module not found\n');
}

/** HyperDbgLoadHyperTraceModule on the modelled (Intel) processor: the init IOCTL succeeds. */
function startHyperTrace(host: UserModeHost): void {
  host.state.hyperTraceLoaded = true;
  host.print('hypertrace (trace) module is running...\n');
}

function unload(host: UserModeHost, words: string[]): void {
  if (words.length !== 2 && words.length !== 3) {
    usage(host, words[0], UNLOAD_HELP);
    return;
  }
  const first = words[1].toLowerCase();
  const second = words[2]?.toLowerCase();
  const known =
    words.length === 2
      ? ['vmm', 'vm', 'trace', 'hypertrace', 'all', '.'].includes(first) || KD_NAMES.has(first)
      : first === 'remove' && ['all', '.', 'vmm', 'vm'].includes(second ?? '');
  // the environment check comes first for every known module: the debuggee is connected
  host.print(
    known
      ? "you're connected to a an instance of HyperDbg, please use '.debug close' command\n"
      : 'err, module not found\n',
  );
}

const LBR_OPERATIONS: Record<string, string> = {
  enable: 'LBR enabled successfully\n',
  disable: 'LBR disabled successfully\n',
  flush: 'LBR branches are flushed\n',
};
const LBR_FILTERS = new Set([
  'kernel',
  'user',
  'jcc',
  'rel_call',
  'ind_call',
  'return',
  'ind_jmp',
  'rel_jmp',
  'far',
  'other_branch',
  'other_branches',
  'call_stack',
]);

function lbr(host: UserModeHost, words: string[]): void {
  const operation = words[1]?.toLowerCase();
  let success: string | undefined;
  if (operation !== undefined && Object.hasOwn(LBR_OPERATIONS, operation) && words.length === 2)
    success = LBR_OPERATIONS[operation];
  else if (operation === 'filter') {
    const options = words.slice(2).map((w) => w.toLowerCase());
    const unknown = words.slice(2).find((w) => !LBR_FILTERS.has(w.toLowerCase()));
    if (unknown !== undefined) host.print(`unknown filter option '${unknown}'\n\n`);
    else if (
      options.includes('call_stack') &&
      options.some((o) => ['rel_call', 'ind_call', 'return'].includes(o))
    )
      host.print(
        "err, invalid filter options for 'call_stack' mode. when the 'call_stack' is enabled, " +
          "'rel_call', 'ind_call', and 'return' could not be specified as filter options\n\n",
      );
    else success = 'LBR filter options are updated successfully\n';
  }
  if (success === undefined) {
    usage(host, words[0], LBR_HELP);
    return;
  }
  host.print(host.state.hyperTraceLoaded ? success : HYPERTRACE_NOT_LOADED);
}

const PT_NO_ARGUMENTS = new Set(['disable', 'pause', 'resume', 'flush']);
const PT_OPERATIONS = new Set(['enable', 'dump', 'filter', 'packet', ...PT_NO_ARGUMENTS]);

/**
 * `!pt`: every operation ends at the driver. Without the trace module that is the module check's
 * message; with it, the kernel refuses (no Intel PT in the guest) and v0.23 prints nothing.
 * `pause` only signals a tracing loop, which never runs here.
 */
function pt(host: UserModeHost, words: string[]): void {
  const operation = words[1]?.toLowerCase();
  if (operation === undefined || !PT_OPERATIONS.has(operation)) {
    usage(host, words[0], PT_HELP);
    return;
  }
  if (PT_NO_ARGUMENTS.has(operation) && words.length !== 2) {
    host.print(`err, '${operation}' takes no arguments\n\n`);
    for (const line of PT_HELP) host.print(line);
    return;
  }
  if (operation !== 'pause' && !host.state.hyperTraceLoaded) host.print(HYPERTRACE_NOT_LOADED);
}

/**
 * `!rev`: the arguments are checked, then the driver's reversing-machine service turns on the
 * mode exec trap on every core and leaves the request's status untouched (zero), which the
 * debuggee's HyperDbg reports as an unknown error. The alias `rev` fails its own first-word check.
 */
function rev(host: UserModeHost, words: string[]): void {
  const bad = (word: string) => {
    host.print(`err, couldn't resolve error at '${word}'\n\n`);
    for (const line of REV_HELP) host.print(line);
  };
  let expectPid = false;
  for (const [index, word] of words.entries()) {
    const lower = word.toLowerCase();
    if (index === 0 && lower === '!rev') continue;
    if (expectPid) {
      if (parseHyperDbgNumber32(word) === undefined) return bad(word);
      expectPid = false;
    } else if (lower === 'pid') expectPid = true;
    else if (lower !== 'pattern' && lower !== 'reconstruct') return bad(word);
  }
  if (expectPid) {
    host.print(
      "err, please enter a valid process id in hex format, or if you want to use it in decimal format, add '0n' prefix to the number\n",
    );
    return;
  }
  host.activateModeExecTrap();
  host.print('err, error not found (0)\n');
}
