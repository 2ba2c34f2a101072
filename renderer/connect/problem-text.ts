// One message out of the several places a connection problem reaches the pane (the connect call's
// outcome, the session state's detail, the handshake's hints): HyperDbg's `err, ` prefix dropped,
// repeats removed, and the advice after the first `; ` shown as the next step.
import { withoutErrPrefix } from '../ui/errors';

export interface Problem {
  /** What went wrong. */
  readonly what: string;
  /** What to do about it (advice from the message itself and the other distinct hints). */
  readonly next: readonly string[];
}

/** Splits "what; what to do" at its first `; ` (the form of the session core's messages). */
function splitAdvice(text: string): [string, string | null] {
  const at = text.indexOf('; ');
  return at < 0 ? [text, null] : [text.slice(0, at), text.slice(at + 2)];
}

/** The first message is the problem; every distinct remaining text is a next step. Null when none. */
export function combineProblem(messages: readonly (string | null | undefined)[]): Problem | null {
  const texts = messages.filter((m): m is string => !!m && m.trim() !== '').map(withoutErrPrefix);
  const [first, ...rest] = texts;
  if (first === undefined) return null;
  const [what, advice] = splitAdvice(first);
  const next: string[] = [];
  for (const text of [advice, ...rest]) {
    if (text === null || text === first || text === what || next.includes(text)) continue;
    next.push(text);
  }
  return { what, next };
}
