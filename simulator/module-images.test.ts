import { readFileSync } from 'node:fs';
import { Decoder, DecoderOptions, Mnemonic } from 'iced-x86';
import { describe, expect, it } from 'vitest';
import { readPdb } from '../shared/pdb';
import { DEFAULT_SIMULATOR_OPTIONS, SimulatedDebuggee } from './debuggee';
import { SYSTEM_PID } from './machine';
import { moduleImage, parsePeImage, simulatorSymbolDirectory } from './module-images';

const newMachine = (seed = DEFAULT_SIMULATOR_OPTIONS.seed) =>
  new SimulatedDebuggee({ ...DEFAULT_SIMULATOR_OPTIONS, seed }, () => {}).machine;

describe('simulated modules come from the committed PE + PDB images', () => {
  const machine = newMachine();
  // the catalog's other drivers and DLLs are headers only (no code, no functions)
  const imageModules = machine.modules.filter((m) => m.name !== 'hyperdbg-cli.exe' && m.functions.length > 0);

  it('each module record names its PDB by the GUID/age of the PE, and that PDB has it', () => {
    expect(imageModules.map((m) => m.name)).toEqual([
      'ntoskrnl.exe',
      'hal.dll',
      'hyperkd.sys',
      'hyperhv.sys',
      'ntdll.dll',
    ]);
    for (const m of imageModules) {
      const pdb = readPdb(new Uint8Array(readFileSync(simulatorSymbolDirectory() + m.pdbName)), m.pdbName);
      expect(m.guidAndAge).toBe(pdb.guidAndAge);
    }
    expect(imageModules.find((m) => m.name === 'ntoskrnl.exe')?.pdbName).toBe('ntkrnlmp.pdb');
  });

  it('maps every section of every image at its RVA from the module base', () => {
    for (const m of imageModules) {
      const image = moduleImage(m.name);
      // .data holds the kernel globals the simulator fills in (PsActiveProcessHead...)
      for (const section of image.sections.filter((s) => s.name !== '.data')) {
        const mapped = machine.readVirtual(
          m.base + BigInt(section.rva),
          section.bytes.length,
          m.pid ?? SYSTEM_PID,
        );
        expect(mapped).toEqual(section.bytes);
      }
    }
  });

  it('functions are the PDB publics, and their code holds the instructions events trap', () => {
    const mnemonicsOf = (module: string, fn: string) => {
      const m = machine.modules.find((x) => x.name === module)!;
      const f = m.functions.find((x) => x.name === fn)!;
      const bytes = machine.readVirtual(f.address, 0x100, m.pid ?? SYSTEM_PID);
      const decoder = new Decoder(64, bytes, DecoderOptions.None);
      const seen: Mnemonic[] = [];
      while (decoder.canDecode) {
        const instruction = decoder.decode();
        seen.push(instruction.mnemonic);
        instruction.free();
        if (seen.at(-1) === Mnemonic.Ret) break;
      }
      decoder.free();
      return seen;
    };
    expect(mnemonicsOf('hal.dll', 'HalpCpuidQuery')).toContain(Mnemonic.Cpuid);
    expect(mnemonicsOf('hal.dll', 'HalpReadMsr')).toContain(Mnemonic.Rdmsr);
    expect(mnemonicsOf('hal.dll', 'HalpWriteMsr')).toContain(Mnemonic.Wrmsr);
    expect(mnemonicsOf('hal.dll', 'READ_PORT_UCHAR')).toContain(Mnemonic.In);
    expect(mnemonicsOf('hal.dll', 'WRITE_PORT_UCHAR')).toContain(Mnemonic.Out);
    expect(mnemonicsOf('ntdll.dll', 'NtCreateFile')).toEqual([
      Mnemonic.Mov,
      Mnemonic.Mov,
      Mnemonic.Syscall,
      Mnemonic.Ret,
    ]);
    expect(mnemonicsOf('ntoskrnl.exe', 'KiSystemCall64')[0]).toBe(Mnemonic.Swapgs);
    // a compiled prologue and a call: the kind of frame `k` and `gu` walk
    const allocate = mnemonicsOf('ntoskrnl.exe', 'ExAllocatePoolWithTag');
    expect(allocate[0]).toBe(Mnemonic.Push);
    expect(allocate).toContain(Mnemonic.Call);
    expect(allocate.at(-1)).toBe(Mnemonic.Ret);
  });

  it('rejects an image that is not a PE, naming it', () => {
    expect(() => parsePeImage(new Uint8Array(64), 'bad.sys')).toThrow(
      'bad.sys: not a PE image (no MZ header)',
    );
  });
});

