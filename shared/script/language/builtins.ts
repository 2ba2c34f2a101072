/**
 * Editor documentation for HyperDbg v0.23's script vocabulary: every built-in function of the
 * grammar's function lists with its call signature and a one-line description, the
 * pseudo-registers, the registers, keywords and type words. Written for this editor from the
 * engine's behaviour; the names come from the grammar (via the compiler's tables).
 */
import { PSEUDO_REGISTER_NAMES, REGISTER_NAMES } from '../generated/tables';

export interface BuiltinFunctionDoc {
  name: string;
  /** Parameter names in call order. */
  parameters: string[];
  /** True when the call yields a value usable in an expression. */
  returnsValue: boolean;
  doc: string;
}

const fn = (name: string, parameters: string[], returnsValue: boolean, doc: string): BuiltinFunctionDoc => ({
  name,
  parameters,
  returnsValue,
  doc,
});

export const BUILTIN_FUNCTIONS: readonly BuiltinFunctionDoc[] = [
  // Memory reads (virtual)
  fn(
    'poi',
    ['address'],
    true,
    'Reads the 64-bit value at a virtual address; an unmapped address stops the script.',
  ),
  fn('dq', ['address'], true, 'Reads the 64-bit (quad word) value at a virtual address.'),
  fn('dd', ['address'], true, 'Reads the 32-bit (double word) value at a virtual address.'),
  fn('dw', ['address'], true, 'Reads the 16-bit (word) value at a virtual address.'),
  fn('db', ['address'], true, 'Reads the byte at a virtual address.'),
  fn('hi', ['address'], true, 'Reads the quad word at an address and returns its HIWORD (bits 16..31).'),
  fn('low', ['address'], true, 'Reads the quad word at an address and returns its LOWORD (bits 0..15).'),
  // Memory reads (physical)
  fn('poi_pa', ['physical_address'], true, 'Reads the 64-bit value at a physical address.'),
  fn('dq_pa', ['physical_address'], true, 'Reads the 64-bit value at a physical address.'),
  fn('dd_pa', ['physical_address'], true, 'Reads the 32-bit value at a physical address.'),
  fn('dw_pa', ['physical_address'], true, 'Reads the 16-bit value at a physical address.'),
  fn('db_pa', ['physical_address'], true, 'Reads the byte at a physical address.'),
  fn(
    'hi_pa',
    ['physical_address'],
    true,
    'Reads the quad word at a physical address and returns bits 16..31.',
  ),
  fn(
    'low_pa',
    ['physical_address'],
    true,
    'Reads the quad word at a physical address and returns bits 0..15.',
  ),
  // Memory writes
  fn(
    'eq',
    ['address', 'value'],
    true,
    'Writes a 64-bit value to a virtual address; returns 1 on success, 0 if the address is invalid.',
  ),
  fn(
    'ed',
    ['address', 'value'],
    true,
    'Writes a 32-bit value to a virtual address; returns 1 on success, 0 if the address is invalid.',
  ),
  fn(
    'eb',
    ['address', 'value'],
    true,
    'Writes a byte to a virtual address; returns 1 on success, 0 if the address is invalid.',
  ),
  fn(
    'eq_pa',
    ['physical_address', 'value'],
    true,
    'Writes a 64-bit value to a physical address; returns 1 on success.',
  ),
  fn(
    'ed_pa',
    ['physical_address', 'value'],
    true,
    'Writes a 32-bit value to a physical address; returns 1 on success.',
  ),
  fn(
    'eb_pa',
    ['physical_address', 'value'],
    true,
    'Writes a byte to a physical address; returns 1 on success.',
  ),
  fn(
    'memcpy',
    ['destination', 'source', 'size'],
    false,
    'Copies size bytes between virtual addresses; stops the script if either range is invalid.',
  ),
  fn('memcpy_pa', ['destination', 'source', 'size'], false, 'Copies size bytes between physical addresses.'),
  fn('check_address', ['address'], true, 'Returns 1 if the virtual address can be read safely, otherwise 0.'),
  fn(
    'virtual_to_physical',
    ['address'],
    true,
    'Translates a virtual address of the current process to a physical address (0 if unmapped).',
  ),
  fn(
    'physical_to_virtual',
    ['physical_address'],
    true,
    'Translates a physical address to a virtual address (0 if there is none).',
  ),
  fn('reference', ['variable'], true, 'Address of a variable, the same as the & operator.'),
  // Arithmetic helpers
  fn('neg', ['value'], true, "Two's-complement negation of a 64-bit value."),
  fn('not', ['value'], true, 'Bitwise complement of a 64-bit value.'),
  // Strings
  fn(
    'strlen',
    ['string'],
    true,
    'Length of a NUL-terminated ASCII string (a literal or an address); 0 if unreadable.',
  ),
  fn(
    'wcslen',
    ['wide_string'],
    true,
    'Length in characters of a NUL-terminated wide string (L"..." or an address).',
  ),
  fn(
    'strcmp',
    ['string1', 'string2'],
    true,
    'Compares two ASCII strings: 0 if equal, -1 or 1 by order, 2 if one cannot be read.',
  ),
  fn(
    'strncmp',
    ['string1', 'string2', 'count'],
    true,
    'Compares at most count characters of two ASCII strings (0, -1, 1, or 2 on error).',
  ),
  fn(
    'wcscmp',
    ['wide_string1', 'wide_string2'],
    true,
    'Compares two wide strings: 0 if equal, -1 or 1 by order, 2 if one cannot be read.',
  ),
  fn(
    'wcsncmp',
    ['wide_string1', 'wide_string2', 'count'],
    true,
    'Compares at most count characters of two wide strings.',
  ),
  fn(
    'memcmp',
    ['buffer1', 'buffer2', 'count'],
    true,
    'Compares count bytes of two buffers: 0 if equal, -1 or 1 by order, 2 on error.',
  ),
  // Disassembler
  fn('disassemble_len', ['address'], true, 'Length in bytes of the x64 instruction at an address.'),
  fn('disassemble_len32', ['address'], true, 'Length in bytes of the 32-bit x86 instruction at an address.'),
  fn('disassemble_len64', ['address'], true, 'Length in bytes of the x64 instruction at an address.'),
  // Interlocked
  fn(
    'interlocked_increment',
    ['address'],
    true,
    'Atomically adds 1 to the 64-bit value at an address; returns the new value.',
  ),
  fn(
    'interlocked_decrement',
    ['address'],
    true,
    'Atomically subtracts 1 from the 64-bit value at an address; returns the new value.',
  ),
  fn(
    'interlocked_exchange',
    ['target', 'value'],
    true,
    'Atomically stores value at target; returns the previous value.',
  ),
  fn(
    'interlocked_exchange_add',
    ['addend', 'value'],
    true,
    'Atomically adds value to the 64-bit value at addend; returns the previous value.',
  ),
  fn(
    'interlocked_compare_exchange',
    ['destination', 'exchange', 'comparand'],
    true,
    'Atomically stores exchange at destination if it equals comparand; returns the previous value.',
  ),
  // Spinlocks
  fn(
    'spinlock_lock',
    ['lock_address'],
    false,
    'Acquires a spinlock (a 32-bit variable, usually &.global), spinning until it is free.',
  ),
  fn('spinlock_unlock', ['lock_address'], false, 'Releases a spinlock taken with spinlock_lock.'),
  fn(
    'spinlock_lock_custom_wait',
    ['lock_address', 'max_wait'],
    false,
    'Tries to acquire a spinlock, giving up after max_wait attempts.',
  ),
  // Output
  fn('print', ['value'], false, 'Prints a value in hexadecimal followed by a newline.'),
  fn(
    'printf',
    ['format', '...'],
    false,
    'Prints formatted text: %d %i %u %o %x %c %p %s %ws %ls %f and the l, ll, h forms.',
  ),
  fn('formats', ['value'], false, 'Shows a value in every format (the .formats command).'),
  fn('test_statement', ['value'], false, "Reports a value to HyperDbg's script-engine test harness."),
  // Events and debugger
  fn('event_enable', ['event_id'], false, 'Enables the event with this id (its tag minus 0x1000000).'),
  fn('event_disable', ['event_id'], false, 'Disables the event with this id.'),
  fn('event_clear', ['event_id'], false, 'Removes the event with this id.'),
  fn(
    'event_sc',
    ['state'],
    false,
    'In the pre-event stage, 1 short-circuits the event (the action is not emulated), 0 does not.',
  ),
  fn(
    'event_inject',
    ['interruption_type', 'vector'],
    false,
    'Injects an interrupt or exception (type < 8, vector < 256) into the guest.',
  ),
  fn(
    'event_inject_error_code',
    ['interruption_type', 'vector', 'error_code'],
    false,
    'Injects an exception with an error code into the guest.',
  ),
  fn('pause', [], false, 'Breaks to the debugger from an event (not from ? evaluations).'),
  fn('flush', [], false, 'Discards the messages waiting in the debuggee log buffers.'),
  fn('event_trace_step', [], false, 'Single-steps the guest through the tracing mechanism (step in).'),
  fn('event_trace_step_in', [], false, 'Single-steps the guest into calls.'),
  fn('event_trace_step_out', [], false, 'Steps out of the current function (not implemented in v0.23).'),
  fn(
    'event_trace_instrumentation_step',
    [],
    false,
    'Instrumentation step: runs one instruction with the MTF-based tracer.',
  ),
  fn('event_trace_instrumentation_step_in', [], false, 'Instrumentation step into calls.'),
  // Timing
  fn('microsleep', ['microseconds'], false, 'Busy-waits for the given number of microseconds.'),
  fn('rdtsc', [], true, 'Reads the time-stamp counter of the current core.'),
  fn('rdtscp', [], true, 'Reads the time-stamp counter with RDTSCP (serialising).'),
  // LBR
  fn('lbr_save', [], true, 'Saves the last-branch-record stack of the current core.'),
  fn('lbr_dump', [], true, 'Prints the saved last-branch records.'),
  fn('lbr_print', [], true, 'Prints the saved last-branch records in chronological order.'),
  fn('lbr_restore', [], true, 'Restores the saved last-branch records.'),
  fn('lbr_check', [], true, 'Returns whether last-branch recording is available.'),
  fn('lbr_restore_by_filter', ['filter'], true, 'Restores last-branch records that match a filter.'),
];

