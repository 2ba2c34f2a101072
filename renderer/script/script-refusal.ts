// Whether the Script pane's text may be sent: the compiler's first error (HyperDbg's cause plus our
// hint) refuses it before anything reaches the debuggee.
import { compileScript } from '../../shared/script/index';
import { markerMessage } from './diagnostics';
import { explainError } from './explain';

/** Why the script must not be sent (its first compile error, with our hint), or null when it compiles. */
export function scriptRefusal(text: string): string | null {
  const result = compileScript(text);
  if (result.ok) return null;
  const hint = explainError(text, result.error);
  const where = `line ${result.error.line}, column ${result.error.column}`;
  return `not sent: the script has an error at ${where}: ${markerMessage(hint ? { ...result.error, hint } : result.error).replace('\n', '; ')}`;
}