describe('kernel objects are laid out by the simulated kernel PDB', () => {
  const machine = newMachine();
  const nt = machine.modules.find((m) => m.name === 'ntoskrnl.exe')!;
  const pdb = readPdb(
    new Uint8Array(readFileSync(simulatorSymbolDirectory() + 'ntkrnlmp.pdb')),
    'ntkrnlmp.pdb',
  );
  const offset = (type: string, path: string) => BigInt(pdb.types.offsetOf(type, path).offset);
  const global = (name: string) => nt.base + BigInt(pdb.publics.find((p) => p.name === name)!.rva);
  const u64 = (va: bigint) => machine.readU64(va, SYSTEM_PID)!;
  const walk = (head: bigint) => {
    const entries: bigint[] = [];
    for (let entry = u64(head); entry !== head && entries.length < 100; entry = u64(entry))
      entries.push(entry);
    return entries;
  };
  const text = (va: bigint, length: number) => {
    const bytes = machine.readVirtual(va, length, SYSTEM_PID);
    return new TextDecoder('latin1').decode(
      bytes.subarray(0, bytes.indexOf(0) < 0 ? length : bytes.indexOf(0)),
    );
  };

  it('nt!PsActiveProcessHead lists every process through _EPROCESS.ActiveProcessLinks', () => {
    const processes = walk(global('PsActiveProcessHead')).map(
      (link) => link - offset('_EPROCESS', 'ActiveProcessLinks'),
    );
    expect(processes).toEqual(machine.processes.map((p) => p.eprocess));
    for (const p of machine.processes) {
      expect(u64(p.eprocess + offset('_EPROCESS', 'UniqueProcessId'))).toBe(BigInt(p.pid));
      expect(text(p.eprocess + offset('_EPROCESS', 'ImageFileName'), 15)).toBe(p.name.slice(0, 15));
      expect(u64(p.eprocess + offset('_EPROCESS', 'Pcb.DirectoryTableBase'))).toBe(p.cr3);
      const threads = walk(p.eprocess + offset('_EPROCESS', 'ThreadListHead')).map(
        (link) => link - offset('_ETHREAD', 'ThreadListEntry'),
      );
      expect(threads).toEqual(p.threads.map((t) => t.ethread));
      for (const t of p.threads) {
        expect(u64(t.ethread + offset('_ETHREAD', 'Cid.UniqueProcess'))).toBe(BigInt(p.pid));
        expect(u64(t.ethread + offset('_ETHREAD', 'Cid.UniqueThread'))).toBe(BigInt(t.tid));
        expect(u64(t.ethread + offset('_ETHREAD', 'Tcb.Process'))).toBe(p.eprocess);
      }
    }
    expect(u64(global('PsInitialSystemProcess'))).toBe(machine.processes[0].eprocess);
  });

  it('nt!PsLoadedModuleList lists the kernel modules as _KLDR_DATA_TABLE_ENTRY', () => {
    const entries = walk(global('PsLoadedModuleList')).map(
      (link) => link - offset('_KLDR_DATA_TABLE_ENTRY', 'InLoadOrderLinks'),
    );
    const kernel = machine.modules.filter((m) => !m.isUserMode);
    expect(entries).toHaveLength(kernel.length);
    entries.forEach((entry, i) => {
      expect(u64(entry + offset('_KLDR_DATA_TABLE_ENTRY', 'DllBase'))).toBe(kernel[i]!.base);
      const name = entry + offset('_KLDR_DATA_TABLE_ENTRY', 'BaseDllName');
      const length = machine.readVirtual(name, 2, SYSTEM_PID);
      const buffer = u64(name + offset('_UNICODE_STRING', 'Buffer'));
      const utf16 = machine.readVirtual(buffer, length[0]! | (length[1]! << 8), SYSTEM_PID);
      expect(new TextDecoder('utf-16le').decode(utf16)).toBe(kernel[i]!.filePath.split('\\').pop());
    });
  });

  it('stays deterministic: the same seed gives the same kernel objects and module bytes', () => {
    const again = newMachine();
    const region = (m: typeof machine, va: bigint, n: number) => m.readVirtual(va, n, SYSTEM_PID);
    expect(region(again, machine.processes[0].eprocess, 0xa40)).toEqual(
      region(machine, machine.processes[0].eprocess, 0xa40),
    );
    expect(region(again, nt.base, 0x3000)).toEqual(region(machine, nt.base, 0x3000));
  });
});