export function functionSignature(doc: BuiltinFunctionDoc): string {
  return `${doc.name}(${doc.parameters.join(', ')})`;
}

export const PSEUDO_REGISTER_DOCS: Readonly<Record<string, string>> = {
  pid: 'Process id of the current thread.',
  tid: 'Thread id of the current thread.',
  pname: 'Address of the current process image name (use with %s).',
  core: 'Number of the core running the event.',
  proc: 'Address of the current process object (_EPROCESS).',
  thread: 'Address of the current thread object (_ETHREAD).',
  peb: 'Address of the process environment block (PEB).',
  teb: 'Address of the thread environment block (TEB).',
  ip: 'Instruction pointer (RIP) of the guest when the event triggered.',
  buffer: "Address of the event's pre-allocated buffer (the action's buffer option).",
  context: "The event's context value (for example the accessed address or the syscall number).",
  event_tag: 'Tag of the event that triggered the script.',
  event_id: 'Id of the event that triggered the script (tag minus 0x1000000).',
  event_stage: 'Calling stage of the event: 0 pre, 1 post.',
  date: 'Address of the current date text (YYYY-MM-DD) on the debuggee.',
  time: 'Address of the current time text (HH:MM:SS.mmm) on the debuggee.',
};

const GENERAL_FAMILIES: Record<string, [string, string, string, string, string]> = {
  // 64-bit, 32-bit, 16-bit, high byte, low byte
  rax: ['rax', 'eax', 'ax', 'ah', 'al'],
  rcx: ['rcx', 'ecx', 'cx', 'ch', 'cl'],
  rdx: ['rdx', 'edx', 'dx', 'dh', 'dl'],
  rbx: ['rbx', 'ebx', 'bx', 'bh', 'bl'],
};

