import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ScriptCompileSession,
  bytesToHex,
  compileScript,
  decodeSymbolBuffer,
  encodeSymbols,
  formatListing,
} from './index';

describe('compileScript', () => {
  it('emits the fixed prologue for a whitespace-only script and rejects an empty one', () => {
    const r = compileScript('  ');
    const prologue = encodeSymbols([
      { type: 6, len: 0, value: 9n },
      { type: 3, len: 0, value: 0n },
      { type: 15, len: 0, value: 0n },
      { type: 15, len: 0, value: 0n },
    ]);
    expect(r.ok && bytesToHex(r.bytes)).toBe(bytesToHex(prologue));
    const empty = compileScript('');
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.error.message).toBe('Line 0:\n\n^\nSyntax Error: Invalid Syntax');
  });

  it('rejects one-character scripts like the engine (its end-of-input latch resets while at the first character)', () => {
    for (const src of [' ', '\n', 'x', ';']) expect(compileScript(src).ok, JSON.stringify(src)).toBe(false);
    expect(compileScript(' \n').ok).toBe(true);
  });

  it('encodes printf argument offsets in the Type high dword', () => {
    const r = compileScript('printf("%d\\n", 5);');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const symbols = decodeSymbolBuffer(r.bytes);
    const last = symbols[symbols.length - 1]!;
    expect(BigInt(last.type)).toBe(0xffffffff00000003n);
    expect(last.value).toBe(5n);
  });

  it('reports an unresolved variable with a caret and an editor range', () => {
    const r = compileScript('x = y;');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toBe('Line 0:\nx = y;\n     ^\nSyntax Error: Unresolved Variable');
    expect(r.error).toMatchObject({ line: 1, column: 5, endLine: 1, endColumn: 6 });
  });

  it('keeps global numbering across compiles of one session', () => {
    const session = new ScriptCompileSession();
    expect(session.compile('.a = 1;').ok).toBe(true);
    const second = session.compile('.b = 2; print(.a);');
    const fresh = compileScript('.b = 2; .a = 3;');
    expect(second.ok && fresh.ok).toBe(true);
    if (second.ok) expect(formatListing(second.bytes)).toContain('SYMBOL_GLOBAL_ID_TYPE        len=0    0x1');
  });

  it('splices #include files of the form "? { ... }" once, and rejects missing or malformed ones', () => {
    const files: Record<string, string> = { 'lib.ds': '? {\n  .counter = 5;\n}\n', 'bad.ds': 'x = 1;' };
    const options = { includeResolver: (path: string) => files[path] };
    const direct = compileScript('.counter = 5;\nprint(.counter);');
    const once = compileScript('#include "lib.ds";\nprint(.counter);', options);
    const twice = compileScript('#include "lib.ds";\n#include "lib.ds";\nprint(.counter);', options);
    expect(direct.ok && once.ok && twice.ok).toBe(true);
    if (direct.ok && once.ok && twice.ok) {
      expect(bytesToHex(once.bytes)).toBe(bytesToHex(direct.bytes));
      expect(bytesToHex(twice.bytes)).toBe(bytesToHex(direct.bytes));
    }
    for (const src of ['#include "missing.ds";\n', '#include "bad.ds";\n']) {
      const r = compileScript(src, options);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(/Syntax Error: Invalid Syntax$/);
    }
  });

  // These shapes have no golden; the expectations restate HyperDbg v0.23's code generator.
  it('stores through array elements, pointers and `*name` like the engine', () => {
    const listing = (src: string) => {
      const r = compileScript(src);
      expect(r.ok).toBe(true);
      return r.ok ? formatListing(r.bytes) : '';
    };
    const arrayWrite = listing('int t[2] = {1, 2}; t[1] = 5;');
    expect(arrayWrite).toMatch(/FUNC_TYPED_STORE\n.*SYMBOL_TEMP_TYPE.*\n.*SYMBOL_DEREFERENCE_TEMP_TYPE/);
    const pointerStep = listing('int t[2] = {1, 2}; int *q = 0; q = &t; q++;');
    expect(pointerStep.split('\n').slice(-4).join('\n')).toMatch(/FUNC_ADD\n.*SYMBOL_NUM_TYPE +len=0 +0x4\n/);
    expect(listing('x = 5; *x = 6;')).toMatch(/FUNC_EQ\n.*0x6\n/);
  });

  it('reports break outside a loop instead of crashing like HyperDbg', () => {
    const r = compileScript('break;');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/outside a loop/);
  });

  it('never throws on random, mutated or token-soup scripts', () => {
    const seeds = [
      'x = 5; if (x > 1 && @rax) { printf("%d", x); } else { x++; }',
      'for (i = 0; i < 10; i++) { .g = .g + i; }',
      'do { pause(); } while (poi(@rcx) != 0);',
      'struct P { int x; int y; }; struct P p = {1, 2}; printf("%d", p.x); int t[3] = {1}; z = t[1] + sizeof(int);',
      'int f(int a) { return a + 1; } y = f(2); float q = 1.5; double d = q + 2.0; u = (unsigned char) y;',
    ];
    const mutated = fc
      .tuple(fc.constantFrom(...seeds), fc.nat(120), fc.string({ maxLength: 6 }), fc.nat(6))
      .map(([s, at, insert, drop]) => s.slice(0, at) + insert + s.slice(at + drop));
    const vocabulary = [
      'x',
      'y',
      '.g',
      '@rax',
      '$pid',
      '5',
      '0x10',
      'ff',
      '1.5',
      '"s"',
      'L"w"',
      '(',
      ')',
      '{',
      '}',
      '[',
      ']',
      ';',
      ',',
      '=',
      '+',
      '-',
      '*',
      '&',
      '&&',
      '||',
      '==',
      '<',
      '!',
      '~',
      '.',
      '->',
      'if',
      'elsif',
      'else',
      'while',
      'do',
      'for',
      'break',
      'continue',
      'return',
      'int',
      'unsigned',
      'float',
      'struct',
      'typedef',
      'sizeof',
      'printf',
      'poi',
      'memcpy',
      'strlen',
      '#include',
      '//c\n',
      '/*',
      '*/',
    ];
    const soup = fc.array(fc.constantFrom(...vocabulary), { maxLength: 40 }).map((t) => t.join(' '));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 60 }), mutated, soup), (src) => {
        const r = compileScript(src);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 3000 },
    );
  });

  it('compiles a 100 KB script in linear-ish time', () => {
    const line = 'x = x + @rax * 2; if (x > 5) { printf("%llx\\n", x); }\n';
    const src = 'x = 0;\n' + line.repeat(Math.ceil(100_000 / line.length));
    const t0 = performance.now();
    const r = compileScript(src);
    const ms = performance.now() - t0;
    expect(r.ok).toBe(true);
    expect(ms).toBeLessThan(5000);
  });
});
