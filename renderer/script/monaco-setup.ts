// Loads a lean Monaco (the editor API plus the contributions a script editor needs, no bundled
// languages), points its worker at an ES module worker served from 'self' (strict CSP), and
// registers the HyperDbg script language: Monarch tokenizer, completions, hover, and live
// diagnostics from the real compiler running in a Web Worker.
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution';
import 'monaco-editor/editor/contrib/parameterHints/browser/parameterHints';
import 'monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching';
import 'monaco-editor/editor/contrib/comment/browser/comment';
import 'monaco-editor/editor/contrib/gotoError/browser/gotoError';
import 'monaco-editor/editor/contrib/wordHighlighter/browser/wordHighlighter';
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard';
import 'monaco-editor/features/find/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import DiagnosticsWorker from './diagnostics.worker?worker';
import { FUNCTION_NAMES, LANGUAGE_ID, STATEMENT_KEYWORDS, hoverText, languageItems } from './script-language';
import { markerMessage, type DiagnosticsRequest, type DiagnosticsResponse } from './diagnostics';
import { signatureHelpAt } from '../../shared/script/language/completions';
import { Emitter } from '../../shared/events/emitter';

(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

const DEBOUNCE_MS = 150;

monaco.languages.register({ id: LANGUAGE_ID, extensions: ['.ds'], aliases: ['HyperDbg script'] });
monaco.languages.setLanguageConfiguration(LANGUAGE_ID, {
  comments: { lineComment: '//', blockComment: ['/*', '*/'] },
  brackets: [
    ['{', '}'],
    ['(', ')'],
    ['[', ']'],
  ],
  autoClosingPairs: [
    { open: '{', close: '}' },
    { open: '(', close: ')' },
    { open: '"', close: '"' },
  ],
  wordPattern: /[@$]?[A-Za-z_][\w]*|0x[0-9a-fA-F]+|\d+/,
});
monaco.languages.setMonarchTokensProvider(LANGUAGE_ID, {
  keywords: STATEMENT_KEYWORDS,
  functions: FUNCTION_NAMES,
  tokenizer: {
    root: [
      [/@[a-z0-9]+/, 'variable.predefined'],
      [/\$[a-z_]+/, 'type.identifier'],
      [/#include/, 'keyword'],
      [
        /[A-Za-z_]\w*/,
        { cases: { '@keywords': 'keyword', '@functions': 'predefined', '@default': 'identifier' } },
      ],
      [/0[xX][0-9a-fA-F`]+|0[nN]\d+|0[yY][01]+|0[oO][0-7]+|\d+(\.\d+)?/, 'number'],
      [/L?"/, 'string', '@string'],
      [/\/\/.*$/, 'comment'],
      [/\/\*/, 'comment', '@comment'],
      [/[{}()[\]]/, '@brackets'],
      [/[-+*/%&|^~!<>=]+/, 'operator'],
    ],
    string: [
      [/[^\\"]+/, 'string'],
      [/\\./, 'string.escape'],
      [/"/, 'string', '@pop'],
    ],
    comment: [
      [/[^*/]+/, 'comment'],
      [/\*\//, 'comment', '@pop'],
      [/[*/]/, 'comment'],
    ],
  },
} as monaco.languages.IMonarchLanguage);

const ITEMS = languageItems();
const KIND = {
  function: monaco.languages.CompletionItemKind.Function,
  keyword: monaco.languages.CompletionItemKind.Keyword,
  register: monaco.languages.CompletionItemKind.Variable,
  'pseudo-register': monaco.languages.CompletionItemKind.Constant,
} as const;

monaco.languages.registerCompletionItemProvider(LANGUAGE_ID, {
  triggerCharacters: ['@', '$'],
  provideCompletionItems(model, position) {
    const line = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
    const word = /[@$]?[A-Za-z_]\w*$|[@$]$/.exec(line)?.[0] ?? '';
    const range = new monaco.Range(
      position.lineNumber,
      position.column - word.length,
      position.lineNumber,
      position.column,
    );
    return {
      suggestions: ITEMS.map((i) => ({
        label: i.label,
        kind: KIND[i.kind],
        insertText: i.insert,
        detail: i.detail,
        documentation: i.doc,
        range,
      })),
    };
  },
});

monaco.languages.registerHoverProvider(LANGUAGE_ID, {
  provideHover(model, position) {
    const line = model.getLineContent(position.lineNumber);
    const re = /[@$]?[A-Za-z_]\w*/g;
    for (const m of line.matchAll(re)) {
      const start = (m.index ?? 0) + 1;
      if (position.column >= start && position.column <= start + m[0].length) {
        const text = hoverText(m[0]);
        return text
          ? {
              contents: [{ value: text }],
              range: new monaco.Range(position.lineNumber, start, position.lineNumber, start + m[0].length),
            }
          : null;
      }
    }
    return null;
  },
});

/** Parameter hints for built-in calls (`printf(`, `memcpy(`), from the shared language data. */
monaco.languages.registerSignatureHelpProvider(LANGUAGE_ID, {
  signatureHelpTriggerCharacters: ['(', ','],
  signatureHelpRetriggerCharacters: [','],
  provideSignatureHelp(model, position) {
    const help = signatureHelpAt(model.getValue(), model.getOffsetAt(position));
    if (!help) return null;
    return {
      value: {
        signatures: [
          {
            label: help.label,
            documentation: help.documentation,
            parameters: help.parameters.map((label) => ({ label })),
          },
        ],
        activeSignature: 0,
        activeParameter: help.activeParameter,
      },
      dispose: () => undefined,
    };
  },
});

/** Live diagnostics: debounced per model, compiled in one shared worker, newest answer wins. */
let worker: Worker | null = null;
let nextId = 1;
const waiting = new Map<number, monaco.editor.ITextModel>();
const latest = new WeakMap<monaco.editor.ITextModel, number>();

function diagnosticsWorker(): Worker {
  if (!worker) {
    worker = new DiagnosticsWorker();
    worker.onmessage = (event: MessageEvent<DiagnosticsResponse>) => {
      const model = waiting.get(event.data.id);
      waiting.delete(event.data.id);
      if (!model || model.isDisposed() || latest.get(model) !== event.data.id) return;
      monaco.editor.setModelMarkers(
        model,
        'hyperdbg-compiler',
        event.data.diagnostics.map((d) => ({
          severity: monaco.MarkerSeverity.Error,
          message: markerMessage(d),
          startLineNumber: d.line,
          startColumn: d.column,
          endLineNumber: d.endLine,
          endColumn: d.endColumn,
        })),
      );
      diagnosticsEvents.emit('updated', model);
    };
  }
  return worker;
}

const diagnosticsEvents = new Emitter<{ updated: monaco.editor.ITextModel }>();

/** Subscribes to "markers of this model were updated". */
export function onDiagnosticsUpdated(listener: (model: monaco.editor.ITextModel) => void): () => void {
  return diagnosticsEvents.on('updated', listener);
}

export function watchDiagnostics(model: monaco.editor.ITextModel): monaco.IDisposable {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = () => {
    const id = nextId++;
    latest.set(model, id);
    waiting.set(id, model);
    const request: DiagnosticsRequest = { id, source: model.getValue() };
    diagnosticsWorker().postMessage(request);
  };
  check();
  const sub = model.onDidChangeContent(() => {
    clearTimeout(timer);
    timer = setTimeout(check, DEBOUNCE_MS);
  });
  return {
    dispose: () => {
      clearTimeout(timer);
      sub.dispose();
    },
  };
}

// Monaco's own themes leave the `predefined` token (built-ins such as poi, printf) uncoloured.
const TOKEN_RULES = (dark: boolean): monaco.editor.ITokenThemeRule[] => [
  { token: 'predefined', foreground: dark ? 'dcdcaa' : '795e26' },
  { token: 'variable.predefined', foreground: dark ? '9cdcfe' : '001080' },
  { token: 'type.identifier', foreground: dark ? '4ec9b0' : '267f99' },
];
monaco.editor.defineTheme('hds-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: TOKEN_RULES(true),
  colors: {},
});
monaco.editor.defineTheme('hds-light', { base: 'vs', inherit: true, rules: TOKEN_RULES(false), colors: {} });

export function applyTheme(theme: 'dark' | 'light'): void {
  monaco.editor.setTheme(theme === 'dark' ? 'hds-dark' : 'hds-light');
}

export { monaco };
