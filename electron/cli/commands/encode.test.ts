import { describe, expect, it } from 'vitest';
import { command } from './encode';

async function encode(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string) => (
    (stdout += String(chunk)),
    true
  )) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => (
    (stderr += String(chunk)),
    true
  )) as typeof process.stderr.write;
  try {
    return { status: await command.run(args), stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

describe('hds encode', () => {
  it('prints the protocol reference test vectors for g and ~ 1', async () => {
    const result = await encode(['g', '~ 1']);
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual([
      '5C 00 00 00 00 00 00 00 47 42 44 52 45 50 59 48 01 00 00 00 06 00 00 00 00 80 EE FF',
      '5F 00 00 00 00 00 00 00 47 42 44 52 45 50 59 48 01 00 00 00 08 00 00 00 01 00 00 00 00 00 00 00 00 80 EE FF',
    ]);
  });

  it("prints both frames of an event command (the reference's worked !msrwrite example)", async () => {
    const result = await encode(['!msrwrite c0000082 stage all']);
    const frames = result.stdout.trim().split('\n');
    expect(frames).toHaveLength(2);
    expect(
      frames[0]!.startsWith(
        '5D 00 00 00 00 00 00 00 47 42 44 52 45 50 59 48 01 00 00 00 12 00 00 00 A8 00 00 00',
      ),
    ).toBe(true);
    expect(frames[1]).toBe(
      '8B 00 00 00 00 00 00 00 47 42 44 52 45 50 59 48 01 00 00 00 13 00 00 00 20 00 00 00 00 00 00 01 00 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 80 EE FF',
    );
  });

  it('gu ends: one step-over-for-gu, then the last step once the dry-run halt stands on a ret', async () => {
    const result = await encode(['gu']);
    expect(result.status).toBe(0);
    const frames = result.stdout.trim().split('\n');
    expect(frames).toHaveLength(2);
    // a5 STEP with DEBUGGEE_STEP_PACKET.StepType 4 (STEP_OVER_FOR_GU) then 5 (..._LAST_INSTRUCTION)
    expect(frames.map((f) => f.split(' ').slice(20, 25).join(' '))).toEqual([
      '05 00 00 00 04',
      '05 00 00 00 05',
    ]);
  });

  it('prints nothing and fails for bad input', async () => {
    const result = await encode(['eq 1000 ffee8000']);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/end marker/);
  });
});
