/**
 * Monarch tokenizer and language configuration for HyperDbg scripts, as plain data (the
 * renderer passes them to `monaco.languages.setMonarchTokensProvider` / `setLanguageConfiguration`).
 * Words are classified in the compiler's order: keywords and built-in functions, then registers
 * (also without '@'), then type words, then names made only of hex digits, which HyperDbg reads
 * as hex numbers (`a`, `face`), then plain names.
 *
 * Token classes: keyword, type, predefined (built-in function), variable.predefined (register),
 * variable.pseudo ($pseudo-register, $argN), variable.global (.name), number / number.hex /
 * number.float, string, string.escape, string.wide, comment, operator, delimiter, identifier.
 */
import { FUNCTION_SHAPES, KEYWORDS } from './vocabulary';
import { PSEUDO_REGISTERS, REGISTERS, TYPE_WORDS } from './builtins';

export const HYPERDBG_SCRIPT_LANGUAGE_ID = 'hyperdbg-script';

const statementKeywords = [...KEYWORDS].filter((k) => !FUNCTION_SHAPES.has(k) && k !== '#include');

/** How a bare word is classified, in the compiler's order. */
const WORD_CASES = {
  cases: {
    '@keywords': 'keyword',
    '@functions': 'predefined',
    '@registers': 'variable.predefined',
    '@typeKeywords': 'type',
    '~[0-9a-fA-F`]+': 'number.hex',
    '@default': 'identifier',
  },
};

export const hyperdbgScriptMonarch = {
  defaultToken: 'invalid',
  tokenPostfix: '.hds',
  keywords: statementKeywords,
  functions: [...FUNCTION_SHAPES.keys()],
  registers: [...REGISTERS],
  pseudoRegisters: [...PSEUDO_REGISTERS],
  typeKeywords: [...TYPE_WORDS],
  operators: [
    '=',
    '+=',
    '-=',
    '*=',
    '/=',
    '%=',
    '<<=',
    '>>=',
    '&=',
    '^=',
    '|=',
    '==',
    '!=',
    '<=',
    '>=',
    '<',
    '>',
    '&&',
    '||',
    '!',
    '~',
    '+',
    '-',
    '*',
    '/',
    '%',
    '<<',
    '>>',
    '&',
    '|',
    '^',
    '++',
    '--',
    '->',
    '?',
    ':',
  ],
  symbols: /[=><!~?:&|+\-*/^%]+/,
  escapes: /\\(?:[nt\\"]|x[0-9a-fA-F]{1,2})/,
  tokenizer: {
    root: [
      [/#include\b/, 'keyword'],
      [/@([a-zA-Z_]\w*)/, { cases: { '$1@registers': 'variable.predefined', '@default': 'invalid' } }],
      [/\$arg\d+/, 'variable.pseudo'],
      [/\$([a-zA-Z_]\w*)/, { cases: { '$1@pseudoRegisters': 'variable.pseudo', '@default': 'invalid' } }],
      // `name.member` is a member access; a '.' that starts a name is a global variable.
      [/([a-zA-Z_][\w!]*)(\.)([a-zA-Z_]\w*)/, [WORD_CASES, 'delimiter', 'identifier']],
      [/\.[a-zA-Z_]\w*/, 'variable.global'],
      { include: '@whitespace' },
      [/L"/, { token: 'string.wide', next: '@wideString' }],
      [/"/, { token: 'string', next: '@string' }],
      // Numbers: 0x hex, 0n decimal, 0y binary, 0o octal, floats, and bare hex (the default base).
      [/0[xX][0-9a-fA-F`]+/, 'number.hex'],
      [/0[nN][0-9`]+/, 'number'],
      [/0[yY][01`]+/, 'number'],
      [/0[oO][0-7`]+/, 'number'],
      [/\d+\.\d*|\.\d+/, 'number.float'],
      [/\d[0-9a-fA-F`]*/, 'number.hex'],
      [/[a-zA-Z_!][\w!`]*/, WORD_CASES],
      [/[{}()[\]]/, '@brackets'],
      [/[;,.]/, 'delimiter'],
      [/@symbols/, { cases: { '@operators': 'operator', '@default': 'invalid' } }],
    ],
    whitespace: [
      [/[ \t\r\n]+/, ''],
      [/\/\*/, 'comment', '@comment'],
      [/\/\/.*$/, 'comment'],
    ],
    comment: [
      [/[^/*]+/, 'comment'],
      [/\*\//, 'comment', '@pop'],
      [/[/*]/, 'comment'],
    ],
    string: [
      [/[^\\"]+/, 'string'],
      [/@escapes/, 'string.escape'],
      [/\\./, 'string.escape.invalid'],
      [/"/, { token: 'string', next: '@pop' }],
    ],
    wideString: [
      [/[^\\"]+/, 'string.wide'],
      [/@escapes/, 'string.escape'],
      [/\\./, 'string.escape.invalid'],
      [/"/, { token: 'string.wide', next: '@pop' }],
    ],
  },
};

/**
 * Brackets, comments and auto-closing pairs (monaco.languages.LanguageConfiguration), for the
 * renderer's editor to register.
 * @public
 */
export const hyperdbgScriptLanguageConfiguration = {
  comments: { lineComment: '//', blockComment: ['/*', '*/'] as [string, string] },
  brackets: [
    ['{', '}'],
    ['[', ']'],
    ['(', ')'],
  ] as [string, string][],
  autoClosingPairs: [
    { open: '{', close: '}' },
    { open: '[', close: ']' },
    { open: '(', close: ')' },
    { open: '"', close: '"', notIn: ['string', 'comment'] },
  ],
  surroundingPairs: [
    { open: '{', close: '}' },
    { open: '(', close: ')' },
    { open: '"', close: '"' },
  ],
};
