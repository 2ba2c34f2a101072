// Web Worker: compiles scripts with the real HyperDbg-compatible compiler off the UI thread and
// answers with editor diagnostics. The editor debounces and only keeps the newest answer.
import { compileScript } from '../../shared/script/index';
import { toDiagnostics, type DiagnosticsRequest, type DiagnosticsResponse } from './diagnostics';

self.onmessage = (event: MessageEvent<DiagnosticsRequest>) => {
  const { id, source } = event.data;
  let response: DiagnosticsResponse;
  try {
    // An empty editor is not an error worth a red squiggle.
    response = { id, diagnostics: source.trim() === '' ? [] : toDiagnostics(compileScript(source)) };
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
