// Web Worker: compiles scripts with the real HyperDbg-compatible compiler off the UI thread and
// answers with editor diagnostics. The editor debounces and only keeps the newest answer.
import { compileScript } from '../../shared/script/index';
import { toDiagnostics, type DiagnosticsRequest, type DiagnosticsResponse } from './diagnostics';
import { explainError } from './explain';

self.onmessage = (event: MessageEvent<DiagnosticsRequest>) => {
  const { id, source } = event.data;
  let response: DiagnosticsResponse;
  try {
    // An empty editor is not an error worth a red squiggle.
    const errors = source.trim() === '' ? [] : toDiagnostics(compileScript(source));
    response = {
      id,
      diagnostics: errors.map((e) => {
        const hint = explainError(source, e);
        return hint ? { ...e, hint } : e;
      }),
    };
  } catch (error) {
    response = {
      id,
      diagnostics: [
        { message: `compiler failure: ${String(error)}`, line: 1, column: 1, endLine: 1, endColumn: 2 },
      ],
    };
  }
  (self as unknown as Worker).postMessage(response);
};
