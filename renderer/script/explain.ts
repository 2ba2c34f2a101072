// Our second line under HyperDbg's exact compiler message, where the source shows more than
// "Invalid Syntax" says: a statement missing its `;`, or a pseudo-register v0.23 does not know
// (the docs' `$stage` is `$event_stage` in v0.23's compiler).
import { PSEUDO_REGISTER_NAMES } from '../../shared/script/generated/tables';
import type { CompileError } from '../../shared/script/types';

/** Names the HyperDbg docs use that v0.23's compiler spells differently. */
const DOC_SPELLINGS: Readonly<Record<string, string>> = { stage: 'event_stage', tag: 'event_tag' };

function offsetOf(source: string, line: number, column: number): number {
  const lines = source.split('\n');
  let offset = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i]!.length + 1;
  return offset + column - 1;
}

function pseudoRegisterHint(name: string): string | undefined {
  if (PSEUDO_REGISTER_NAMES.includes(name)) return undefined;
  const documented = DOC_SPELLINGS[name];
  if (documented)
    return `did you mean $${documented}? the docs call it $${name}, v0.23's compiler knows only $${documented}`;
  const near = PSEUDO_REGISTER_NAMES.find((p) => p.includes(name) || name.includes(p));
  const known = PSEUDO_REGISTER_NAMES.map((p) => `$${p}`).join(', ');
  return near
    ? `did you mean $${near}? ($${name} is not a pseudo-register)`
    : `$${name} is not a pseudo-register; v0.23 knows ${known}`;
}

/** The statement text before `offset` that probably lacks its `;` (null when the end looks complete). */
function unterminatedBefore(source: string, offset: number): string | null {
  const before = source
    .slice(0, offset)
    .replace(/\/\/[^\n]*$/gm, '')
    .trimEnd();
  const last = before.at(-1);
  if (last === undefined || /[;{}(,=+\-*/%&|^!<>~]/.test(last)) return null;
  const statement = before
    .slice(Math.max(before.lastIndexOf(';'), before.lastIndexOf('{'), before.lastIndexOf('}')) + 1)
    .trim();
  if (statement === '' || /^(if|elsif|while|for)\b/.test(statement) || statement === 'else') return null;
  return statement.length > 40 ? `…${statement.slice(-40)}` : statement;
}

/** Our hint for a compile error, or undefined when HyperDbg's message says it all. */
export function explainError(source: string, error: CompileError): string | undefined {
  const at = offsetOf(source, error.line, error.column);
  const token = /^\$([A-Za-z_]\w*)/.exec(source.slice(at));
  if (token) {
    const hint = pseudoRegisterHint(token[1]!);
    if (hint) return hint;
  }
  if (!/Invalid Syntax/.test(error.message)) return undefined;
  const statement = unterminatedBefore(source, at);
  return statement === null ? undefined : `expected ';' after '${statement}'`;
}
