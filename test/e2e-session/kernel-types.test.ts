import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openTcpSimSession } from '../support/tcp-sim-session';
import { afterEach, describe, expect, it } from 'vitest';
import { readPdb } from '../../shared/pdb';
import type { Frame } from '../../shared/protocol/frame';
import type { SimulationRunner } from '../../simulator/runner';
import { simulatorSymbolDirectory } from '../../simulator/module-images';
import { simulatorSymbolPath } from '../../electron/app/in-process-simulator';
import { Action } from '../../electron/session/packets';

/**
 * Kernel types end to end: the session loads the simulated kernel's PDB from the symbol path,
 * `.process list`/`.thread list` send the offsets that PDB gives (checked byte by byte against
 * HyperDbg v0.23's struct layout), the simulator walks its objects with them, and `dt`,
 * `struct` and `dl` print what is in its memory.
 */
const layouts = JSON.parse(
  readFileSync(new URL('../fixtures/hyperdbg-v0.23/layouts.json', import.meta.url), 'utf8'),
) as Record<string, { size: number; fields: { name: string; offset: number }[] }>;
const fieldAt = (struct: string, field: string) =>
  layouts[struct]!.fields.find((f) => f.name === field)!.offset;
const pdb = readPdb(
  new Uint8Array(readFileSync(simulatorSymbolDirectory() + 'ntkrnlmp.pdb')),
  'ntkrnlmp.pdb',
);
const offsetOf = (type: string, field: string) => pdb.types.offsetOf(type, field).offset;

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Started {
  readonly runner: SimulationRunner;
  run(line: string): Promise<{ ok: boolean; output: string; frames: Frame[] }>;
}

async function start(symbolPath: string): Promise<Started> {
  const { wired, sent, output, clearOutput, runner } = await openTcpSimSession(cleanups, {
    session: { symbolPath },
  });
  return {
    runner: runner(),
    async run(line) {
      clearOutput();
      const before = sent.length;
      const outcome = await wired.dispatcher.execute(line);
      // the simulator's prints arrive as log frames right behind the answer
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { ok: outcome.ok, output: output(), frames: sent.slice(before) };
    },
  };
}

