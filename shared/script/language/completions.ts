/**
 * Completion items and hover text for the editor, independent of Monaco's types: the renderer
 * maps `kind` to monaco.languages.CompletionItemKind and `range` to its own ranges.
 */
import { FUNCTION_SHAPES } from './vocabulary';
import {
  BUILTIN_FUNCTIONS,
  KEYWORD_DOCS,
  PSEUDO_REGISTER_DOCS,
  PSEUDO_REGISTERS,
  REGISTERS,
  TYPE_WORDS,
  functionSignature,
  registerDoc,
  type BuiltinFunctionDoc,
} from './builtins';

export type ScriptCompletionKind = 'function' | 'keyword' | 'type' | 'register' | 'pseudoRegister';

export interface ScriptCompletionItem {
  label: string;
  kind: ScriptCompletionKind;
  /** Signature or short type line shown next to the label. */
  detail: string;
  /** One-line description. */
  documentation: string;
  /** Text to insert; for functions a snippet with `${n:param}` placeholders. */
  insertText: string;
  insertTextIsSnippet: boolean;
  /** Text Monaco matches against the typed word (set when it differs from the label). */
  filterText?: string;
}

const FUNCTION_DOCS = new Map(BUILTIN_FUNCTIONS.map((doc) => [doc.name, doc]));

/** Documentation of a built-in function, or undefined when the grammar does not have it. */
export function builtinFunctionDoc(name: string): BuiltinFunctionDoc | undefined {
  return FUNCTION_SHAPES.has(name) ? FUNCTION_DOCS.get(name) : undefined;
}

function functionItem(doc: BuiltinFunctionDoc): ScriptCompletionItem {
  const placeholders = doc.parameters.filter((p) => p !== '...').map((p, i) => `\${${i + 1}:${p}}`);
  return {
    label: doc.name,
    kind: 'function',
    detail: `${functionSignature(doc)}${doc.returnsValue ? ' → value' : ''}`,
    documentation: doc.doc,
    insertText: `${doc.name}(${placeholders.join(', ')})`,
    insertTextIsSnippet: true,
  };
}

function registerItem(name: string, prefix: string): ScriptCompletionItem {
  return {
    ...(prefix === '' ? { filterText: name } : {}),
    label: `@${name}`,
    kind: 'register',
    detail: 'register',
    documentation: registerDoc(name),
    insertText: `${prefix}${name}`,
    insertTextIsSnippet: false,
  };
}

function pseudoItem(name: string, prefix: string): ScriptCompletionItem {
  return {
    ...(prefix === '' ? { filterText: name } : {}),
    label: `$${name}`,
    kind: 'pseudoRegister',
    detail: 'pseudo-register',
    documentation: PSEUDO_REGISTER_DOCS[name] ?? 'pseudo-register',
    insertText: `${prefix}${name}`,
    insertTextIsSnippet: false,
  };
}

/** Every item: all built-in functions, keywords, type words, registers and pseudo-registers. */
export function allCompletionItems(): ScriptCompletionItem[] {
  return [
    ...[...FUNCTION_SHAPES.keys()].map((name) => functionItem(FUNCTION_DOCS.get(name) ?? missingDoc(name))),
    ...Object.entries(KEYWORD_DOCS).map(([label, documentation]) => ({
      label,
      kind: 'keyword' as const,
      detail: 'keyword',
      documentation,
      insertText: label,
      insertTextIsSnippet: false,
    })),
    ...TYPE_WORDS.map((label) => ({
      label,
      kind: 'type' as const,
      detail: 'type',
      documentation: `${label} scalar type`,
      insertText: label,
      insertTextIsSnippet: false,
    })),
    ...REGISTERS.map((name) => registerItem(name, '@')),
    ...PSEUDO_REGISTERS.map((name) => pseudoItem(name, '$')),
  ];
}

function missingDoc(name: string): BuiltinFunctionDoc {
  return { name, parameters: [], returnsValue: false, doc: 'Built-in function.' };
}

/**
 * Items for the cursor at `offset` in `source`: after '@' only registers, after '$' only
 * pseudo-registers (inserted without repeating the sigil), elsewhere everything else. Nothing
 * is offered inside strings and comments.
 */
