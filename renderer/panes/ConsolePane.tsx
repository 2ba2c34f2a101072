// The console: HyperDbg command line with highlighting, history (↑/↓ with prefix search, kept
// across reloads), Tab completion, multi-line `{ }` input, Enter-repeats-step, Ctrl+C to break
// in, `.cls` and a clear button; the output list is ConsoleOutput.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useServices, useSession } from '../app/context';
import {
  commonPrefix,
  needsMoreLines,
  repeatableCommand,
  tokenizeCommandLine,
} from '../console/command-syntax';
import { emptyHistory, historyDown, historyUp, pushHistory, type HistoryState } from '../console/history';
import { completeWithSymbols } from '../console/symbol-completion';
import { FUNCTION_SHAPES } from '../../shared/script/language/vocabulary';
import { ConsoleOutput } from '../console/ConsoleOutput';
import { loadHistory, saveHistory } from '../console/console-persistence';
import { helpForLine } from '../console/command-hover';
import { helpTooltip } from '../../shared/command-help/help';

const FUNCTIONS = [...FUNCTION_SHAPES.keys()];
/** Typed in the console, these clear this window's console instead of going to the debuggee. */
const CLEAR_COMMANDS = /^\s*(\.cls|cls|clear)\s*$/i;

function Highlighted({ text }: { text: string }) {
  const tokens = useMemo(() => tokenizeCommandLine(text), [text]);
  return (
    <>
      {tokens.map((t, i) => (
        <span key={i} className={`tk-${t.kind}`}>
          {t.text}
        </span>
      ))}
      {'\n'}
    </>
  );
}

export function ConsolePane() {
  const { session, client } = useServices();
  const phase = useSession((s) => s.session.phase);
  const events = useSession((s) => s.events);
  const symbols = useMemo(() => events.map((e) => e.target).filter((t) => t.includes('!')), [events]);
  const [text, setText] = useState('');
  // The line a pending Tab answer must still match (read after the host answers).
  const textRef = useRef(text);
  useEffect(() => {
    textRef.current = text;
  }, [text]);
  const [history, setHistory] = useState<HistoryState>(() => ({
    ...emptyHistory(),
    entries: loadHistory(localStorage),
  }));
  useEffect(() => saveHistory(localStorage, history.entries), [history.entries]);
  // The list belongs to the line it was computed for: any other edit hides it (a Tab that extends
  // the word to the candidates' common prefix keeps it, since it records the extended line).
  const [listed, setCompletion] = useState<{
    forText: string;
    from: number;
    items: readonly string[];
    index: number;
  } | null>(null);
  const completion = listed?.forText === text ? listed : null;
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const lastCommand = history.entries[history.entries.length - 1];

  const submit = (line: string) => {
    const command = line.trim() === '' ? repeatableCommand(lastCommand) : line;
    if (!command) return;
    setHistory((h) => pushHistory(h, command));
    setText('');
    if (CLEAR_COMMANDS.test(command)) session.getState().clearConsole();
    else void session.getState().execute(command);
  };

  const applyCompletion = (item: string, from: number): string => {
    const caret = inputRef.current?.selectionStart ?? text.length;
    const next = text.slice(0, from) + item + text.slice(caret);
    setText(next);
    requestAnimationFrame(() => inputRef.current?.setSelectionRange(from + item.length, from + item.length));
    return next;
  };

  const onKeyDown = (e: ReactKeyboardEvent<HTMLTextAreaElement>) => {
    const el = e.currentTarget;
    const onFirstLine = !text.slice(0, el.selectionStart).includes('\n');
    const onLastLine = !text.slice(el.selectionEnd).includes('\n');
    if (completion && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      e.preventDefault();
      const delta = e.key === 'ArrowDown' ? 1 : -1;
      setCompletion({
        ...completion,
        index: (completion.index + delta + completion.items.length) % completion.items.length,
      });
      return;
    }
    if (completion && (e.key === 'Enter' || e.key === 'Tab')) {
      e.preventDefault();
      applyCompletion(completion.items[completion.index], completion.from);
      setCompletion(null);
      return;
    }
    if (e.key === 'Escape') {
      setCompletion(null);
      return;
    }
    // Ctrl+C breaks in, as hyperdbg-cli's "press CTRL+C" says, unless text is selected to copy.
    if (e.ctrlKey && !e.shiftKey && e.key.toLowerCase() === 'c') {
      const selected =
        el.selectionStart !== el.selectionEnd || (window.getSelection()?.toString() ?? '') !== '';
      if (!selected) {
        e.preventDefault();
        if (phase === 'running') void session.getState().pause();
        return;
      }
    }
    if (e.key === 'Tab') {
      e.preventDefault();
      const line = text;
      const caret = el.selectionStart;
      void completeWithSymbols(client, line, caret, { functions: FUNCTIONS, symbols }).then((result) => {
        // The answer is for the line as it was when Tab was pressed.
        if (textRef.current !== line) return;
        if (result.items.length === 1) applyCompletion(result.items[0] + ' ', result.from);
        else if (result.items.length > 1) {
          const prefix = commonPrefix(result.items);
          const shown = prefix.length > caret - result.from ? applyCompletion(prefix, result.from) : line;
          setCompletion({ forText: shown, from: result.from, items: result.items, index: 0 });
        }
      });
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.ctrlKey) {
      if (needsMoreLines(text)) return; // newline inside an open { } block
      e.preventDefault();
      submit(text);
      return;
    }
    if (e.key === 'ArrowUp' && onFirstLine) {
      e.preventDefault();
      const step = historyUp(history, text);
      setHistory(step.state);
      setText(step.text);
    } else if (e.key === 'ArrowDown' && onLastLine) {
      e.preventDefault();
      const step = historyDown(history, text);
      setHistory(step.state);
      setText(step.text);
    }
  };

  const typedHelp = helpForLine(text);
  const prompt = phase === 'paused' ? 'kHyperDbg>' : phase === 'running' ? 'running' : phase;
  return (
    <div className="console">
      <ConsoleOutput />
      <div className="console-input">
        <button
          type="button"
          className="console-clear"
          title="clear the console (.cls); the log store keeps every message"
          aria-label="clear console"
          onClick={() => session.getState().clearConsole()}
        >
          ⌫
        </button>
        <span className="prompt" data-testid="console-prompt">
          {prompt}
        </span>
        <div className="input-stack">
          <pre className="input-highlight" aria-hidden="true">
            <Highlighted text={text} />
          </pre>
          <textarea
            ref={inputRef}
            data-autofocus
            aria-label="console command"
            data-testid="console-input"
            spellCheck={false}
            rows={Math.min(12, text.split('\n').length)}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKeyDown}
            title={typedHelp && helpTooltip(typedHelp)}
          />
          {completion && (
            <ul className="completion" role="listbox" aria-label="completions">
              {completion.items.map((item, i) => (
                <li
                  key={item}
                  role="option"
                  aria-selected={i === completion.index}
                  onMouseDown={(e) => {
                    e.preventDefault();
                    applyCompletion(item, completion.from);
                    setCompletion(null);
                  }}
                >
                  {item}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      {typedHelp && (
        <div className="command-hint mono" data-testid="command-hint">
          {typedHelp.syntax[0]}{' '}
          <span className="dim">
            · e.g. {typedHelp.examples[0]} · .help {typedHelp.names[0]}
          </span>
        </div>
      )}
    </div>
  );
}
