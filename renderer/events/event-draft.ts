// The event designer's model: a draft of one HyperDbg event command, the per-type rules the
// form needs (which target fields, whether a calling stage can be chosen), validation with
// messages that say what to fix, and the exact command text the session will run.

import type { ActionKind } from '../../shared/ipc';

export type EventKind =
  | 'monitor'
  | 'epthook'
  | 'epthook2'
  | 'syscall'
  | 'syscall2'
  | 'sysret'
  | 'sysret2'
  | 'cpuid'
  | 'msrread'
  | 'msrwrite'
  | 'ioin'
  | 'ioout'
  | 'exception'
  | 'interrupt'
  | 'dr'
  | 'tsc'
  | 'pmc'
  | 'vmcall'
  | 'crwrite'
  | 'mode'
  | 'trace'
  | 'xsetbv';

export type Stage = 'pre' | 'post' | 'all';
export type MonitorAccess = 'r' | 'w' | 'x' | 'rw' | 'rx' | 'wx' | 'rwx';

interface KindInfo {
  /** Label of the target field, or undefined when the command takes no target. */
  readonly target?: string;
  readonly targetRequired: boolean;
  /** HyperDbg's CLI refuses `stage post|all` for these, or hyperkd never calls them in post. */
  readonly preOnly: boolean;
  readonly help: string;
}

export const EVENT_KINDS: Readonly<Record<EventKind, KindInfo>> = {
  monitor: {
    target: 'from address / symbol',
    targetRequired: true,
    preOnly: false,
    help: 'memory access on a range (EPT)',
  },
  epthook: {
    target: 'address / symbol',
    targetRequired: true,
    preOnly: true,
    help: 'hidden breakpoint hook (EPT, 0xcc)',
  },
  epthook2: { target: 'address / symbol', targetRequired: true, preOnly: true, help: 'detour hook (EPT)' },
  syscall: {
    target: 'syscall number (hex, empty = all)',
    targetRequired: false,
    preOnly: false,
    help: 'SYSCALL via EFER',
  },
  syscall2: {
    target: 'syscall number (hex, empty = all)',
    targetRequired: false,
    preOnly: false,
    help: 'SYSCALL, every #UD handled',
  },
  sysret: { targetRequired: false, preOnly: false, help: 'SYSRET via EFER' },
  sysret2: { targetRequired: false, preOnly: false, help: 'SYSRET, every #UD handled' },
  cpuid: { target: 'EAX (hex, empty = all)', targetRequired: false, preOnly: false, help: 'CPUID execution' },
  msrread: {
    target: 'MSR (hex, empty = all)',
    targetRequired: false,
    preOnly: false,
    help: 'RDMSR execution',
  },
  msrwrite: {
    target: 'MSR (hex, empty = all)',
    targetRequired: false,
    preOnly: false,
    help: 'WRMSR execution',
  },
  ioin: { target: 'port (hex, empty = all)', targetRequired: false, preOnly: false, help: 'IN instruction' },
  ioout: {
    target: 'port (hex, empty = all)',
    targetRequired: false,
    preOnly: false,
    help: 'OUT instruction',
  },
  exception: {
    target: 'vector 0..1e (hex, empty = all)',
    targetRequired: false,
    preOnly: false,
    help: 'exception / fault',
  },
  interrupt: {
    target: 'vector 20..ff (hex)',
    targetRequired: true,
    preOnly: false,
    help: 'external interrupt',
  },
  dr: { targetRequired: false, preOnly: false, help: 'debug register access' },
  tsc: { targetRequired: false, preOnly: false, help: 'RDTSC/RDTSCP' },
  pmc: { targetRequired: false, preOnly: false, help: 'RDPMC' },
  vmcall: { targetRequired: false, preOnly: false, help: 'VMCALL' },
  crwrite: {
    target: 'control register (0 or 4)',
    targetRequired: true,
    preOnly: false,
    help: 'control register write',
  },
  mode: {
    target: 'u, k or ku',
    targetRequired: true,
    preOnly: true,
    help: 'user/kernel mode change (needs pid)',
  },
  trace: {
    target: 'step-in, step-out or step-instrument',
    targetRequired: true,
    preOnly: true,
    help: 'instruction trace',
  },
  xsetbv: {
    target: 'XCR (hex, empty = all)',
    targetRequired: false,
    preOnly: false,
    help: 'XSETBV execution',
  },
};

