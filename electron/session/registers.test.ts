import { describe, expect, it } from 'vitest';
import { encodeReadRegistersResponse, GUEST_REGS_NAMES, REGISTER_ID_ALL } from '../../shared/protocol';
import { STATUS_SUCCESS } from './packets';
import { decodeAllRegisters, decodeRegisterResponse, encodeReadRegister } from './registers';

const regs = Object.fromEntries(GUEST_REGS_NAMES.map((name, i) => [name, BigInt(i + 1) << 32n]));
const extra = {
  CS: 0x10,
  DS: 0x2b,
  FS: 0x53,
  GS: 0x2b,
  ES: 0x2b,
  SS: 0x18,
  RFLAGS: 0x246n,
  RIP: 0xfffff801n,
};

describe('register packets', () => {
  it('names every register of the all-registers response in lower case', () => {
    const payload = encodeReadRegistersResponse(
      { RegisterId: REGISTER_ID_ALL, KernelStatus: STATUS_SUCCESS },
      { regs, extra },
    );
    const values = decodeAllRegisters(payload)?.values;
    expect(values?.rax).toBe(1n << 32n);
    expect(values?.rcx).toBe(2n << 32n);
    expect(values?.r15).toBe(16n << 32n);
    expect([values?.cs, values?.fs, values?.ss, values?.rflags, values?.rip]).toEqual([
      0x10n,
      0x53n,
      0x18n,
      0x246n,
      0xfffff801n,
    ]);
  });

  it('reports no registers when the debuggee answered with an error', () => {
    const payload = encodeReadRegistersResponse(
      { RegisterId: REGISTER_ID_ALL, KernelStatus: 0xc0000010 },
      { regs, extra },
    );
    expect(decodeAllRegisters(payload)).toBeUndefined();
    expect(decodeAllRegisters(new Uint8Array(3))).toBeUndefined();
  });

  it('puts the register id first and reads value and status of a single register', () => {
    expect([...encodeReadRegister(0x11).subarray(0, 4)]).toEqual([0x11, 0, 0, 0]);
    const answer = encodeReadRegistersResponse({
      RegisterId: 0,
      Value: 0x1234n,
      KernelStatus: STATUS_SUCCESS,
    });
    expect(decodeRegisterResponse(answer)).toEqual({ value: 0x1234n, status: STATUS_SUCCESS });
  });
});
