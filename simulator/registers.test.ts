import { describe, expect, it } from 'vitest';
import { REGS_ENUM } from '../shared/protocol/generated/enums';
import { GPR_NAMES, readRegister, writeRegister, type CoreRegisters } from './registers';

function registers(): CoreRegisters {
  const gpr = Object.fromEntries(
    GPR_NAMES.map((n, i) => [n, 0x1111111111111111n * BigInt(i + 1)]),
  ) as CoreRegisters['gpr'];
  return {
    gpr,
    rip: 0xfffff80163a01010n,
    rflags: 0x246n,
    cs: 0x10,
    ds: 0x2b,
    es: 0x2b,
    fs: 0x53,
    gs: 0x2b,
    ss: 0x18,
    cr0: 1n,
    cr2: 2n,
    cr3: 3n,
    cr4: 4n,
    cr8: 8n,
    dr: [0n, 0n, 0n, 0n, 0n, 0x400n],
    idtr: 5n,
    gdtr: 6n,
    ldtr: 0,
    tr: 0x40,
  };
}

describe('REGS_ENUM access', () => {
  it('every id of REGS_ENUM is readable', () => {
    const r = registers();
    for (const [name, id] of Object.entries(REGS_ENUM)) expect(readRegister(r, id), name).toBeDefined();
    expect(readRegister(r, 120)).toBeUndefined();
  });

  it('views follow the x86 layout, including the four-view registers rsp/rbp/rsi/rdi', () => {
    const r = registers();
    r.gpr.rbp = 0x1122334455667788n;
    expect(readRegister(r, REGS_ENUM.REGISTER_EBP)).toBe(0x55667788n);
    expect(readRegister(r, REGS_ENUM.REGISTER_BP)).toBe(0x7788n);
    expect(readRegister(r, REGS_ENUM.REGISTER_BPL)).toBe(0x88n);
    r.gpr.rax = 0x1122334455667788n;
    expect(readRegister(r, REGS_ENUM.REGISTER_AH)).toBe(0x77n);
    writeRegister(r, REGS_ENUM.REGISTER_AL, 0xffn);
    expect(r.gpr.rax).toBe(0x11223344556677ffn);
    writeRegister(r, REGS_ENUM.REGISTER_EAX, 1n); // 32-bit writes zero-extend
    expect(r.gpr.rax).toBe(1n);
    writeRegister(r, REGS_ENUM.REGISTER_R9D, 0xabcdn);
    expect(readRegister(r, REGS_ENUM.REGISTER_R9)).toBe(0xabcdn);
    writeRegister(r, REGS_ENUM.REGISTER_ZF, 0n);
    expect(r.rflags).toBe(0x206n);
    expect(readRegister(r, REGS_ENUM.REGISTER_IF)).toBe(1n);
  });
});
