import { describe, expect, it } from 'vitest';
import { callLength, disassemble, isReturn } from './disassembler';

/** HyperDbg's docs show this function start (settings syntax intel); our lines must match. */
const BYTES = Buffer.from(
  '48895C240848896C24104889742418574156415748' +
    '83EC3065488B04252000000033DB440FB73DC53F2000418BE8488BF2895C24688BF94C8B88C0000000',
  'hex',
);

describe('disassemble (HyperDbg / Zydis intel formatting)', () => {
  const lines = disassemble(BYTES, 0xfffff8042d16f010n, { is32Bit: false, maxInstructions: 100 });

  it('formats instructions like Zydis', () => {
    expect(lines.map((l) => l.text)).toEqual([
      'mov qword ptr ss:[rsp+0x08], rbx',
      'mov qword ptr ss:[rsp+0x10], rbp',
      'mov qword ptr ss:[rsp+0x18], rsi',
      'push rdi',
      'push r14',
      'push r15',
      'sub rsp, 0x30',
      'mov rax, qword ptr gs:[0x0000000000000020]',
      'xor ebx, ebx',
      'movzx r15d, word ptr ds:[0xFFFFF8042D373000]',
      'mov ebp, r8d',
      'mov rsi, rdx',
      'mov dword ptr ss:[rsp+0x68], ebx',
      'mov edi, ecx',
      'mov r9, qword ptr ds:[rax+0xC0]',
    ]);
  });

  it("lays lines out like HyperDbg's disassembler", () => {
    expect(lines[0]!.formatted).toBe(
      'fffff804`2d16f010    48 89 5C 24 08                      mov qword ptr ss:[rsp+0x08], rbx',
    );
    expect(lines[3]!.formatted).toBe('fffff804`2d16f01f    57                                  push rdi');
  });

  it('marks conditional branches at RIP as taken or not from RFLAGS', () => {
    const je = Uint8Array.of(0x74, 0x05);
    expect(disassemble(je, 0n, { is32Bit: false, maxInstructions: 1, rflags: 0x40n })[0]!.branch).toBe(
      'taken',
    );
    expect(disassemble(je, 0n, { is32Bit: false, maxInstructions: 1, rflags: 0n })[0]!.formatted).toMatch(
      /je 0x0000000000000007 \[not taken\]$/,
    );
  });

  it('detects calls (for p) and returns (for gu)', () => {
    expect(callLength(Uint8Array.of(0xe8, 0, 0, 0, 0), false)).toBe(5);
    expect(callLength(Uint8Array.of(0xff, 0x15, 0, 0, 0, 0), false)).toBe(6);
    expect(callLength(Uint8Array.of(0x90), false)).toBeUndefined();
    expect(isReturn(Uint8Array.of(0xc3), false)).toBe(true);
    expect(isReturn(Uint8Array.of(0x90), false)).toBe(false);
  });
});
