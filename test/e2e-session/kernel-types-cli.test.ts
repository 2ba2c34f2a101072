import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SimulatedDebuggee } from '../../simulator/debuggee';

/** Symbols and kernel types out of the box: `hds connect sim` as a user runs it, no symbol path given. */
const root = path.resolve(import.meta.dirname, '../..');

describe('hds connect sim resolves nt! symbols and kernel types from the simulated modules’ PDBs', () => {
  it('x, bp, .process list, .thread list, dt, struct and dl', () => {
    const exec = [
      'x nt!*Alloc*',
      'bp nt!ExAllocatePoolWithTag',
      '.process list',
      '.thread list',
      'struct nt!_LIST_ENTRY',
      'dt nt!_KLDR_DATA_TABLE_ENTRY ffffc58a00200000',
      'dl nt!PsLoadedModuleList l 2',
    ].flatMap((line) => ['--exec', line]);
    const result = spawnSync(
      process.execPath,
      [path.join(root, 'bin/hds.mjs'), 'connect', 'sim', '--no-log-store', ...exec],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const out = result.stdout;
    expect(out).toMatch(
      /0: kHyperDbg> x nt!\*Alloc\*\nfffff801`63a[0-9a-f]{5} {2}nt!ExAllocatePoolWithTag\n/,
    );
    expect(out).toContain('0: kHyperDbg> bp nt!ExAllocatePoolWithTag\n0: kHyperDbg> .process list\n');
    expect(out).toMatch(
      /PROCESS\tffffc58a0f2c1040\n\tProcess Id: 0004\tDirBase \(Kernel Cr3\): 00000000001aa000\tImage: System\n/,
    );
    expect(out).toMatch(
      /0: kHyperDbg> \.thread list\nPROCESS\t[0-9a-f]+\tIMAGE\thyperdbg-cli\.ex\n\tTHREAD\t/,
    );
    expect(out).toContain(
      '0: kHyperDbg> struct nt!_LIST_ENTRY\n#include <pshpack1.h>\ntypedef struct _LIST_ENTRY\n{\n  /* 0x0000 */ struct _LIST_ENTRY* Flink;\n  /* 0x0008 */ struct _LIST_ENTRY* Blink;\n} LIST_ENTRY, *PLIST_ENTRY; /* size: 0x0010 */\n',
    );
    // the first loaded-module entry is the kernel's own
    expect(out).toContain('  +0x0030 void* DllBase : fffff801`63a00000\n');
    expect(out).toContain('  +0x0058 _UNICODE_STRING BaseDllName : _UNICODE_STRING\n');
    expect(out).toMatch(
      /walking linked list \(virtual address\) from fffff80163a0[0-9a-f]{4} \(offset = 0\)\n\n00: fffff80163a0[0-9a-f]{4}\n01: ffffc58a00200000\n\n\(stopped after 2 nodes; use 'l Count' to see more\)\n/,
    );
  }, 60_000);

  it('!epthook nt!ExAllocatePoolWithTag script {...} applies on the built-in simulator and its script runs at the function entry with its caller on the stack', () => {
    const exec = [
      'x nt!ExAllocatePoolWithTag',
      '!epthook nt!ExAllocatePoolWithTag script { printf("pool allocation at %llx from %llx\\n", @rip, poi(@rsp)); }',
      'events',
      'g',
      'sleep 1500',
    ].flatMap((line) => ['--exec', line]);
    const result = spawnSync(
      process.execPath,
      [path.join(root, 'bin/hds.mjs'), 'connect', 'sim', '--no-log-store', ...exec],
      { cwd: root, encoding: 'utf8', timeout: 60_000 },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const out = result.stdout;
    const address =
      /x nt!ExAllocatePoolWithTag\n([0-9a-f]{8})`([0-9a-f]{8}) {2}nt!ExAllocatePoolWithTag\n/.exec(out);
    expect(address).not.toBeNull();
    expect(out).toMatch(
      /0: kHyperDbg> events\n0\t\(enabled\)\t {4}!epthook nt!ExAllocatePoolWithTag script /,
    );
    // the workload calls the hooked function; every run of the script is at its first instruction
    const hits = [...out.matchAll(/^pool allocation at ([0-9a-f]+) from ([0-9a-f]+)$/gm)];
    expect(hits.length).toBeGreaterThan(0);
    const entry = BigInt(`0x${address![1]}${address![2]}`);
    expect(new Set(hits.map((m) => BigInt(`0x${m[1]}`)))).toEqual(new Set([entry]));
    // the stack its callers built: [rsp] is the return address of a call to the function
    const code = new SimulatedDebuggee({}, () => undefined).processor.code;
    const returnSites = code.callersOf(entry).map((edge) => edge.returnSite);
    for (const m of hits) expect(returnSites).toContain(BigInt(`0x${m[2]}`));
  }, 60_000);
});
