import * as C from '../../shared/protocol/generated/constants';
import { DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA } from '../../shared/protocol/generated/enums';
import { encodeReadRegistersResponse, REGISTER_ID_ALL } from '../../shared/protocol/payloads';
import {
  DEBUGGEE_REGISTER_READ_DESCRIPTION,
  DEBUGGEE_REGISTER_WRITE_DESCRIPTION,
} from '../../shared/protocol/structs';
import { GPR_NAMES, readRegister, writeRegister as writeRegisterValue } from '../registers';
import type { RequestContext, RequestFamily } from './context';

/** `r`: reading all registers or one, and writing one, on the operating core. */

const OK = C.DEBUGGER_OPERATION_WAS_SUCCESSFUL;

export function registerRequests(ctx: RequestContext): RequestFamily {
  return {
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_READ_REGISTERS]: (p) => readRegisters(ctx, p),
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_WRITE_REGISTER]: (p) => writeRegister(ctx, p),
  };
}

function readRegisters(ctx: RequestContext, payload: Uint8Array): void {
  const description = DEBUGGEE_REGISTER_READ_DESCRIPTION.decode(payload);
  const regs = ctx.core.regs;
  if (description.RegisterId === REGISTER_ID_ALL) {
    description.KernelStatus = OK;
    const gpr = Object.fromEntries(GPR_NAMES.map((n) => [n, regs.gpr[n]]));
    ctx.respond(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_READING_REGISTERS,
      encodeReadRegistersResponse(description, {
        regs: gpr,
        extra: {
          CS: regs.cs,
          DS: regs.ds,
          FS: regs.fs,
          GS: regs.gs,
          ES: regs.es,
          SS: regs.ss,
          RFLAGS: regs.rflags,
          RIP: regs.rip,
        },
      }),
    );
    return;
  }
  const value = readRegister(regs, description.RegisterId);
  if (value === undefined) description.KernelStatus = C.DEBUGGER_ERROR_INVALID_REGISTER_NUMBER;
  else {
    description.Value = value;
    description.KernelStatus = OK;
  }
  ctx.respond(
    RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_READING_REGISTERS,
    DEBUGGEE_REGISTER_READ_DESCRIPTION.encode(description),
  );
}

function writeRegister(ctx: RequestContext, payload: Uint8Array): void {
  const description = DEBUGGEE_REGISTER_WRITE_DESCRIPTION.decode(payload);
  description.KernelStatus = writeRegisterValue(ctx.core.regs, description.RegisterId, description.Value)
    ? OK
    : C.DEBUGGER_ERROR_INVALID_REGISTER_NUMBER;
  ctx.respond(
    RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_WRITE_REGISTER,
    DEBUGGEE_REGISTER_WRITE_DESCRIPTION.encode(description),
  );
}
