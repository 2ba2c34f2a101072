import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** `hds connect` / `hds replay` as a user runs them, against the in-process simulator. */
const root = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'hds-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function hds(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [path.join(root, 'bin/hds.mjs'), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('hds connect', () => {
  const trace = path.join(dir, 'session.trace');

  it('runs --exec commands at the kHyperDbg prompt, records, and closes the session', () => {
    const result = hds('connect', 'sim', '--record', trace, '--exec', 'r rip', '--exec', '~');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('connected to debuggee Windows 10 Pro');
    expect(result.stdout).toMatch(/0: kHyperDbg> r rip\nrip=fffff801[0-9a-f]{8}\n/);
    expect(result.stdout).toContain('0: kHyperDbg> ~\ncurrent processor : 0x0\n');
    expect(result.stdout).toContain('unloading debugger vmm module on debuggee...');
  }, 60_000);

  it('exits non-zero when an --exec command fails', () => {
    const result = hds('connect', 'sim', '--exec', 'r nosuchregister', '--exec', 'r');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('err, invalid register');
    expect(result.stdout).not.toContain('RAX=');
  }, 60_000);

  it('--keep-going runs the rest of the batch after a failure and still exits 1', () => {
    const result = hds('connect', 'sim', '--keep-going', '--exec', 'r nosuchregister', '--exec', 'gg');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('err, invalid register');
    expect(result.stdout).toContain('0: kHyperDbg> gg\nGood Game! :)\n');
  }, 60_000);

  it('runs the machine-query, assembler and debugger-side commands at the prompt', () => {
    const result = hds(
      'connect',
      'sim',
      '--exec',
      '!idt 1',
      '--exec',
      '!smi count',
      '--exec',
      '.status',
      '--exec',
      'a fffff80163a01100 {nop; xor eax, eax}',
      '--exec',
      'sb fffff80163a01100 90 31 c0 l 10',
      '--exec',
      '!pcitree',
      '--exec',
      '!lbrdump core 0',
      '--exec',
      'cpuid 5',
      '--exec',
      '!hw script { @hw_pin1 = 0; }',
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/0: kHyperDbg> !idt 1\nIDT\[0x1:1\] : fffff801`[0-9a-f]{8}\t/);
    expect(result.stdout).toContain('0: kHyperDbg> !smi count\nSMI count: 0x2a\n');
    expect(result.stdout).toContain("0: kHyperDbg> .status\nremote debugging - debugger ('debugger mode')\n");
    expect(result.stdout).toContain(
      'generated assembly: 3 (decimal) bytes, 2 (decimal) statements ==>> nop; xor eax, eax = 90 31 c0 \n' +
        'successfully assembled at 0xfffff80163a01100 address\n',
    );
    expect(result.stdout).toContain('0: kHyperDbg> sb fffff80163a01100 90 31 c0 l 10\nfffff80163a01100\n');
    expect(result.stdout).toMatch(
      /DBDF {9}\| VID:DID {3}\| Vendor Name {7}\| Device Name \n-{70}\n0000:00:00:0 \| 8086:29c0 \|/,
    );
    expect(result.stdout).toContain('LBR Chronological Trace on core: 0x0\n');
    expect(result.stdout).toContain(
      '0: kHyperDbg> cpuid 5\n==== CPUID.(EAX=05H) MONITOR/MWAIT Leaf ====\n\n',
    );
    expect(result.stdout).toContain('  NumberOfC4SubCStates = 4\n');
    expect(result.stdout).toContain(
      '0: kHyperDbg> !hw script { @hw_pin1 = 0; }\nerr, target file is not loaded\n' +
        'err, unable to read instance info packet of the debuggee',
    );
  }, 60_000);

  it('runs the tracing, dump, PCI, event-alias, test and output commands at the prompt', () => {
    const dump = path.join(dir, 'entry.bin');
    const forwarded = path.join(dir, 'forwarded.txt');
    const result = hds(
      'connect',
      'sim',
      '--exec',
      '!track tree 4',
      '--exec',
      `.dump fffff80163a01000 fffff80163a01010 path ${dump}`,
      '--exec',
      '!pcicam 0 0 0',
      '--exec',
      'test query',
      '--exec',
      '!iout 60',
      '--exec',
      `output create Saved file ${forwarded}`,
      '--exec',
      'output',
      '--exec',
      'events',
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/0: kHyperDbg> !track tree 4\n(│ {2})*(┌──|└──) /);
    expect(result.stdout).toContain(
      `0: kHyperDbg> .dump fffff80163a01000 fffff80163a01010 path ${dump}\nthe dump file is saved at: ${dump}\n`,
    );
    expect(readFileSync(dump)).toHaveLength(0x10);
    expect(result.stdout).toContain(
      '0: kHyperDbg> !pcicam 0 0 0\nPCI configuration space (CAM) for device 0000:00:00:0\n',
    );
    expect(result.stdout).toMatch(/0: kHyperDbg> test query\n=+ Debugging Lock Info =+\n/);
    expect(result.stdout).toContain('0: kHyperDbg> output\n1  file        not opened\tSaved\n');
    expect(result.stdout).toContain('0: kHyperDbg> events\n0\t(enabled)\t    !iout 60 \n');
  }, 60_000);

  it('runs the APIC, page-in, log-file, VMI-only, physical-memory, search and alias commands at the prompt', () => {
    const log = path.join(dir, 'session.log');
    const result = hds(
      'connect',
      'sim',
      '--keep-going',
      ...[
        '!lapic',
        '!ioapic',
        '.pagein fffff80163a01000',
        `.logopen ${log}`,
        'ucpuid 0',
        '.logclose',
        '.connect',
        '.disconnect',
        '!dt nt!_LIST_ENTRY 1000',
        '!dl 1000 l 2',
        'sd fffff80163a01000 90909090 l 10',
        'sq fffff80163a01000 9090909090909090 l 10',
        'structure nt!_CLIENT_ID',
        'process2',
        'thread2',
        '!hw_clock',
      ].flatMap((line) => ['--exec', line]),
    );
    // .connect and .disconnect are refused in Debugger Mode (HyperDbg's messages), so the batch fails
    expect(result.status).toBe(1);
    const out = result.stdout;
    expect(out).toMatch(/0: kHyperDbg> !lapic\n\*\*\* {2}\(X2APIC Mode\) PHYSICAL LAPIC ID = 0, /);
    expect(out).toContain('0: kHyperDbg> !ioapic\nIoApic @ fec00000  ID:2 (20)  Arb:2000000\t I/O APIC VA: ');
    expect(out).toContain(
      '0: kHyperDbg> .pagein fffff80163a01000\nthe page-fault is delivered to the target thread\n',
    );
    expect(out).toMatch(/0: kHyperDbg> \.logopen .*\nsave commands and results into file : /);
    expect(readFileSync(log, 'utf8')).toContain('  Vendor : GenuineIntel\n');
    expect(out).toContain(
      "0: kHyperDbg> .connect\nyou're connected to a an instance of HyperDbg, please use '.debug close' command\n",
    );
    expect(out).toContain(
      '0: kHyperDbg> !dt nt!_LIST_ENTRY 1000\n#include <pshpack1.h>\n _LIST_ENTRY\n  +0x0000 _LIST_ENTRY* Flink : (null)\n',
    );
    expect(out).toContain(
      '0: kHyperDbg> !dl 1000 l 2\nwalking linked list (physical address) from 1000 (offset = 0)\n',
    );
    expect(out).toContain('0: kHyperDbg> sd fffff80163a01000 90909090 l 10\nnot found\n');
    expect(out).toContain('0: kHyperDbg> sq fffff80163a01000 9090909090909090 l 10\nnot found\n');
    expect(out).toContain(
      '0: kHyperDbg> structure nt!_CLIENT_ID\n#include <pshpack1.h>\ntypedef struct _CLIENT_ID\n',
    );
    expect(out).toMatch(/0: kHyperDbg> process2\nprocess id: [0-9a-f]+\nprocess \(_EPROCESS\): /);
    expect(out).toMatch(/0: kHyperDbg> thread2\nthread id: [0-9a-f]+ \(pid: [0-9a-f]+\)\n/);
    expect(out).toContain("0: kHyperDbg> !hw_clock\nincorrect use of the '!hw_clock'\n\n!hw_clk : performs");
  }, 60_000);

  it('a kill mid-walk (!track, 0xffffffff steps) ends the walk, closes the session once and exits 130', async () => {
    const child = spawn(
      process.execPath,
      [
        path.join(root, 'bin/hds.mjs'),
        'connect',
        'sim',
        '--no-log-store',
        '--exec',
        '!track',
        '--exec',
        'r rip',
      ],
      { cwd: root },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 45_000;
    while ((stdout.match(/\u2514\u2500\u2500 /g) ?? []).length < 3) {
      if (Date.now() > deadline) throw new Error(`no call tree yet:\n${stdout}\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await exited;
    clearTimeout(killer);
    expect(code).toBe(130);
    expect(stderr).toContain('SIGTERM: closing the session');
    expect(stdout.split('unloading debugger vmm module on debuggee...')).toHaveLength(2);
    expect(stdout).not.toContain('kHyperDbg> r rip');
  }, 60_000);

  it('replays the recorded trace offline', () => {
    const result = hds('replay', trace);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('connected to debuggee Windows 10 Pro');
    expect(result.stderr).toMatch(/replayed \d+ chunks/);
  }, 60_000);

  it('explains a missing signature and a bad endpoint', () => {
    expect(hds('connect', 'tcp:127.0.0.1:9').stderr).toMatch(/build signature is needed.*--detect-signature/);
    expect(hds('connect', 'serial:COM2@1234', '--signature', '0.2.0-20250101.1200').stderr).toMatch(
      /baud rate is invalid/,
    );
  }, 60_000);
});