export const EVENT_KIND_NAMES = Object.keys(EVENT_KINDS) as EventKind[];

export interface EventDraft {
  readonly kind: EventKind;
  readonly target: string;
  /** !monitor only. */
  readonly monitorAccess: MonitorAccess;
  /** !monitor: end address (inclusive) or, with monitorByLength, a length. */
  readonly monitorEnd: string;
  readonly monitorByLength: boolean;
  /** !crwrite mask. */
  readonly mask: string;
  readonly stage: Stage;
  readonly pid: string;
  readonly core: string;
  readonly imm: boolean;
  readonly shortCircuit: boolean;
  readonly buffer: string;
  readonly condition: string;
  readonly action: ActionKind;
  readonly script: string;
  readonly code: string;
}

export function defaultDraft(kind: EventKind = 'monitor'): EventDraft {
  return {
    kind,
    target: '',
    monitorAccess: 'rw',
    monitorEnd: '',
    monitorByLength: false,
    mask: '',
    stage: 'pre',
    pid: '',
    core: '',
    imm: true,
    shortCircuit: false,
    buffer: '',
    condition: '',
    action: 'break',
    script: '',
    code: '',
  };
}

/**
 * The draft for another event type: what the new type means by its target (an address, a syscall
 * number, a leaf…) starts empty, the type-specific fields reset, a pre-only type locks the stage;
 * filters, action, script and code stay.
 */
export function changeKind(d: EventDraft, kind: EventKind): EventDraft {
  const fresh = defaultDraft(kind);
  return {
    ...d,
    kind,
    target: fresh.target,
    monitorAccess: fresh.monitorAccess,
    monitorEnd: fresh.monitorEnd,
    monitorByLength: fresh.monitorByLength,
    mask: fresh.mask,
    stage: EVENT_KINDS[kind].preOnly ? 'pre' : d.stage,
  };
}

