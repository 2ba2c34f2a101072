import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const run = (args: string[], input: string) =>
  spawnSync(process.execPath, ['bin/hds.mjs', 'compile-script', ...args], { input, encoding: 'utf8', timeout: 60_000 });

describe('hds compile-script', () => {
  it('prints hex for a good script and HyperDbg\'s message with status 1 for a bad one', () => {
    const good = run(['--hex', '-'], 'pause();');
    expect(good.status).toBe(0);
    expect(good.stdout.trim()).toMatch(/^06000000000000000000000000000000090000000000000003000000/);
    expect(good.stdout.trim().length).toBe(5 * 48);
    const bad = run(['-'], 'x = y;');
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe('Line 0:\nx = y;\n     ^\nSyntax Error: Unresolved Variable\n');
  });

  it('handles --jsonl with a prelude in one session', () => {
    const out = run(['--jsonl'], JSON.stringify({ id: 'a', script: 'print(.v);', prelude: ['.v = 1;'] }) + '\n' + JSON.stringify({ id: 'b', script: 'print(.v);' }) + '\n');
    const lines = out.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; ok: boolean });
    expect(lines.map((l) => [l.id, l.ok])).toEqual([['a', true], ['b', false]]);
  });
});
