import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { command as replay } from '../cli/commands/replay';
import { createMemoryTransportPair } from '../transport/transport';
import { detectSignatures } from './signature';
import { TestDebuggee } from './testing/test-debuggee';
import { readTrace, recordingTransport, TraceWriter } from './trace';
import { createCommandSession } from '../app/wiring';

const SIGNATURE = '0.2.0-20250101.1200';
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hds-trace-'));
  dirs.push(dir);
  return dir;
}
const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('session recording and replay', () => {
  it('records both directions and replays the same session offline', async () => {
    const file = path.join(tempDir(), 'session.trace');
    const [debuggerSide, debuggeeSide] = createMemoryTransportPair();
    const debuggee = new TestDebuggee(debuggeeSide, { signature: SIGNATURE });
    let live = '';
    const wired = createCommandSession({ signature: SIGNATURE, output: (t) => (live += t) });
    const trace = new TraceWriter(file, { signature: SIGNATURE, endpoint: 'memory' }, (message) => {
      throw new Error(message);
    });
    wired.session.attach(recordingTransport(debuggerSide, trace));
    debuggee.ping();
    await settle();
    await wired.session.pause(1000);
    await wired.dispatcher.execute('r');
    await wired.session.close();

    const read = readTrace(file);
    if (!read.ok) throw new Error(read.error);
    expect(read.header.signature).toBe(SIGNATURE);
    expect(read.chunks.some((c) => c.d === 'in')).toBe(true);
    expect(read.chunks.some((c) => c.d === 'out')).toBe(true);

    const written: string[] = [];
    const stdout = process.stdout.write.bind(process.stdout);
    const stderr = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((chunk: string) => (
      written.push(String(chunk)),
      true
    )) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string) => (
      written.push(String(chunk)),
      true
    )) as typeof process.stderr.write;
    try {
      expect(await replay.run([file])).toBe(0);
    } finally {
      process.stdout.write = stdout;
      process.stderr.write = stderr;
    }
    const replayed = written.join('');
    // The replayed session shows the same halt (pause line with the instruction) as the live one.
    const pauseLine = live.split('\n').find((line) => line.includes('mov rax'))!;
    expect(replayed).toContain(pauseLine);
    expect(replayed).toMatch(/match the recording/);
  });

  it('names the damaged line of a broken trace', () => {
    const file = path.join(tempDir(), 'bad.trace');
    writeFileSync(
      file,
      `${JSON.stringify({ hdsTrace: 1, signature: SIGNATURE, endpoint: 'x', startedAt: '' })}\n{"t":1,"d":"in","hex":"zz"}\n`,
    );
    const read = readTrace(file);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.error).toMatch(/line 2/);
  });
});

describe('detectSignatures', () => {
  it('reports every candidate with its file and offset', async () => {
    const dir = tempDir();
    const binary = Buffer.concat([
      Buffer.alloc(100, 0x41),
      Buffer.from('0.2.0-20250101.1200\0', 'latin1'),
      Buffer.from('0.2.0-20250102.0900\0junk', 'latin1'),
    ]);
    writeFileSync(path.join(dir, 'libhyperdbg.dll'), binary);
    writeFileSync(path.join(dir, 'readme.txt'), '0.2.0-20990101.0000\0');
    const found = await detectSignatures(dir);
    expect(found).toEqual([
      { signature: '0.2.0-20250101.1200', file: path.join(dir, 'libhyperdbg.dll'), offset: 100 },
      { signature: '0.2.0-20250102.0900', file: path.join(dir, 'libhyperdbg.dll'), offset: 120 },
    ]);
  });

  it('says what to point at when the folder is wrong', async () => {
    await expect(detectSignatures('/nonexistent/hyperdbg')).rejects.toThrow(/not a folder/);
  });
});