const HEX = /^(0x)?[0-9a-f`]+$/i;
const HEX_BYTES = /^([0-9a-f]{2}\s*)+$/i;

export interface DraftProblem {
  readonly field: keyof EventDraft;
  readonly message: string;
}

/** Problems that would make HyperDbg reject the command; empty when it can be applied. */
export function validateDraft(d: EventDraft): DraftProblem[] {
  const info = EVENT_KINDS[d.kind];
  const problems: DraftProblem[] = [];
  const target = d.target.trim();
  if (info.targetRequired && target === '')
    problems.push({ field: 'target', message: `!${d.kind} needs ${info.target}` });
  if (!info.targetRequired && target !== '' && !HEX.test(target) && info.target) {
    problems.push({ field: 'target', message: `${info.target}: '${target}' is not a hex number` });
  }
  if (d.kind === 'mode' && target !== '' && !['u', 'k', 'ku'].includes(target)) {
    problems.push({ field: 'target', message: '!mode takes u (user), k (kernel) or ku (both)' });
  }
  if (d.kind === 'mode' && d.pid.trim() === '')
    problems.push({ field: 'pid', message: '!mode needs a pid filter' });
  if (d.kind === 'trace' && target !== '' && !['step-in', 'step-out', 'step-instrument'].includes(target)) {
    problems.push({ field: 'target', message: '!trace takes step-in, step-out or step-instrument' });
  }
  if (d.kind === 'crwrite' && target !== '' && !['0', '4'].includes(target.replace(/^0x/i, ''))) {
    problems.push({ field: 'target', message: '!crwrite supports cr0 and cr4 only (0 or 4)' });
  }
  if (
    d.kind === 'exception' &&
    target !== '' &&
    HEX.test(target) &&
    parseInt(target.replace(/^0x/i, ''), 16) > 0x1e
  ) {
    problems.push({ field: 'target', message: 'exception vectors go from 0 to 1e' });
  }
  if (d.kind === 'interrupt' && target !== '' && HEX.test(target)) {
    const v = parseInt(target.replace(/^0x/i, ''), 16);
    if (v < 0x20 || v > 0xff)
      problems.push({ field: 'target', message: 'interrupt vectors go from 20 to ff' });
  }
  if (d.kind === 'monitor' && d.monitorEnd.trim() === '') {
    problems.push({
      field: 'monitorEnd',
      message: d.monitorByLength ? '!monitor needs a length' : '!monitor needs an end address',
    });
  }
  if (info.preOnly && d.stage !== 'pre') {
    problems.push({ field: 'stage', message: `!${d.kind} runs in the pre stage only; choose 'pre'` });
  }
  if (d.shortCircuit && d.stage !== 'pre') {
    problems.push({
      field: 'shortCircuit',
      message: "short-circuiting ('sc on') is only allowed with stage pre",
    });
  }
  for (const [field, value] of [
    ['pid', d.pid],
    ['core', d.core],
    ['buffer', d.buffer],
  ] as const) {
    if (value.trim() !== '' && !HEX.test(value.trim()))
      problems.push({ field, message: `${field} must be a hex number` });
  }
  if (
    d.buffer.trim() !== '' &&
    HEX.test(d.buffer.trim()) &&
    parseInt(d.buffer.replace(/^0x/i, ''), 16) >= 1000
  ) {
    problems.push({
      field: 'buffer',
      message: 'the safe buffer must be smaller than 1000 bytes (0xc0000048 otherwise)',
    });
  }
  if (d.condition.trim() !== '' && !HEX_BYTES.test(d.condition.trim())) {
    problems.push({ field: 'condition', message: 'condition is machine code as hex bytes, e.g. 48 31 c0' });
  }
  if (d.action === 'script' && d.script.trim() === '')
    problems.push({ field: 'script', message: 'the script action is empty' });
  if (d.action === 'code' && !HEX_BYTES.test(d.code.trim())) {
    problems.push({ field: 'code', message: 'custom code is machine code as hex bytes, e.g. 90 90' });
  }
  return problems;
}

function compactHex(bytes: string): string {
  return bytes.replace(/\s+/g, '');
}

/** The command text exactly as it will be sent to the session (HyperDbg syntax). */
export function draftToCommand(d: EventDraft): string {
  const info = EVENT_KINDS[d.kind];
  const parts: string[] = [`!${d.kind}`];
  const target = d.target.trim();
  if (d.kind === 'monitor') {
    parts.push(d.monitorAccess, target);
    if (d.monitorByLength) parts.push('l', d.monitorEnd.trim());
    else parts.push(d.monitorEnd.trim());
  } else if (d.kind === 'crwrite') {
    parts.push(target);
    if (d.mask.trim() !== '') parts.push(d.mask.trim());
  } else if (target !== '' && info.target) {
    parts.push(target);
  }
  if (d.pid.trim() !== '') parts.push('pid', d.pid.trim());
  if (d.core.trim() !== '') parts.push('core', d.core.trim());
  if (d.stage !== 'pre') parts.push('stage', d.stage);
  if (d.shortCircuit) parts.push('sc', 'on');
  if (!d.imm) parts.push('imm', 'no');
  if (d.buffer.trim() !== '') parts.push('buffer', d.buffer.trim());
  if (d.condition.trim() !== '') parts.push(`condition {${compactHex(d.condition)}}`);
  if (d.action === 'code') parts.push(`code {${compactHex(d.code)}}`);
  if (d.action === 'script') parts.push(`script {\n${d.script.replace(/\s+$/, '')}\n}`);
  return parts.filter((p) => p !== '').join(' ');
}
