import { beforeAll, describe, expect, it } from 'vitest';
import { PSEUDO_REGISTER_NAMES, REGISTER_NAMES } from '../generated/tables';
import { FUNCTION_SHAPES } from './vocabulary';
import {
  BUILTIN_FUNCTIONS,
  HYPERDBG_SCRIPT_LANGUAGE_ID,
  allCompletionItems,
  completionsAt,
  diagnose,
  handleLanguageRequest,
  hoverAt,
  hyperdbgScriptMonarch,
  signatureHelpAt,
  registerDoc,
} from './index';

interface MonarchToken {
  offset: number;
  type: string;
}

interface MonarchModules {
  compile: (languageId: string, definition: unknown) => unknown;
  MonarchTokenizer: new (...args: unknown[]) => {
    getInitialState(): unknown;
    tokenize(line: string, hasEol: boolean, state: unknown): { tokens: MonarchToken[]; endState: unknown };
    dispose(): void;
  };
}

// Monaco's own Monarch compiler and lexer (plain ESM without DOM dependencies) run the tokenizer
// definition exactly as the editor will. The package's exports hide them, so load them by path.
const monarchDirectory = new URL(
  '../../../node_modules/monaco-editor/esm/vs/editor/standalone/common/monarch/',
  import.meta.url,
);
let monarch: MonarchModules;

beforeAll(async () => {
  const compiler = (await import(new URL('monarchCompile.js', monarchDirectory).href)) as Pick<
    MonarchModules,
    'compile'
  >;
  const lexer = (await import(new URL('monarchLexer.js', monarchDirectory).href)) as Pick<
    MonarchModules,
    'MonarchTokenizer'
  >;
  monarch = { compile: compiler.compile, MonarchTokenizer: lexer.MonarchTokenizer };
});

function tokenizeLines(source: string): { text: string; type: string }[] {
  const lexer = monarch.compile(HYPERDBG_SCRIPT_LANGUAGE_ID, hyperdbgScriptMonarch);
  const configuration = { getValue: () => 20_000, onDidChangeConfiguration: () => ({ dispose() {} }) };
  const tokenizer = new monarch.MonarchTokenizer({}, {}, HYPERDBG_SCRIPT_LANGUAGE_ID, lexer, configuration);
  let state = tokenizer.getInitialState();
  const out: { text: string; type: string }[] = [];
  for (const line of source.split('\n')) {
    const result = tokenizer.tokenize(line, true, state);
    result.tokens.forEach((token, i) => {
      const end = result.tokens[i + 1]?.offset ?? line.length;
      const text = line.slice(token.offset, end);
      if (text.trim() !== '') out.push({ text, type: token.type.replace(/\.hds$/, '') });
    });
    state = result.endState;
  }
  tokenizer.dispose();
  return out;
}

function typeOf(source: string, text: string): string | undefined {
  return tokenizeLines(source).find((token) => token.text === text)?.type;
}

describe('built-in function documentation', () => {
  it('documents every function of the grammar lists, and nothing else', () => {
    const documented = new Set(BUILTIN_FUNCTIONS.map((doc) => doc.name));
    expect([...FUNCTION_SHAPES.keys()].filter((name) => !documented.has(name))).toEqual([]);
    expect([...documented].filter((name) => !FUNCTION_SHAPES.has(name))).toEqual([]);
    expect(BUILTIN_FUNCTIONS).toHaveLength(FUNCTION_SHAPES.size);
  });

  it('offers a completion with a signature and a one-line doc for every function, register and pseudo-register', () => {
    const items = allCompletionItems();
    for (const name of FUNCTION_SHAPES.keys()) {
      const item = items.find((i) => i.kind === 'function' && i.label === name);
      expect(item, name).toBeDefined();
      expect(item!.detail.startsWith(`${name}(`), name).toBe(true);
      expect(item!.documentation.length, name).toBeGreaterThan(10);
      expect(item!.documentation.includes('\n'), name).toBe(false);
    }
    for (const name of REGISTER_NAMES) {
      const item = items.find((i) => i.kind === 'register' && i.label === `@${name}`);
      expect(item?.documentation, name).not.toBe('register');
    }
    for (const name of PSEUDO_REGISTER_NAMES) {
      const item = items.find((i) => i.kind === 'pseudoRegister' && i.label === `$${name}`);
      expect(item?.documentation.length, name).toBeGreaterThan(10);
    }
  });

  it('describes register families precisely', () => {
    expect(registerDoc('eax')).toBe('low 32 bits of rax');
    expect(registerDoc('r9w')).toBe('low 16 bits of r9');
    expect(registerDoc('sil')).toBe('low byte of rsi');
    expect(registerDoc('zf')).toBe('RFLAGS zero flag');
    expect(registerDoc('cr3')).toBe('control register CR3');
  });

  it('inserts function snippets with one placeholder per parameter', () => {
    const memcpy = allCompletionItems().find((i) => i.label === 'memcpy')!;
    expect(memcpy.insertText).toBe('memcpy(${1:destination}, ${2:source}, ${3:size})');
    expect(allCompletionItems().find((i) => i.label === 'pause')!.insertText).toBe('pause()');
  });
});

