// Script pane: Monaco with the HyperDbg language service, open/save `.ds` files, run as `?`
// (Ctrl+Enter), and attach the script to a new event in the designer. Diagnostics are listed
// under the editor too, so they are readable without hovering.
import { useEffect, useRef, useState } from 'react';
import { useServices, useUi } from '../app/context';
import ScriptEditor from './ScriptEditor';
import { monaco, onDiagnosticsUpdated } from './monaco-setup';
import { runScriptEditor } from './script-actions';

interface Marker {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export default function ScriptPane() {
  const services = useServices();
  const { ui } = services;
  const text = useUi((s) => s.scriptText);
  const toLoad = useUi((s) => s.scriptToLoad);
  const fileName = useUi((s) => s.scriptFileName);
  const [markers, setMarkers] = useState<Marker[]>([]);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (toLoad) ui.getState().setScriptText(toLoad.text);
  }, [toLoad, ui]);

  useEffect(
    () =>
      onDiagnosticsUpdated((model) => {
        if (model !== editorRef.current?.getModel()) return;
        setMarkers(
          monaco.editor
            .getModelMarkers({ resource: model.uri })
            .map((m) => ({ line: m.startLineNumber, column: m.startColumn, message: m.message })),
        );
      }),
    [],
  );

  // The store restored the open script at startup; the editor starts from it. A new revision
  // replaces the editor's text (a file opened, an event's script loaded).
  const [revision, setRevision] = useState(0);
  useEffect(() => {
    if (toLoad) setRevision((r) => r + 1);
  }, [toLoad]);

  const open = async (file: File) => {
    ui.getState().setScriptText(await file.text(), file.name);
    setRevision((r) => r + 1);
  };

  const save = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName.endsWith('.ds') ? fileName : `${fileName}.ds`;
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <div className="script-pane">
      <div className="row">
        <button onClick={() => fileInput.current?.click()}>Open .ds…</button>
        <input
          ref={fileInput}
          type="file"
          accept=".ds,.txt"
          hidden
          onChange={(e) => e.target.files?.[0] && void open(e.target.files[0])}
        />
        <button onClick={save}>Save</button>
        <span className="mono dim">{fileName}</span>
        <span className="spacer" />
        <button className="primary" onClick={() => void runScriptEditor(services)} title="Ctrl+Enter">
          Run as ?
        </button>
        <button
          onClick={() => ui.getState().attachScript(text)}
          title="use this script as the action of a new event"
        >
          Attach to event…
        </button>
      </div>
      <ScriptEditor
        value={text}
        revision={revision}
        onChange={(v) => ui.getState().setScriptText(v)}
        ariaLabel="script editor"
        onEditor={(e) => (editorRef.current = e)}
      />
      <div className="diagnostics" data-testid="script-diagnostics" aria-live="polite">
        {markers.length === 0 ? (
          <span className="ok">no problems</span>
        ) : (
          markers.map((m, i) => (
            <button
              key={i}
              className="diag"
              data-line={m.line}
              onClick={() => {
                editorRef.current?.setPosition({ lineNumber: m.line, column: m.column });
                editorRef.current?.focus();
              }}
            >
              Line {m.line}, col {m.column}: {m.message}
            </button>
          ))
        )}
      </div>
    </div>
  );
}