const FLAG_DOCS: Record<string, string> = {
  cf: 'carry flag',
  pf: 'parity flag',
  af: 'auxiliary carry flag',
  zf: 'zero flag',
  sf: 'sign flag',
  tf: 'trap flag',
  if: 'interrupt enable flag',
  df: 'direction flag',
  of: 'overflow flag',
  iopl: 'I/O privilege level (2 bits)',
  nt: 'nested task flag',
  rf: 'resume flag',
  vm: 'virtual-8086 mode flag',
  ac: 'alignment check flag',
  vif: 'virtual interrupt flag',
  vip: 'virtual interrupt pending flag',
  id: 'CPUID identification flag',
};

/** One-line description of a register by its name. */
export function registerDoc(name: string): string {
  for (const [full, names] of Object.entries(GENERAL_FAMILIES)) {
    const index = names.indexOf(name);
    if (index >= 0) {
      return [
        '64-bit register',
        `low 32 bits of ${full}`,
        `low 16 bits of ${full}`,
        `bits 8..15 of ${full}`,
        `low byte of ${full}`,
      ][index]!;
    }
  }
  const pointerRegisters: Record<string, string> = {
    rsp: 'stack pointer',
    rbp: 'frame pointer',
    rsi: 'source index',
    rdi: 'destination index',
  };
  for (const [full, role] of Object.entries(pointerRegisters)) {
    const stem = full.slice(1);
    if (name === full) return `64-bit ${role} register`;
    if (name === `e${stem}`) return `low 32 bits of ${full}`;
    if (name === stem) return `low 16 bits of ${full}`;
    if (name === `${stem}l`) return `low byte of ${full}`;
  }
  const numbered = /^r(\d+)([dwhl]?)$/.exec(name);
  if (numbered) {
    const base = `r${numbered[1]}`;
    const part = {
      '': '64-bit register',
      d: `low 32 bits of ${base}`,
      w: `low 16 bits of ${base}`,
      h: `bits 8..15 of ${base}`,
      l: `low byte of ${base}`,
    }[numbered[2] as '' | 'd' | 'w' | 'h' | 'l'];
    return part;
  }
  if (['ds', 'es', 'fs', 'gs', 'cs', 'ss'].includes(name)) return `${name.toUpperCase()} segment selector`;
  if (name === 'rflags') return 'flags register (64-bit)';
  if (name === 'eflags') return 'low 32 bits of rflags';
  if (name === 'flags') return 'low 16 bits of rflags';
  if (FLAG_DOCS[name]) return `RFLAGS ${FLAG_DOCS[name]}`;
  if (name === 'rip') return 'instruction pointer';
  if (name === 'eip') return 'low 32 bits of rip';
  if (name === 'ip') return 'low 16 bits of rip';
  if (['idtr', 'gdtr'].includes(name))
    return `base of the ${name === 'idtr' ? 'interrupt' : 'global'} descriptor table`;
  if (name === 'ldtr') return 'local descriptor table selector';
  if (name === 'tr') return 'task register selector';
  if (/^cr\d$/.test(name)) return `control register ${name.toUpperCase()}`;
  if (/^dr\d$/.test(name)) return `debug register ${name.toUpperCase()}`;
  return 'register';
}

export const REGISTERS: readonly string[] = REGISTER_NAMES;
export const PSEUDO_REGISTERS: readonly string[] = PSEUDO_REGISTER_NAMES;

export const KEYWORD_DOCS: Readonly<Record<string, string>> = {
  if: 'if (condition) { ... } — runs the block when the condition is non-zero.',
  elsif: 'elsif (condition) { ... } — a further condition after if.',
  else: 'else { ... } — runs when no previous condition held.',
  while: 'while (condition) { ... } — repeats while the condition is non-zero.',
  do: 'do { ... } while (condition); — runs the block at least once.',
  for: 'for (init; condition; step) { ... }',
  break: 'Leaves the innermost loop.',
  continue: 'Continues with the next iteration of the innermost loop.',
  return: 'Returns from a user-defined function, with a value in non-void functions.',
  sizeof: 'sizeof(type or expression) — size in bytes.',
  struct: 'struct Name { members }; — declares a structure type.',
  typedef: 'typedef type Name; — declares a type alias.',
  '#include': '#include "file.ds" — includes another script file.',
};

export const TYPE_WORDS: readonly string[] = [
  'void',
  'bool',
  'char',
  'short',
  'int',
  'long',
  'unsigned',
  'signed',
  'float',
  'double',
];
