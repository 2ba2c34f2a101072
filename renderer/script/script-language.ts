// HyperDbg script language data for the editor, derived from the shared compiler's vocabulary:
// keywords and built-in functions (with their call shapes), registers and pseudo-registers.
// Pure data + functions so the tokenizer rules and completion lists are testable without Monaco.
import { FUNCTION_SHAPES, KEYWORDS, type FunctionShape } from '../../shared/script/language/vocabulary';
import { PSEUDO_REGISTER_NAMES, REGISTER_NAMES } from '../../shared/script/generated/tables';

export const LANGUAGE_ID = 'hyperdbg-script';

const SHAPE_SIGNATURE: Record<FunctionShape, string> = {
  zeroVoid: '()',
  zeroValue: '() → value',
  oneVoid: '(x)',
  oneValue: '(x) → value',
  twoVoid: '(a, b)',
  twoValue: '(a, b) → value',
  threeVoid: '(a, b, c)',
  threeValue: '(a, b, c) → value',
  strOne: '(str) → value',
  strTwo: '(str1, str2) → value',
  strThree: '(a, b, n) → value',
  wstrOne: '(wstr) → value',
  wstrTwo: '(wstr1, wstr2) → value',
  wstrThree: '(a, b, n) → value',
  printf: '(format, args...)',
};

const FUNCTION_DOCS: Record<string, string> = {
  printf: 'formatted output to the debugger (%llx, %d, %s, %ws, %p …)',
  print: 'prints the value of an expression',
  poi: 'reads a pointer-sized value (8 bytes) from virtual memory',
  db: 'reads a byte',
  dw: 'reads a word',
  dd: 'reads a dword',
  dq: 'reads a qword',
  eb: 'writes a byte: eb(address, value)',
  ed: 'writes a dword',
  eq: 'writes a qword',
  pause: 'halts the debuggee and gives control to the debugger',
  event_enable: 'enables an event by id',
  event_disable: 'disables an event by id',
  event_clear: 'clears an event by id',
  event_sc: 'short-circuits the current event (1) or not (0)',
  check_address: 'returns 1 if the address is safe to read',
  strlen: 'length of an ASCII string',
  wcslen: 'length of a wide string',
  memcpy: 'copies bytes: memcpy(dst, src, n)',
  spinlock_lock: 'takes a spinlock',
  spinlock_unlock: 'releases a spinlock',
  virtual_to_physical: 'translates a virtual address',
  physical_to_virtual: 'translates a physical address',
  rdtsc: 'reads the time-stamp counter',
  microsleep: 'busy-waits for microseconds',
  formats: 'shows a value in all formats',
};

const PSEUDO_DOCS: Record<string, string> = {
  pid: 'current process id',
  tid: 'current thread id',
  pname: 'current process name',
  core: 'current core',
  proc: 'current _EPROCESS',
  thread: 'current _ETHREAD',
  peb: 'process environment block',
  teb: 'thread environment block',
  ip: 'instruction pointer',
  buffer: "the event's safe buffer (buffer N)",
  context: "the event's context (address, MSR, syscall number …)",
  event_tag: 'tag of the triggering event',
  event_id: 'id of the triggering event',
  event_stage: 'calling stage: 0 pre, 1 post',
  date: 'current date',
  time: 'current time',
};

export const FUNCTION_NAMES: readonly string[] = [...FUNCTION_SHAPES.keys()].sort();
export const STATEMENT_KEYWORDS: readonly string[] = [...KEYWORDS]
  .filter((k) => !FUNCTION_SHAPES.has(k))
  .sort();
export const PSEUDO_REGISTERS: readonly string[] = PSEUDO_REGISTER_NAMES;
export { REGISTER_NAMES };

export interface LanguageItem {
  readonly label: string;
  readonly kind: 'function' | 'keyword' | 'register' | 'pseudo-register';
  /** Text inserted (registers with @, pseudo-registers with $). */
  readonly insert: string;
  readonly detail: string;
  readonly doc: string;
}

export function languageItems(): LanguageItem[] {
  const items: LanguageItem[] = [];
  for (const name of FUNCTION_NAMES) {
    const shape = FUNCTION_SHAPES.get(name)!;
    items.push({
      label: name,
      kind: 'function',
      insert: name,
      detail: `${name}${SHAPE_SIGNATURE[shape]}`,
      doc: FUNCTION_DOCS[name] ?? 'built-in function',
    });
  }
  for (const k of STATEMENT_KEYWORDS)
    items.push({ label: k, kind: 'keyword', insert: k, detail: 'keyword', doc: '' });
  for (const r of REGISTER_NAMES)
    items.push({
      label: `@${r}`,
      kind: 'register',
      insert: `@${r}`,
      detail: 'register',
      doc: `register ${r}`,
    });
  for (const p of PSEUDO_REGISTERS) {
    items.push({
      label: `$${p}`,
      kind: 'pseudo-register',
      insert: `$${p}`,
      detail: 'pseudo-register',
      doc: PSEUDO_DOCS[p] ?? '',
    });
  }
  return items;
}

/** Hover text for the word at a position (`@rax`, `$pid`, `printf`), or null. */
export function hoverText(word: string): string | null {
  const lower = word.toLowerCase();
  const item = languageItems().find((i) => i.label === lower || i.label === word);
  if (!item) return null;
  return item.doc
    ? `**${item.detail.startsWith(item.label) ? item.detail : item.label}** — ${item.doc}`
    : `**${item.label}** (${item.detail})`;
}