describe('monarch tokenizer', () => {
  it('classifies keywords, functions, registers, pseudo-registers, globals and types', () => {
    const source = 'if (@rax == $pid) { .count = poi(@rcx + 8); } elsif (r8) { int x = db($buffer); }';
    const tokens = tokenizeLines(source);
    const find = (text: string) => tokens.find((t) => t.text === text)?.type;
    expect(find('if')).toBe('keyword');
    expect(find('elsif')).toBe('keyword');
    expect(find('@rax')).toBe('variable.predefined');
    expect(find('$pid')).toBe('variable.pseudo');
    expect(find('.count')).toBe('variable.global');
    expect(find('poi')).toBe('predefined');
    expect(find('db')).toBe('predefined');
    expect(find('r8')).toBe('variable.predefined');
    expect(find('int')).toBe('type');
    expect(find('x')).toBe('identifier');
  });

  it('tells member accesses from global variables', () => {
    const tokens = tokenizeLines('local.x += 5; .count = local.y;');
    expect(tokens.filter((t) => t.type === 'variable.global').map((t) => t.text)).toEqual(['.count']);
    expect(tokens.filter((t) => t.text === 'x' || t.text === 'y').map((t) => t.type)).toEqual([
      'identifier',
      'identifier',
    ]);
    expect(tokens.find((t) => t.text === 'local')?.type).toBe('identifier');
  });

  it('reads HyperDbg number forms, including names made of hex digits', () => {
    expect(typeOf('x = 0x1F;', '0x1F')).toBe('number.hex');
    expect(typeOf('x = 0n42;', '0n42')).toBe('number');
    expect(typeOf('x = 0y1010;', '0y1010')).toBe('number');
    expect(typeOf('x = 0o17;', '0o17')).toBe('number');
    expect(typeOf('x = fffff800`12345678;', 'fffff800`12345678')).toBe('number.hex');
    expect(typeOf('x = face;', 'face')).toBe('number.hex');
    expect(typeOf('x = 1.5;', '1.5')).toBe('number.float');
    expect(typeOf('x = 10;', '10')).toBe('number.hex');
  });

  it('reads strings, wide strings, escapes and comments across lines', () => {
    const tokens = tokenizeLines('printf("a\\n%d", 1); // note\n/* multi\nline */ x = L"wide";');
    expect(tokens.find((t) => t.text === '\\n')?.type).toBe('string.escape');
    expect(tokens.find((t) => t.text === '// note')?.type).toBe('comment');
    expect(tokens.find((t) => t.text === 'line */')?.type).toBe('comment');
    expect(tokens.find((t) => t.text.startsWith('L"'))?.type).toBe('string.wide');
  });

  it('marks unknown registers and pseudo-registers as invalid', () => {
    expect(typeOf('x = @foo;', '@foo')).toBe('invalid');
    expect(typeOf('x = $nope;', '$nope')).toBe('invalid');
    expect(typeOf('x = $arg1;', '$arg1')).toBe('variable.pseudo');
  });
});

