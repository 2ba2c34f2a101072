import * as C from '../shared/protocol/generated/constants';
import {
  DEBUGGEE_PAUSING_REASON,
  DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA,
} from '../shared/protocol/generated/enums';
import { EVENT_TAG_START_SEED } from '../shared/protocol/event-packets';
import { DEBUGGEE_FORMATS_PACKET } from '../shared/protocol/structs';
import {
  createGlobalState,
  evaluateScript,
  type PreparedScript,
  type ScriptGlobalState,
  type ScriptHost,
} from '../shared/script/eval';
import type { SimulatedDebuggee } from './debuggee';
import { CallingStage } from './event-table';
import { readRegister, writeRegister } from './registers';
import { latin1 } from './wire';

/**
 * Runs HyperDbg script bytecode on the simulated machine through the shared evaluator, as
 * DebuggerPerformRunScript does: for event actions (output tagged with the event tag, `imm no`
 * buffering, `$event_stage`), and for `?` / RUN_SCRIPT while halted (output tagged with the tag
 * of the current halt, `formats()` answered with a RESULT_OF_FORMATS packet).
 */

export interface ScriptContext {
  core: number;
  /** the event tag, or for `?` the tag of the halt (event tag / breakpoint id / 0) */
  tag: bigint;
  /** CallingStage of the event execution (1 pre, 2 post); 0 when not in an event */
  stage: number;
  /** `$context` */
  eventContext: bigint;
  immediate: boolean;
  /** `$buffer` */
  safeBuffer: bigint;
  isEventAction: boolean;
}

/** PSEUDO_REGISTER_* indexes (ScriptEngineCommonDefinitions.h). */
const PSEUDO = {
  pid: 0,
  tid: 1,
  pname: 2,
  core: 3,
  proc: 4,
  thread: 5,
  peb: 6,
  teb: 7,
  ip: 8,
  buffer: 9,
  context: 10,
  event_tag: 11,
  event_id: 12,
  event_stage: 13,
  date: 14,
  time: 15,
};
/** Where the text of `$pname`, `$date` and `$time` is placed for the script to read. */
const TEXT_AREA = 0xfffff80000fe0000n;
const INVALID = 0x80000000n;

export class ScriptRunner {
  private readonly globals: ScriptGlobalState = createGlobalState();
  /** one host per core, reused across runs (scripts run per event hit, so this is hot) */
  private readonly hosts = new Map<number, ScriptHost>();
  private active: ScriptContext | undefined;
  private pausedThisRun = false;
  private readonly texts = new Map<bigint, Uint8Array>();

  constructor(private readonly debuggee: SimulatedDebuggee) {}

  /**
   * Executes a script; returns true when the script called `pause()` and the debuggee halted
   * (only possible for event actions).
   */
  run(bytecode: Uint8Array | PreparedScript, _symbolCount: number, context: ScriptContext): boolean {
    let host = this.hosts.get(context.core);
    if (!host) {
      host = this.createHost(context.core);
      this.hosts.set(context.core, host);
    }
    this.active = context;
    this.pausedThisRun = false;
    evaluateScript(bytecode, host, this.globals, { postEventStage: context.stage === CallingStage.POST });
    this.active = undefined;
    return this.pausedThisRun;
  }

  private context(): ScriptContext {
    if (!this.active) throw new Error('script host used outside a script run');
    return this.active;
  }

  /** `$pname`, `$date`, `$time`: text placed where the script can read it. */
  private text(slot: bigint, value: string): bigint {
    const address = TEXT_AREA + slot * 0x100n;
    this.texts.set(address, latin1(value + '\0'));
    return address;
  }

  private readText(address: bigint, size: number): Uint8Array | undefined {
    for (const [start, bytes] of this.texts) {
      if (address >= start && address + BigInt(size) <= start + BigInt(bytes.length)) {
        const at = Number(address - start);
        return bytes.slice(at, at + size);
      }
    }
    return undefined;
  }

