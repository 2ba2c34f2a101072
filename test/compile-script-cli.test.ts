import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const run = (args: string[], input: string) =>
  spawnSync(process.execPath, ['bin/hds.mjs', 'compile-script', ...args], {
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('hds compile-script', () => {
  it("prints hex for a good script and HyperDbg's message with status 1 for a bad one", () => {
    const good = run(['--hex', '-'], 'pause();');
    expect(good.status).toBe(0);
    expect(good.stdout.trim()).toMatch(/^06000000000000000000000000000000090000000000000003000000/);
    expect(good.stdout.trim().length).toBe(5 * 48);
    const bad = run(['-'], 'x = y;');
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe('Line 0:\nx = y;\n     ^\nSyntax Error: Unresolved Variable\n');
  });

  it('resolves #include relative to the script, or to --script-dir, and prints a listing', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hds-include-'));
    writeFileSync(path.join(dir, 'lib.ds'), '? {\n  .counter = 5;\n}\n');
    writeFileSync(path.join(dir, 'main.ds'), '#include "lib.ds";\nprint(.counter);');
    const fromFile = run(['--listing', path.join(dir, 'main.ds')], '');
    expect(fromFile.status).toBe(0);
    expect(fromFile.stdout).toContain('FUNC_PRINT');
    const fromStdin = run(['--script-dir', dir, '-'], '#include "lib.ds";\nprint(.counter);');
    expect(fromStdin.status).toBe(0);
    const missing = run(['-'], '#include "lib.ds";\nprint(.counter);');
    expect(missing.status).toBe(1);
  });

  it('handles --jsonl with a prelude in one session', () => {
    const out = run(
      ['--jsonl'],
      JSON.stringify({ id: 'a', script: 'print(.v);', prelude: ['.v = 1;'] }) +
        '\n' +
        JSON.stringify({ id: 'b', script: 'print(.v);' }) +
        '\n',
    );
    const lines = out.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; ok: boolean });
    expect(lines.map((l) => [l.id, l.ok])).toEqual([
      ['a', true],
      ['b', false],
    ]);
  });
});
