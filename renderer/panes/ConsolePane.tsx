// The console: HyperDbg command line with highlighting, history (↑/↓ with prefix search), Tab
// completion, multi-line `{ }` input, Enter-repeats-step, and output whose addresses open in
// Memory (click) or Disassembly (Ctrl+click).
import {
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent as ReactKeyboardEvent,
} from 'react';
import { useServices, useSession } from '../app/context';
import {
  commonPrefix,
  needsMoreLines,
  repeatableCommand,
  splitAddresses,
  tokenizeCommandLine,
} from '../console/command-syntax';
import { emptyHistory, historyDown, historyUp, pushHistory } from '../console/history';
import { completeWithSymbols } from '../console/symbol-completion';
import { FUNCTION_SHAPES } from '../../shared/script/language/vocabulary';
import type { ConsoleLine } from '../state/session-reducer';

const FUNCTIONS = [...FUNCTION_SHAPES.keys()];
const ROW = 17;

function OutputLine({ line }: { line: ConsoleLine }) {
  const { ui } = useServices();
  const parts = useMemo(() => splitAddresses(line.text), [line.text]);
  return (
    <div className={`cline c-${line.stream}`} style={{ height: ROW }}>
      {parts.map((p, i) =>
        p.address ? (
          <a
            key={i}
            href="#"
            className="addr"
            title="click: Memory · Ctrl+click: Disassembly"
            onClick={(e) => {
              e.preventDefault();
              if (e.ctrlKey || e.metaKey) ui.getState().showDisassembly(p.address!);
              else ui.getState().showMemory(p.address!);
            }}
          >
            {p.text}
          </a>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </div>
  );
}

function ConsoleOutput() {
  const lines = useSession((s) => s.console);
  const dropped = useSession((s) => s.consoleDropped);
  const ref = useRef<HTMLDivElement>(null);
  const [scroll, setScroll] = useState({ top: 0, height: 400 });
  const stick = useRef(true);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [lines]);
  const total = lines.length;
  const first = Math.max(0, Math.floor(scroll.top / ROW) - 5);
  const last = Math.min(total, Math.ceil((scroll.top + scroll.height) / ROW) + 5);
  return (
    <div
      className="console-output"
      ref={ref}
      data-testid="console-output"
      onScroll={(e) => {
        const el = e.currentTarget;
        stick.current = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW;
        setScroll({ top: el.scrollTop, height: el.clientHeight });
      }}
    >
      {dropped > 0 && (
        <div className="note">
          {dropped} older lines dropped from the console (the log store keeps debuggee output)
        </div>
      )}
      <div style={{ height: total * ROW, position: 'relative' }}>
        <div style={{ position: 'absolute', top: first * ROW, left: 0, right: 0 }}>
          {lines.slice(first, last).map((l) => (
            <OutputLine key={l.id} line={l} />
          ))}
        </div>
      </div>
    </div>
  );
}

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
  const [history, setHistory] = useState(emptyHistory);
  const [completion, setCompletion] = useState<{
    from: number;
    items: readonly string[];
    index: number;
  } | null>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const lastCommand = history.entries[history.entries.length - 1];

  useEffect(() => setCompletion(null), [text]);

  const submit = (line: string) => {
    const command = line.trim() === '' ? repeatableCommand(lastCommand) : line;
    if (!command) return;
    setHistory((h) => pushHistory(h, command));
    setText('');
    void session.getState().execute(command);
  };

  const applyCompletion = (item: string, from: number) => {
    const caret = inputRef.current?.selectionStart ?? text.length;
    const next = text.slice(0, from) + item + text.slice(caret);
    setText(next);
    requestAnimationFrame(() => inputRef.current?.setSelectionRange(from + item.length, from + item.length));
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
          if (prefix.length > caret - result.from) applyCompletion(prefix, result.from);
          setCompletion({ from: result.from, items: result.items, index: 0 });
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

  const prompt = phase === 'paused' ? 'kHyperDbg>' : phase === 'running' ? 'running' : phase;
  return (
    <div className="console">
      <ConsoleOutput />
      <div className="console-input">
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
    </div>
  );
}
