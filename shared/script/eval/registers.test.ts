import { describe, expect, it } from 'vitest';
import { REGISTER_NAMES } from '../generated/tables';
import { ScriptCompileSession } from '../index';
import { createMemoryHost, evaluateScript, RegisterFile } from './index';

const id = (name: string) => REGISTER_NAMES.indexOf(name);

describe('RegisterFile (HyperDbg Regs.c semantics)', () => {
  it('resolves every script register name', () => {
    const file = new RegisterFile();
    for (let i = 0; i < REGISTER_NAMES.length; i++)
      expect(file.writeRegister(i, 0n), REGISTER_NAMES[i]).toBe(true);
    expect(file.readRegister(REGISTER_NAMES.length)).toBe(0x8000_0000n);
    expect(file.writeRegister(500, 1n)).toBe(false);
  });

  it('reads slices and writes only the slice', () => {
    const file = new RegisterFile({ rax: 0x1122_3344_5566_7788n, r9: 0xffffn });
    expect(file.readRegister(id('eax'))).toBe(0x5566_7788n);
    expect(file.readRegister(id('ah'))).toBe(0x77n);
    expect(file.readRegister(id('r9h'))).toBe(0xffn);
    file.writeRegister(id('eax'), 0xaaaa_aaaa_0000_0001n);
    expect(file.get('rax')).toBe(0x1122_3344_0000_0001n);
    file.writeRegister(id('ah'), 0x1ffn);
    expect(file.get('rax')).toBe(0x1122_3344_0000_ff01n);
    file.writeRegister(id('sil'), 0x1234n);
    expect(file.get('rsi')).toBe(0x34n);
  });

  it('reads and writes single flags; iopl keeps the engine quirk', () => {
    const file = new RegisterFile({ rflags: 0x202n });
    expect(file.readRegister(id('if'))).toBe(1n);
    expect(file.readRegister(id('zf'))).toBe(0n);
    file.writeRegister(id('zf'), 3n);
    expect(file.get('rflags')).toBe(0x242n);
    file.writeRegister(id('if'), 2n); // bit 0 of the value decides
    expect(file.get('rflags')).toBe(0x42n);
    file.writeRegister(id('iopl'), 0x11n);
    expect(file.readRegister(id('iopl'))).toBe(3n);
    file.writeRegister(id('iopl'), 0x2n);
    expect(file.readRegister(id('iopl'))).toBe(0n);
  });

  it('backs a host: scripts assign partial registers as on the debuggee', () => {
    const registerFile = new RegisterFile({ rcx: 0xffff_ffff_ffff_ffffn });
    const host = createMemoryHost({ registerFile });
    const compiled = new ScriptCompileSession().compile('@ecx = 5; @zf = 1; print(@rcx);');
    if (!compiled.ok) throw new Error(compiled.error.message);
    expect(evaluateScript(compiled.bytes, host).ok).toBe(true);
    expect(host.text).toBe('ffffffff00000005\n');
    expect(registerFile.readRegister(id('zf'))).toBe(1n);
  });
});
