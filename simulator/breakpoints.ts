import * as C from '../shared/protocol/generated/constants';
import {
  DEBUGGEE_BREAKPOINT_MODIFICATION_REQUEST as BPM,
  DEBUGGEE_PAUSING_REASON,
} from '../shared/protocol/generated/enums';
import { DEBUGGEE_BP_LIST_OR_MODIFY_PACKET, DEBUGGEE_BP_PACKET } from '../shared/protocol/structs';
import type { SimulatedDebuggee } from './debuggee';
import { PoolIntention } from './pool-manager';
import type { Hit } from './workload';

/**
 * hyperkd's software breakpoints (BreakpointCommands.c): `bp` takes a pre-allocated descriptor
 * pool (0xc0000018 when the 100 of a halt are used up) and writes 0xCC; ids count up from 1;
 * `bl` prints the table as separate Log() calls, oldest first; `be/bd/bc` rewrite or restore the
 * byte; reads show the original bytes; an execution of the address halts with reason 5 (unless
 * breakpoint interception is turned off by TEST_QUERY 4 or 6).
 */

interface Breakpoint {
  id: number;
  address: bigint;
  pid: number;
  tid: number;
  core: number;
  removeAfterHit: boolean;
  enabled: boolean;
  originalByte: number;
  pool: bigint;
}

const OK = C.DEBUGGER_OPERATION_WAS_SUCCESSFUL;
const ALL = 0xffffffff;

export class BreakpointTable {
  /** newest first (InsertHeadList), so `bl` walks it backwards */
  private readonly breakpoints: Breakpoint[] = [];
  private maximumBreakpointId = 0;

  constructor(private readonly d: SimulatedDebuggee) {}

  private get pid(): number {
    return this.d.currentPid();
  }

  /** a24 BP: returns the DEBUGGEE_BP_PACKET answer. */
  add(payload: Uint8Array): Uint8Array {
    const packet = DEBUGGEE_BP_PACKET.decode(payload);
    const machine = this.d.machine;
    if (packet.Core !== ALL && packet.Core >= this.d.options.cores) {
      packet.Result = C.DEBUGGER_ERROR_INVALID_CORE_ID;
    } else if (this.breakpoints.some((b) => b.address === packet.Address)) {
      packet.Result = C.DEBUGGER_ERROR_BREAKPOINT_ALREADY_EXISTS_ON_THE_ADDRESS;
    } else if (machine.readVirtual(packet.Address, 1, this.pid).length !== 1) {
      packet.Result = C.DEBUGGER_ERROR_EDIT_MEMORY_STATUS_INVALID_ADDRESS_BASED_ON_CURRENT_PROCESS;
    } else {
      const pool = this.d.pools.take(PoolIntention.BREAKPOINT_DEFINITION_STRUCTURE);
      if (pool === 0n) {
        packet.Result = C.DEBUGGER_ERROR_MAXIMUM_BREAKPOINT_WITHOUT_CONTINUE;
      } else {
        this.maximumBreakpointId++;
        const bp: Breakpoint = {
          id: this.maximumBreakpointId,
          address: packet.Address,
          pid: packet.Pid,
          tid: packet.Tid,
          core: packet.Core,
          removeAfterHit: packet.RemoveAfterHit,
          enabled: false,
          originalByte: 0,
          pool,
        };
        this.breakpoints.unshift(bp);
        this.write(bp);
        packet.Result = OK;
      }
    }
    return DEBUGGEE_BP_PACKET.encode(packet);
  }

  /** a25 LIST_OR_MODIFY_BREAKPOINTS: returns the answer (the list goes out as logs first). */
  listOrModify(payload: Uint8Array): Uint8Array {
    const packet = DEBUGGEE_BP_LIST_OR_MODIFY_PACKET.decode(payload);
    const bp = this.breakpoints.find((b) => BigInt(b.id) === packet.BreakpointId);
    packet.Result = OK;
    switch (packet.Request) {
      case BPM.DEBUGGEE_BREAKPOINT_MODIFICATION_REQUEST_LIST_BREAKPOINTS:
        this.list();
        break;
      case BPM.DEBUGGEE_BREAKPOINT_MODIFICATION_REQUEST_ENABLE:
        if (!bp) packet.Result = C.DEBUGGER_ERROR_BREAKPOINT_ID_NOT_FOUND;
        else if (bp.enabled) packet.Result = C.DEBUGGER_ERROR_BREAKPOINT_ALREADY_ENABLED;
        else this.write(bp);
        break;
      case BPM.DEBUGGEE_BREAKPOINT_MODIFICATION_REQUEST_DISABLE:
        if (!bp) packet.Result = C.DEBUGGER_ERROR_BREAKPOINT_ID_NOT_FOUND;
        else if (!bp.enabled) packet.Result = C.DEBUGGER_ERROR_BREAKPOINT_ALREADY_DISABLED;
        else this.restore(bp);
        break;
      case BPM.DEBUGGEE_BREAKPOINT_MODIFICATION_REQUEST_CLEAR:
        if (!bp) packet.Result = C.DEBUGGER_ERROR_BREAKPOINT_ID_NOT_FOUND;
        else this.remove(bp);
        break;
      default:
        break;
    }
    return DEBUGGEE_BP_LIST_OR_MODIFY_PACKET.encode(packet);
  }