describe('kernel types from the simulated kernel PDB, end to end', () => {
  it('.process list sends nt!PsActiveProcessHead and _EPROCESS offsets at the v0.23 layout and lists every process', async () => {
    const s = await start(simulatorSymbolPath());
    const machine = s.runner.debuggee.machine;
    const nt = machine.modules.find((m) => m.name === 'ntoskrnl.exe')!;
    const head = nt.base + BigInt(pdb.publics.find((p) => p.name === 'PsActiveProcessHead')!.rva);
    const result = await s.run('.process list');
    expect(result.ok).toBe(true);
    const request = result.frames.filter((f) => f.action === Action.changeProcess);
    expect(request).toHaveLength(1);
    const payload = request[0]!.payload;
    expect(payload).toHaveLength(layouts.DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET!.size);
    const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
    const details = fieldAt('DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET', 'ProcessListSymDetails');
    expect(view.getUint32(fieldAt('DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET', 'ActionType'), true)).toBe(1);
    expect(
      view.getBigUint64(
        details + fieldAt('DEBUGGEE_PROCESS_LIST_NEEDED_DETAILS', 'PsActiveProcessHead'),
        true,
      ),
    ).toBe(head);
    const u32 = (field: string) =>
      view.getUint32(details + fieldAt('DEBUGGEE_PROCESS_LIST_NEEDED_DETAILS', field), true);
    expect(u32('ImageFileNameOffset')).toBe(offsetOf('_EPROCESS', 'ImageFileName'));
    expect(u32('UniquePidOffset')).toBe(offsetOf('_EPROCESS', 'UniqueProcessId'));
    expect(u32('ActiveProcessLinksOffset')).toBe(offsetOf('_EPROCESS', 'ActiveProcessLinks'));
    for (const p of machine.processes) {
      expect(result.output).toContain(
        `PROCESS\t${p.eprocess.toString(16)}\n\tProcess Id: ${p.pid.toString(16).padStart(4, '0')}\tDirBase (Kernel Cr3): ${p.cr3.toString(16).padStart(16, '0')}\tImage: ${p.name.slice(0, 15)}\n`,
      );
    }
  });

  it('.thread list sends the _ETHREAD offsets and lists the threads of the current process', async () => {
    const s = await start(simulatorSymbolPath());
    const machine = s.runner.debuggee.machine;
    const result = await s.run('.thread list');
    expect(result.ok).toBe(true);
    const payload = result.frames.find((f) => f.action === Action.changeThread)!.payload;
    expect(payload).toHaveLength(layouts.DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET!.size);
    const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
    const details = fieldAt('DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET', 'ThreadListSymDetails');
    const u32 = (field: string) =>
      view.getUint32(details + fieldAt('DEBUGGEE_THREAD_LIST_NEEDED_DETAILS', field), true);
    expect(view.getUint32(0, true)).toBe(2);
    expect(u32('ThreadListHeadOffset')).toBe(offsetOf('_EPROCESS', 'ThreadListHead'));
    expect(u32('ThreadListEntryOffset')).toBe(offsetOf('_ETHREAD', 'ThreadListEntry'));
    expect(u32('CidOffset')).toBe(offsetOf('_ETHREAD', 'Cid'));
    expect(u32('ActiveProcessLinksOffset')).toBe(offsetOf('_EPROCESS', 'ActiveProcessLinks'));
    const current = machine.processById(machine.cores[0]!.pid)!;
    for (const t of current.threads)
      expect(result.output).toContain(
        `\tTHREAD\t${t.ethread.toString(16)} (${current.pid.toString(16)}.${t.tid.toString(16)})\n`,
      );
  });

  it('dt maps an _EPROCESS in memory, struct prints the C type, dl walks nt!PsActiveProcessHead', async () => {
    const s = await start(simulatorSymbolPath());
    const machine = s.runner.debuggee.machine;
    const system = machine.processes[0]!;
    const dt = await s.run(`dt nt!_EPROCESS ${system.eprocess.toString(16)}`);
    expect(dt.ok).toBe(true);
    const read = dt.frames.filter((f) => f.action === Action.readMemory);
    expect(read).toHaveLength(1);
    // pdbex prints the types _EPROCESS holds by value first (each mapped onto the same bytes)
    expect(dt.output.startsWith('#include <pshpack1.h>\n _LIST_ENTRY\n  +0x0000 _LIST_ENTRY* Flink : ')).toBe(
      true,
    );
    expect(dt.output).toContain('\n\n\n _EPROCESS\n  +0x0000 _KPROCESS Pcb : _KPROCESS\n');
    expect(dt.output.endsWith('\n\n\n#include <poppack.h>\n')).toBe(true);
    const pidLine = `  +0x${offsetOf('_EPROCESS', 'UniqueProcessId').toString(16).padStart(4, '0')} void* UniqueProcessId : 00000000\`00000004\n`;
    expect(dt.output).toContain(pidLine);
    expect(dt.output).toMatch(
      /\+0x0448 _LIST_ENTRY ActiveProcessLinks : _LIST_ENTRY \[ [0-9a-f]{8}`[0-9a-f]{8} - [0-9a-f]{8}`[0-9a-f]{8} \]\n/,
    );
    expect(dt.output).toContain(`, Pos 3, 1 Bit : 0y0\n`);

    const struct = await s.run('struct nt!_CLIENT_ID');
    expect(struct).toMatchObject({ ok: true, frames: [] });
    expect(struct.output).toBe(
      '#include <pshpack1.h>\ntypedef struct _CLIENT_ID\n{\n  /* 0x0000 */ void* UniqueProcess;\n  /* 0x0008 */ void* UniqueThread;\n} CLIENT_ID, *PCLIENT_ID; /* size: 0x0010 */\n\n#include <poppack.h>\n',
    );

    // `output File` as the last option sends pdbex's text to the file; before another option only
    // the #include lines go there (pdbex resets its to-file flag on every later switch)
    const dir = mkdtempSync(path.join(tmpdir(), 'hds-struct-'));
    const header = path.join(dir, 'client-id.h');
    expect(await s.run(`struct nt!_CLIENT_ID output ${header}`)).toMatchObject({ ok: true, output: '' });
    expect(readFileSync(header, 'utf8')).toBe(struct.output);
    const split = await s.run(`struct nt!_CLIENT_ID output ${header} offset no`);
    expect(split.output).toContain('typedef struct _CLIENT_ID\n{\n  void* UniqueProcess;\n');
    expect(split.output).not.toContain('#include');
    expect(readFileSync(header, 'utf8')).toBe('#include <pshpack1.h>\n#include <poppack.h>\n');
    rmSync(dir, { recursive: true });

    // CodeView's flattened members come back as pdbex's union and struct blocks
    const dispatcherHeader = await s.run('struct nt!_DISPATCHER_HEADER');
    expect(dispatcherHeader.output).toBe(
      '#include <pshpack1.h>\n' +
        'typedef struct _LIST_ENTRY\n{\n  /* 0x0000 */ struct _LIST_ENTRY* Flink;\n' +
        '  /* 0x0008 */ struct _LIST_ENTRY* Blink;\n} LIST_ENTRY, *PLIST_ENTRY; /* size: 0x0010 */\n\n' +
        'typedef struct _DISPATCHER_HEADER\n{\n  union\n  {\n' +
        '    /* 0x0000 */ volatile long Lock;\n    /* 0x0000 */ long LockNV;\n    struct\n    {\n' +
        '      /* 0x0000 */ unsigned char Type;\n      /* 0x0001 */ unsigned char Signalling;\n' +
        '      /* 0x0002 */ unsigned char Size;\n      /* 0x0003 */ unsigned char Reserved1;\n' +
        '    }; /* size: 0x0004 */\n  }; /* size: 0x0004 */\n  /* 0x0004 */ long SignalState;\n' +
        '  /* 0x0008 */ struct _LIST_ENTRY WaitListHead;\n} DISPATCHER_HEADER, *PDISPATCHER_HEADER; /* size: 0x0018 */\n\n' +
        '#include <poppack.h>\n',
    );
    // a member of an unnamed structure type is expanded in place: a blank line, its members, its name
    expect((await s.run('dt nt!_LARGE_INTEGER')).output).toBe(
      '#include <pshpack1.h>\n _LARGE_INTEGER\n  +0x0000 unsigned long LowPart\n  +0x0004 long HighPart\n' +
        '\n  +0x0000 unsigned long LowPart\n  +0x0004 long HighPart\n u\n  +0x0000 __int64 QuadPart\n\n\n' +
        '#include <poppack.h>\n',
    );

    const dl = await s.run('dl nt!PsActiveProcessHead');
    const nt = machine.modules.find((m) => m.name === 'ntoskrnl.exe')!;
    const head = nt.base + BigInt(pdb.publics.find((p) => p.name === 'PsActiveProcessHead')!.rva);
    const links = machine.processes.map(
      (p) => p.eprocess + BigInt(offsetOf('_EPROCESS', 'ActiveProcessLinks')),
    );
    expect(dl.output).toBe(
      `walking linked list (virtual address) from ${head.toString(16)} (offset = 0)\n\n` +
        [head, ...links]
          .map((a, i) => `${i.toString(16).padStart(2, '0')}: ${a.toString(16).padStart(16, '0')}\n`)
          .join('') +
        '\n(list is circular, returned to head)\n',
    );
    expect(dl.frames.filter((f) => f.action === Action.readMemory)).toHaveLength(links.length + 1);
  });

  it('bad input gets HyperDbg messages and sends nothing', async () => {
    const s = await start(simulatorSymbolPath());
    for (const [line, message] of [
      ['dt nt!_NO_SUCH_TYPE 1000', "err, couldn't resolve error at 'nt!_NO_SUCH_TYPE'"],
      // without an address pdbex itself looks the name up in the module's PDB
      ['struct nt!_NO_SUCH_TYPE', 'Symbol not found'],
      [
        'struct nt!*',
        "err, 'nt!*' (every type of a module, pdbex's full dump) is not supported; name one type",
      ],
      ['struct nosuchmodule!_LIST_ENTRY', "err, couldn't resolve error at 'nosuchmodule!_LIST_ENTRY'"],
      ['struct nt!_EPROCESS offset maybe', "err, please insert 'yes' or 'no' as the argument"],
      ['dt nt!_EPROCESS 1000 inline some', "err, please insert 'none', 'unnamed', or 'all' as the argument"],
      ['dt nt!_EPROCESS 1000 prefix', 'err, incomplete argument'],
      ['dl', "incorrect use of the 'dl'"],
      ['dl 1000 o zz', 'err, you should enter a valid offset'],
    ] as const) {
      const result = await s.run(line);
      expect(result.ok, line).toBe(false);
      expect(result.output, line).toContain(message);
      expect(result.frames, line).toEqual([]);
    }
  });

  it('without the kernel PDB, .process list and .thread list say so and send nothing', async () => {
    const s = await start('');
    for (const [line, what] of [
      ['.process list', 'processes'],
      ['.thread list', 'threads'],
    ] as const) {
      const result = await s.run(line);
      expect(result.ok).toBe(false);
      expect(result.output).toBe(
        `err, the need offset to iterate over ${what} not found, make sure to load ntoskrnl.exe's PDB file. use '.help .sym' for more information\n`,
      );
      expect(result.frames).toEqual([]);
    }
  });
});