  private createHost(coreIndex: number): ScriptHost {
    const d = this.debuggee;
    const machine = d.machine;
    const core = machine.cores[coreIndex];
    return {
      readRegister: (id) => readRegister(core.regs, id) ?? 0n,
      writeRegister: (id, value) => {
        writeRegister(core.regs, id, value);
      },
      readPseudoRegister: (id) => {
        const context = this.context();
        switch (id) {
          case PSEUDO.pid:
            return BigInt(core.pid);
          case PSEUDO.tid:
            return BigInt(core.tid);
          case PSEUDO.pname:
            return this.text(0n, machine.processById(core.pid)?.name ?? '');
          case PSEUDO.core:
            return BigInt(coreIndex);
          case PSEUDO.proc:
            return machine.processById(core.pid)?.eprocess ?? 0n;
          case PSEUDO.thread:
            return machine.threadById(core.tid)?.thread.ethread ?? 0n;
          case PSEUDO.peb:
            return 0x2f5a6c4000n + BigInt(core.pid) * 0x1000n;
          case PSEUDO.teb:
            return 0x2f5a6c8000n + BigInt(core.tid) * 0x2000n;
          case PSEUDO.ip:
            return core.regs.rip;
          case PSEUDO.buffer:
            return context.safeBuffer;
          case PSEUDO.context:
            return context.eventContext;
          case PSEUDO.event_tag:
            return context.tag;
          case PSEUDO.event_id:
            return context.tag >= EVENT_TAG_START_SEED ? context.tag - EVENT_TAG_START_SEED : 0n;
          case PSEUDO.event_stage:
            return context.stage === CallingStage.POST ? 1n : 0n;
          case PSEUDO.date:
            return this.text(1n, '2026-11-21');
          case PSEUDO.time:
            return this.text(2n, d.clock.timeOfDay().slice(0, 8));
          default:
            return INVALID;
        }
      },
      readMemory: (address, size) => {
        const special = this.readText(address, size);
        if (special) return special;
        const bytes = machine.readVirtual(address, size, core.pid);
        return bytes.length === size ? bytes : undefined;
      },
      writeMemory: (address, bytes) => machine.writeVirtual(address, bytes, core.pid),
      readPhysicalMemory: (address, size) => machine.readPhysical(address, size),
      writePhysicalMemory: (address, bytes) => machine.writePhysical(address, bytes),
      virtualToPhysical: (address) => machine.translate(address, core.pid) ?? 0n,
      physicalToVirtual: (address) => machine.physicalToVirtual(address) ?? 0n,
      output: (out) => this.output(this.context(), out),
      formats: (value) => {
        if (this.context().isEventAction) return;
        d.send(
          RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_FORMATS,
          DEBUGGEE_FORMATS_PACKET.encode({ Value: value, Result: C.DEBUGGER_OPERATION_WAS_SUCCESSFUL }),
        );
      },
      pause: () => {
        const context = this.context();
        if (!context.isEventAction) return false;
        d.halt(context.core, {
          reason: DEBUGGEE_PAUSING_REASON.DEBUGGEE_PAUSING_REASON_DEBUGGEE_EVENT_TRIGGERED,
          tag: context.tag,
          stage: context.stage,
        });
        this.pausedThisRun = true;
        return true;
      },
      eventEnable: (tag) => toggle(d, tag, true),
      eventDisable: (tag) => toggle(d, tag, false),
      eventClear: (tag) => d.events.clearNow(tag),
      eventShortCircuit: (enabled) => {
        d.shortCircuit[coreIndex] = enabled;
      },
      isAddressValid: (address, size) => machine.readVirtual(address, size, core.pid).length === size,
    };
  }

  /**
   * The evaluator reports print/printf text and hyperkd's own LogInfo/LogWarning lines through
   * one sink; the latter get the kernel's time/core prefix and an info/warning operation code.
   */
  private output(context: ScriptContext, text: string): void {
    const d = this.debuggee;
    const kernelLine = /^\[([+-])\] (?:Information|Warning) \(([^:]+):(\d+)\) \| ([\s\S]*)\n$/.exec(text);
    if (kernelLine) {
      d.kernelLog(
        kernelLine[1] === '+' ? 'info' : 'warning',
        kernelLine[2],
        Number(kernelLine[3]),
        kernelLine[4],
      );
      return;
    }
    d.scriptOutput(context.tag, context.isEventAction ? context.immediate : true, text);
  }
}

function toggle(d: SimulatedDebuggee, tag: bigint, enabled: boolean): boolean {
  const event = d.events.get(tag);
  if (!event) return false;
  event.enabled = enabled;
  return true;
}
