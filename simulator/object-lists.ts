import type { Machine } from './machine';
import { SYSTEM_PID } from './machine';

/**
 * `.process list` and `.thread list` as hyperkd walks them (ProcessShowList, ThreadShowList):
 * from nt!PsActiveProcessHead through _EPROCESS.ActiveProcessLinks and _EPROCESS.ThreadListHead,
 * with the field offsets the debugger took from the kernel's PDB. Wrong offsets give the same
 * garbage they would on a real debuggee (the walks are bounded here instead of hanging).
 */

/** _KPROCESS.DirectoryTableBase: a fixed offset in HyperDbg's own NT_KPROCESS definition. */
const KPROCESS_DIRECTORY_TABLE_BASE = 0x28n;
const MAX_WALK = 4096;

export interface ProcessListDetails {
  PsActiveProcessHead: bigint;
  ImageFileNameOffset: number;
  UniquePidOffset: number;
  ActiveProcessLinksOffset: number;
}

export interface ThreadListDetails {
  ThreadListHeadOffset: number;
  ThreadListEntryOffset: number;
  CidOffset: number;
  PsActiveProcessHead: bigint;
  ActiveProcessLinksOffset: number;
  Process: bigint;
}

function reader(machine: Machine) {
  const read = (va: bigint, size: number): Uint8Array => {
    const out = new Uint8Array(size);
    out.set(machine.readVirtual(va, size, SYSTEM_PID));
    return out;
  };
  const u64 = (va: bigint): bigint => new DataView(read(va, 8).buffer).getBigUint64(0, true);
  const valid = (va: bigint): boolean => machine.translate(va, SYSTEM_PID) !== undefined;
  const text = (va: bigint, size: number): string => {
    const bytes = read(va, size);
    const end = bytes.indexOf(0);
    return Buffer.from(end === -1 ? bytes : bytes.subarray(0, end)).toString('latin1');
  };
  return { u64, valid, text };
}

/** Returns false where hyperkd's ProcessShowList returns FALSE (then Result = invalid parameter). */
export function showProcessList(
  machine: Machine,
  d: ProcessListDetails,
  print: (text: string) => void,
): boolean {
  if (
    d.PsActiveProcessHead === 0n ||
    d.ImageFileNameOffset === 0 ||
    d.UniquePidOffset === 0 ||
    d.ActiveProcessLinksOffset === 0
  )
    return false;
  const m = reader(machine);
  if (!m.valid(d.PsActiveProcessHead)) return false;
  const links = BigInt(d.ActiveProcessLinksOffset);
  let flink = m.u64(d.PsActiveProcessHead);
  for (let n = 0; n < MAX_WALK && flink !== d.PsActiveProcessHead; n++) {
    const process = BigInt.asUintN(64, flink - links);
    const name = m.text(process + BigInt(d.ImageFileNameOffset), 15);
    const pid = m.u64(process + BigInt(d.UniquePidOffset));
    const cr3 = m.u64(process + KPROCESS_DIRECTORY_TABLE_BASE);
    print(
      `PROCESS\t${process.toString(16)}\n\tProcess Id: ${pid.toString(16).padStart(4, '0')}\tDirBase (Kernel Cr3): ${cr3.toString(16).padStart(16, '0')}\tImage: ${name}\n\n`,
    );
    flink = m.u64(process + links);
  }
  return true;
}

/** ThreadShowList; `currentProcess` replaces a zero Process (and is written back by the caller). */
export function showThreadList(
  machine: Machine,
  d: ThreadListDetails,
  currentProcess: bigint,
  print: (text: string) => void,
): bigint | undefined {
  if (
    d.ThreadListHeadOffset === 0 ||
    d.ThreadListEntryOffset === 0 ||
    d.CidOffset === 0 ||
    d.PsActiveProcessHead === 0n ||
    d.ActiveProcessLinksOffset === 0
  ) {
    return undefined;
  }
  const m = reader(machine);
  const process = d.Process === 0n ? currentProcess : d.Process;
  const head = process + BigInt(d.ThreadListHeadOffset);
  if (!m.valid(head) || !isListedProcess(m, process, d)) return undefined;
  print(
    `PROCESS\t${process.toString(16)}\tIMAGE\t${machine.processByEprocess(process)?.name.slice(0, 15) ?? ''}\n`,
  );
  let entry = m.u64(head);
  for (let n = 0; n < MAX_WALK && entry !== head; n++) {
    const thread = BigInt.asUintN(64, entry - BigInt(d.ThreadListEntryOffset));
    const pid = m.u64(thread + BigInt(d.CidOffset));
    const tid = m.u64(thread + BigInt(d.CidOffset) + 8n);
    print(`\tTHREAD\t${thread.toString(16)} (${pid.toString(16)}.${tid.toString(16)})\n`);
    entry = m.u64(entry);
  }
  return process;
}

/** ProcessCheckIfEprocessIsValid: the process is on the active process list. */
function isListedProcess(m: ReturnType<typeof reader>, process: bigint, d: ThreadListDetails): boolean {
  const links = BigInt(d.ActiveProcessLinksOffset);
  let flink = m.u64(d.PsActiveProcessHead);
  for (let n = 0; n < MAX_WALK && flink !== d.PsActiveProcessHead; n++) {
    if (BigInt.asUintN(64, flink - links) === process) return true;
    flink = m.u64(flink);
  }
  return false;
}
