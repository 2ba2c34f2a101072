// A Monaco editor for HyperDbg scripts (used by the Script pane and the event designer), with
// live compiler diagnostics. The model is owned here: typing flows out through onChange, and
// `value` is pushed into the model only when `revision` changes (a file was opened, a script was
// attached), never as an echo of typing — a lagging echo would move the cursor mid-word.
import { useEffect, useRef } from 'react';
import { applyTheme, monaco, watchDiagnostics } from './monaco-setup';
import { LANGUAGE_ID } from './script-language';
import { useUi } from '../app/context';

export interface ScriptEditorProps {
  value: string;
  onChange(value: string): void;
  ariaLabel: string;
  /** Bump to replace the editor's text with `value`. */
  revision?: number;
  height?: number;
  onEditor?(editor: monaco.editor.IStandaloneCodeEditor): void;
}

export default function ScriptEditor({
  value,
  onChange,
  ariaLabel,
  revision,
  height,
  onEditor,
}: ScriptEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const valueRef = useRef(value);
  valueRef.current = value;
  const theme = useUi((s) => s.layout.theme);

  useEffect(() => {
    if (!host.current) return;
    const model = monaco.editor.createModel(value, LANGUAGE_ID);
    const editor = monaco.editor.create(host.current, {
      model,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      lineNumbersMinChars: 3,
      scrollBeyondLastLine: false,
      ariaLabel,
      fixedOverflowWidgets: true,
      wordWrap: 'on',
    });
    editorRef.current = editor;
    const diagnostics = watchDiagnostics(model);
    const sub = model.onDidChangeContent(() => onChangeRef.current(model.getValue()));
    onEditor?.(editor);
    return () => {
      sub.dispose();
      diagnostics.dispose();
      editor.dispose();
      model.dispose();
    };
    // The editor is created once; later `value` changes are applied below.
  }, []);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model && revision !== undefined && model.getValue() !== valueRef.current)
      model.setValue(valueRef.current);
  }, [revision]);

  useEffect(() => applyTheme(theme), [theme]);

  return (
    <div
      className="monaco-host"
      ref={host}
      style={height ? { height } : undefined}
      data-testid="script-editor"
    />
  );
}
