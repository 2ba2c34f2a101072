/** A buffer decoded once (`PreparedScript`) runs exactly like the same bytes given raw. */
import { describe, expect, it, vi } from 'vitest';
import { compileScript } from '../index';
import { createGlobalState, createMemoryHost, evaluateScript, PreparedScript } from './index';

const decodes = vi.hoisted(() => ({ count: 0 }));
vi.mock('./program', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./program')>();
  return {
    ...actual,
    loadProgram: (bytes: Uint8Array) => {
      decodes.count++;
      return actual.loadProgram(bytes);
    },
  };
});

function compile(source: string): Uint8Array {
  const result = compileScript(source);
  if (!result.ok) throw new Error(result.error.message);
  return result.bytes;
}

const SOURCES = [
  'i = 0; s = 0; while (i < 0n10) { s = s + i; i = i + 1; } printf("sum=%d\\n", s);',
  'print(strlen("abcdef")); print(wcslen(L"wide"));',
  'y = 3; while (y > 0) { if (y == 2) { printf("rax %llx\\n", @rax); } y = y - 1; }',
  'x = 5; x = x / 0;',
];

function run(code: Uint8Array | PreparedScript, runs: number) {
  const host = createMemoryHost();
  const globals = createGlobalState();
  const results = Array.from({ length: runs }, () => evaluateScript(code, host, globals));
  return { results, text: host.text };
}

describe('PreparedScript', () => {
  it('gives the same results and output as the raw bytes, run after run', () => {
    for (const source of SOURCES) {
      const bytes = compile(source);
      expect(run(new PreparedScript(bytes), 3), source).toEqual(run(bytes, 3));
    }
    // a buffer that is not a script: the same error either way
    const junk = Uint8Array.from({ length: 24 * 5 }, (_, i) => (i * 37) & 0xff);
    expect(run(new PreparedScript(junk), 1)).toEqual(run(junk, 1));
  });

  it('decodes the buffer once, while raw bytes are decoded on every run', () => {
    const bytes = compile(SOURCES[0]);
    const prepared = new PreparedScript(bytes);
    decodes.count = 0;
    run(prepared, 5);
    expect(decodes.count).toBe(0);
    run(bytes, 5);
    expect(decodes.count).toBe(5);
  });

  it('keeps its own copy of the bytes', () => {
    const bytes = compile('printf("kept %d\\n", 0n42);');
    const prepared = new PreparedScript(bytes);
    bytes.fill(0);
    expect(run(prepared, 1).text).toBe('kept 42\n');
  });
});