export function completionsAt(source: string, offset: number): ScriptCompletionItem[] {
  const before = source.slice(0, Math.max(0, Math.min(offset, source.length)));
  if (insideStringOrComment(before)) return [];
  const word = /[@$]?[\w]*$/.exec(before)![0];
  if (word.startsWith('@')) return REGISTERS.map((name) => registerItem(name, ''));
  if (word.startsWith('$')) return PSEUDO_REGISTERS.map((name) => pseudoItem(name, ''));
  return allCompletionItems().filter((item) => item.kind !== 'register' && item.kind !== 'pseudoRegister');
}

function insideStringOrComment(text: string): boolean {
  let inString = false;
  let inBlock = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inBlock) {
      if (c === '*' && text[i + 1] === '/') {
        inBlock = false;
        i++;
      }
    } else if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '/' && text[i + 1] === '*') {
      inBlock = true;
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      const newline = text.indexOf('\n', i);
      if (newline < 0) return true;
      i = newline;
    }
  }
  return inString || inBlock;
}

export interface ScriptHover {
  /** Markdown: a code line with the signature, then the description. */
  contents: string;
  /** 1-based line and columns of the word (end exclusive). */
  line: number;
  startColumn: number;
  endColumn: number;
}

/** Hover for the word at 1-based `line` / `column`: functions, registers, pseudo-registers, keywords. */
export function hoverAt(source: string, line: number, column: number): ScriptHover | undefined {
  const text = source.split('\n')[line - 1];
  if (text === undefined) return undefined;
  const words = /[@$]?[A-Za-z_#][\w]*/g;
  for (let match = words.exec(text); match; match = words.exec(text)) {
    const start = match.index + 1;
    const end = start + match[0].length;
    if (column < start || column > end) continue;
    const word = match[0];
    const contents = describeWord(word);
    return contents === undefined ? undefined : { contents, line, startColumn: start, endColumn: end };
  }
  return undefined;
}

function describeWord(word: string): string | undefined {
  if (word.startsWith('@')) {
    const name = word.slice(1).toLowerCase();
    return REGISTERS.includes(name) ? `\`@${name}\` — ${registerDoc(name)}` : undefined;
  }
  if (word.startsWith('$')) {
    const name = word.slice(1);
    const doc = PSEUDO_REGISTER_DOCS[name];
    if (doc) return `\`$${name}\` — ${doc}`;
    return /^arg\d+$/.test(name)
      ? `\`$${name}\` — script argument ${name.slice(3)} (replaced before compiling)`
      : undefined;
  }
  const fn = builtinFunctionDoc(word);
  if (fn) return `\`\`\`\n${functionSignature(fn)}\n\`\`\`\n${fn.doc}`;
  if (KEYWORD_DOCS[word]) return KEYWORD_DOCS[word];
  if (TYPE_WORDS.includes(word)) return `\`${word}\` scalar type`;
  if (REGISTERS.includes(word)) return `\`${word}\` — ${registerDoc(word)} (register)`;
  return undefined;
}

export interface ScriptSignatureHelp {
  /** `name(param1, param2)` */
  label: string;
  documentation: string;
  parameters: string[];
  /** Index of the parameter the cursor is in (0-based). */
  activeParameter: number;
}

/**
 * Parameter hints for the built-in call that encloses `offset`: the innermost unclosed `name(`
 * before the cursor, with the active parameter counted by top-level commas.
 */
export function signatureHelpAt(source: string, offset: number): ScriptSignatureHelp | undefined {
  const before = source.slice(0, Math.max(0, Math.min(offset, source.length)));
  if (insideStringOrComment(before)) return undefined;
  let depth = 0;
  let commas = 0;
  for (let i = before.length - 1; i >= 0; i--) {
    const c = before[i];
    if (c === '"') {
      // Skip back over a string literal (escaped quotes included).
      for (i--; i >= 0 && !(before[i] === '"' && before[i - 1] !== '\\'); i--);
      continue;
    }
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '[' || c === '{') {
      if (depth === 0) return undefined;
      depth--;
    } else if (c === '(') {
      if (depth > 0) {
        depth--;
        continue;
      }
      const name = /([A-Za-z_]\w*)\s*$/.exec(before.slice(0, i))?.[1];
      const doc = name === undefined ? undefined : builtinFunctionDoc(name);
      if (!doc) return undefined;
      const variadic = doc.parameters.includes('...');
      const last = doc.parameters.length - 1;
      return {
        label: functionSignature(doc),
        documentation: doc.doc,
        parameters: doc.parameters,
        activeParameter: variadic ? Math.min(commas, last) : commas,
      };
    } else if (c === ',' && depth === 0) commas++;
    else if (c === ';' && depth === 0) return undefined;
  }
  return undefined;
}