describe('completions and hover', () => {
  it('offers registers after @ and pseudo-registers after $', () => {
    const registers = completionsAt('x = @r', 6);
    expect(registers).toHaveLength(REGISTER_NAMES.length);
    expect(registers.every((i) => i.kind === 'register')).toBe(true);
    expect(registers.find((i) => i.label === '@rax')).toMatchObject({ insertText: 'rax', filterText: 'rax' });
    const pseudo = completionsAt('x = $', 5);
    expect(pseudo.map((i) => i.label)).toContain('$event_id');
  });

  it('offers functions and keywords elsewhere, and nothing inside strings or comments', () => {
    const items = completionsAt('x = po', 6);
    expect(items.some((i) => i.label === 'poi')).toBe(true);
    expect(items.some((i) => i.label === 'while')).toBe(true);
    expect(items.some((i) => i.kind === 'register')).toBe(false);
    expect(completionsAt('printf("po', 10)).toEqual([]);
    expect(completionsAt('// po', 5)).toEqual([]);
    expect(completionsAt('/* po */ x = p', 14).length).toBeGreaterThan(0);
  });

  it('hovers functions, registers and pseudo-registers with their range', () => {
    const hover = hoverAt('x = 1;\ny = strlen(@rcx);', 2, 6);
    expect(hover).toEqual({
      contents:
        '```\nstrlen(string)\n```\nLength of a NUL-terminated ASCII string (a literal or an address); 0 if unreadable.',
      line: 2,
      startColumn: 5,
      endColumn: 11,
    });
    expect(hoverAt('y = strlen(@rcx);', 1, 13)?.contents).toBe('`@rcx` — 64-bit register');
    expect(hoverAt('print($core);', 1, 8)?.contents).toContain('Number of the core');
    expect(hoverAt('myvar = 1;', 1, 2)).toBeUndefined();
  });
});

describe('signature help', () => {
  it('names the enclosing built-in call and the active parameter', () => {
    const source = 'x = memcpy(@rax, poi(@rcx + 8), ';
    expect(signatureHelpAt(source, source.length)).toMatchObject({
      label: 'memcpy(destination, source, size)',
      activeParameter: 2,
    });
    expect(signatureHelpAt('x = poi(', 8)?.label).toBe('poi(address)');
    expect(signatureHelpAt('printf("a, b %d", 1, ', 21)).toMatchObject({
      label: 'printf(format, ...)',
      activeParameter: 1,
    });
    expect(signatureHelpAt('x = 1; y = 2', 12)).toBeUndefined();
    expect(signatureHelpAt('my_func(1, ', 11)).toBeUndefined();
  });
});

describe('diagnostics', () => {
  it('accepts a valid script and reports HyperDbg message text with a range for an invalid one', () => {
    expect(diagnose('x = 1; print(x);')).toEqual([]);
    const [diagnostic] = diagnose('print(undefined_var);');
    expect(diagnostic!.message).toBe(
      'Line 0:\nprint(undefined_var);\n                   ^\nSyntax Error: Unresolved Variable',
    );
    expect(diagnostic!.line).toBe(1);
    expect(diagnostic!.column).toBeGreaterThan(0);
    expect(diagnostic!.endColumn).toBeGreaterThanOrEqual(diagnostic!.column);
  });

  it('knows the globals earlier scripts of the session created', () => {
    expect(diagnose('print(.my_counter);')).toHaveLength(1);
    expect(diagnose('print(.my_counter);', { prelude: ['.my_counter = 0;'] })).toEqual([]);
  });
});

describe('worker protocol', () => {
  it('answers each request kind with its id', () => {
    expect(handleLanguageRequest({ kind: 'diagnose', id: 7, source: 'x = ;' })).toMatchObject({
      kind: 'diagnostics',
      id: 7,
    });
    const diagnostics = handleLanguageRequest({ kind: 'diagnose', id: 7, source: 'x = ;' });
    expect(diagnostics.kind === 'diagnostics' && diagnostics.diagnostics.length).toBe(1);
    const completions = handleLanguageRequest({ kind: 'complete', id: 8, source: '@', offset: 1 });
    expect(completions.kind === 'completions' && completions.items.length).toBe(REGISTER_NAMES.length);
    expect(
      handleLanguageRequest({ kind: 'hover', id: 9, source: 'pause();', line: 1, column: 2 }),
    ).toMatchObject({
      kind: 'hover',
      id: 9,
      hover: { startColumn: 1, endColumn: 6 },
    });
  });

  it('answers signature requests', () => {
    expect(handleLanguageRequest({ kind: 'signature', id: 5, source: 'eb(', offset: 3 })).toMatchObject({
      kind: 'signature',
      id: 5,
      signature: { label: 'eb(address, value)', activeParameter: 0 },
    });
  });

  it('rejects malformed requests with a message instead of throwing', () => {
    expect(handleLanguageRequest(null)).toMatchObject({ kind: 'error', id: -1 });
    expect(handleLanguageRequest({ kind: 'complete', id: 3, source: 'x' })).toMatchObject({
      kind: 'error',
      id: 3,
    });
    expect(handleLanguageRequest({ kind: 'rename', id: 4, source: 'x' })).toMatchObject({
      kind: 'error',
      id: 4,
    });
  });
});