  /** HyperDbg shows the original bytes under its own 0xCC breakpoints. */
  hideIn(address: bigint, bytes: Uint8Array): Uint8Array {
    const out = bytes.slice();
    for (const bp of this.breakpoints) {
      const offset = bp.address - address;
      if (bp.enabled && offset >= 0n && offset < BigInt(out.length)) out[Number(offset)] = bp.originalByte;
    }
    return out;
  }

  /** Addresses the running workload should execute now and then so that breakpoints get hit. */
  addresses(): bigint[] {
    return this.breakpoints.filter((b) => b.enabled).map((b) => b.address);
  }

  /** A hit executing an enabled breakpoint's address halts with reason 5 (tag = breakpoint id). */
  hits(hit: Hit): boolean {
    const bp = this.breakpoints.find(
      (b) =>
        b.enabled &&
        b.address === hit.rip &&
        (b.core === ALL || b.core === hit.core) &&
        (b.pid === ALL || b.pid === hit.pid) &&
        (b.tid === ALL || b.tid === hit.tid),
    );
    if (!bp) return false;
    // hyperkd puts the original byte back before halting (it is re-armed after the next step)
    this.d.machine.writeVirtual(bp.address, Uint8Array.of(bp.originalByte), hit.pid);
    if (bp.removeAfterHit) this.remove(bp);
    if (this.d.interceptBreakpoints || this.d.interceptEventsForRemoteCommands) return false;
    this.d.halt(hit.core, {
      reason: DEBUGGEE_PAUSING_REASON.DEBUGGEE_PAUSING_REASON_DEBUGGEE_SOFTWARE_BREAKPOINT_HIT,
      tag: BigInt(bp.id),
    });
    return true;
  }

  /** After the instruction under a hit breakpoint ran: write the 0xCC again if it is still enabled. */
  rearm(address: bigint): void {
    const bp = this.breakpoints.find((b) => b.address === address && b.enabled);
    if (bp) this.d.machine.writeVirtual(bp.address, Uint8Array.of(0xcc), this.pid);
  }

  private write(bp: Breakpoint): void {
    bp.originalByte = this.d.machine.readVirtual(bp.address, 1, this.pid)[0];
    this.d.machine.writeVirtual(bp.address, Uint8Array.of(0xcc), this.pid);
    bp.enabled = true;
  }

  private restore(bp: Breakpoint): void {
    if (bp.enabled) this.d.machine.writeVirtual(bp.address, Uint8Array.of(bp.originalByte), this.pid);
    bp.enabled = false;
  }

  private remove(bp: Breakpoint): void {
    this.restore(bp);
    this.d.pools.free(bp.pool);
    this.breakpoints.splice(this.breakpoints.indexOf(bp), 1);
  }

  /** BreakpointListAllBreakpoint: oldest first, one Log call per piece. */
  private list(): void {
    const print = (text: string) => this.d.kernelPrint(text);
    if (this.breakpoints.length === 0) {
      print('Breakpoints list is empty');
      return;
    }
    print('Id   Address           Status\n');
    print('--   ---------------   --------');
    for (const bp of [...this.breakpoints].reverse()) {
      print(
        `\n${bp.id.toString(16).padStart(2, '0')}   ${bp.address.toString(16).padStart(16, '0')}  ${bp.enabled ? 'enabled' : 'disabled'}`,
      );
      if (bp.core !== ALL) print(` core = ${bp.core.toString(16)} `);
      if (bp.pid !== ALL) print(` pid = ${bp.pid.toString(16)} `);
      if (bp.tid !== ALL) print(` tid = ${bp.tid.toString(16)} `);
    }
  }
}
